package dev.flm.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.data.Attributes;
import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.DemoData;
import dev.flm.data.Impressions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
  @TempDir Path tmp;

  private Path write(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private static String text(Dataset d, String field, String itemId) {
    return ((Attributes.TextField) d.items().field(field)).values()[d.itemIndex().indexOf(itemId)];
  }

  private static String[] cats(Dataset d, String field, String itemId) {
    return ((Attributes.CategoricalField) d.items().field(field))
        .values()[d.itemIndex().indexOf(itemId)];
  }

  private static float num(Dataset d, String field, String itemId) {
    return ((Attributes.NumericField) d.items().field(field))
        .values()[d.itemIndex().indexOf(itemId)];
  }

  @Test
  void movieLensLatestCsvKeepsUnratedMoviesAndAggregatesTags() throws Exception {
    write(
        "ml/movies.csv",
        "movieId,title,genres\n1,\"Heat, The (1995)\",Action|Crime\n"
            + "2,Nobody Rated (2001),(no genres listed)\n10,Ten (1990),Drama\n");
    write("ml/ratings.csv", "userId,movieId,rating,timestamp\n7,10,3.5,100\n7,1,5.0,200\n");
    write("ml/tags.csv", "userId,movieId,tag,timestamp\n7,1,gritty,5\n8,1,gritty,6\n8,1,LA,7\n");
    Dataset d = DataLoader.load(tmp.resolve("ml"));
    assertThat(d.itemIndex().ids()).containsExactly("1", "2", "10");
    assertThat(d.interactions().size()).isEqualTo(2);
    assertThat(text(d, "title", "1")).isEqualTo("Heat, The (1995)");
    assertThat(cats(d, "genres", "2")).isEmpty();
    assertThat(num(d, "year", "2")).isEqualTo(2001f);
    assertThat(text(d, "tags", "1")).isEqualTo("gritty, LA");
    assertThat(d.items().defaultText(d.itemIndex().indexOf("1")))
        .isEqualTo("title: Heat, The (1995). genres: Action, Crime. tags: gritty, LA");
  }

  @Test
  void movieLens100kReadsDataItemsAndUsers() throws Exception {
    String flags = "|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|1";
    write("k/u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n");
    write(
        "k/u.item",
        "242|Kolya (1996)|24-Jan-1997||http://x"
            + flags
            + "\n"
            + "302|L.A. Confidential (1997)|01-Jan-1997||http://y"
            + flags
            + "\n"
            + "5|Unrated (1995)|01-Jan-1995||http://z"
            + flags.replace("|1", "|0")
            + "\n");
    write("k/u.user", "196|49|M|writer|55105\n186|39|F|executive|00000\n");
    Dataset d = DataLoader.load(tmp.resolve("k"));
    assertThat(d.itemIndex().ids()).containsExactly("5", "242", "302");
    assertThat(d.userIndex().ids()).containsExactly("186", "196");
    assertThat(cats(d, "genres", "242")).containsExactly("Action", "Western");
    assertThat(cats(d, "genres", "5")).isEmpty();
    assertThat(num(d, "year", "302")).isEqualTo(1997f);
    int u = d.userIndex().indexOf("196");
    assertThat(((Attributes.CategoricalField) d.users().field("occupation")).values()[u])
        .containsExactly("writer");
    assertThat(d.interactions().timestamps()).contains(881250949L);
  }

  @Test
  void movieLens1mDatUsesDoubleColonAndLatin1Titles() throws Exception {
    write("m/ratings.dat", "1::1193::5::978300760\n2::661::3::978302109\n");
    Files.write(
        tmp.resolve("m/movies.dat"),
        "1193::Mis\u00e9rables, Les (1995)::Drama\n661::James (1996)::Animation|Children's\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    write("m/users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n");
    Dataset d = DataLoader.load(tmp.resolve("m"));
    assertThat(d.interactions().size()).isEqualTo(2);
    assertThat(text(d, "title", "1193")).isEqualTo("Mis\u00e9rables, Les (1995)");
    assertThat(cats(d, "genres", "661")).containsExactly("Animation", "Children's");
    assertThat(((Attributes.NumericField) d.users().field("age")).values()[1]).isEqualTo(56f);
  }

  @Test
  void recBoleAtomicFilesWithTypedHeaders() throws Exception {
    write(
        "rb/ml.inter",
        "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
            + "1\t10\t4.0\t881250949\n2\t11\t2\t881250950.0\n");
    write(
        "rb/ml.item",
        "item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\n"
            + "10\tToy Story\t1995\tAnimation Comedy\n11\t\u7ea2\u697c\u68a6\t1987\tDrama\n"
            + "12\tUnrated\t2000\t\n");
    write("rb/ml.user", "user_id:token\tage:float\tgender:token\n1\t24\tM\n2\t53\tF\n");
    LoadResult r = DataLoader.load(tmp.resolve("rb"), ReadOptions.defaults());
    Dataset d = r.dataset();
    assertThat(r.report().format()).isEqualTo("recbole");
    assertThat(d.itemIndex().size()).isEqualTo(3);
    assertThat(text(d, "movie_title", "11")).isEqualTo("\u7ea2\u697c\u68a6");
    assertThat(cats(d, "class", "10")).containsExactly("Animation", "Comedy");
    assertThat(cats(d, "release_year", "10")).containsExactly("1995");
    assertThat(d.interactions().timestamps()).containsExactly(881250949L, 881250950L);
    assertThat(((Attributes.NumericField) d.users().field("age")).values()[1]).isEqualTo(53f);
    assertThat(d.items().defaultText(d.itemIndex().indexOf("10")))
        .isEqualTo("movie_title: Toy Story. release_year: 1995. class: Animation, Comedy");
  }

  @Test
  void mindKeepsHistoriesClicksAndImpressionNegatives() throws Exception {
    write(
        "mind/news.tsv",
        "N1\tsports\tfootball\tBig match\tAn abstract\thttp://u\t[]\t[]\n"
            + "N2\tnews\tworld\t\u4e2d\u6587\u6807\u9898\t\thttp://v\t[]\t[]\n"
            + "N3\tnews\tus\tThird\tx\thttp://w\t[]\t[]\n");
    write(
        "mind/behaviors.tsv",
        "1\tU1\t11/15/2019 8:55:22 AM\tN1\tN2-1 N3-0\n"
            + "2\tU1\t11/15/2019 9:00:00 AM\tN1\tN3-0 N1-0\n"
            + "3\tU2\t11/15/2019 10:00:00 PM\t\tN3-1\n");
    LoadResult r = DataLoader.load(tmp.resolve("mind"), ReadOptions.defaults());
    Dataset d = r.dataset();
    assertThat(r.report().format()).isEqualTo("mind");
    // U1: history N1 once + click N2; U2: click N3.
    assertThat(d.interactions().size()).isEqualTo(3);
    assertThat(d.interactions().hasRatings()).isFalse();
    Impressions imp = r.impressions();
    assertThat(imp.size()).isEqualTo(3);
    assertThat(imp.candidates(0))
        .containsExactly(d.itemIndex().indexOf("N2"), d.itemIndex().indexOf("N3"));
    assertThat(imp.clickedItems(0)).containsExactly(d.itemIndex().indexOf("N2"));
    assertThat(imp.clickedItems(1)).isEmpty();
    assertThat(imp.timestamps()[2] - imp.timestamps()[0]).isEqualTo(13 * 3600 + 4 * 60 + 38);
    int n1 = d.itemIndex().indexOf("N1");
    int n2 = d.itemIndex().indexOf("N2");
    int n3 = d.itemIndex().indexOf("N3");
    int u1 = d.userIndex().indexOf("U1");
    assertThat(imp.candidatesPerUser(Long.MIN_VALUE).get(u1)).containsExactly(n1, n2, n3);
    assertThat(imp.candidatesPerUser(imp.timestamps()[1]).get(u1)).containsExactly(n1, n3);
    assertThat(text(d, "title", "N2")).isEqualTo("\u4e2d\u6587\u6807\u9898");
    assertThat(text(d, "abstract", "N2")).isNull();
    assertThat(cats(d, "subcategory", "N1")).containsExactly("football");
  }

  @Test
  void amazonReviewsWithMetadataFolder() throws Exception {
    write(
        "amz/Books.jsonl",
        "{\"reviewerID\":\"A1\",\"asin\":\"B1\",\"overall\":5.0,"
            + "\"unixReviewTime\":1400000000,\"reviewText\":\"great\"}\n"
            + "{\"user_id\":\"ignored\",\"reviewerID\":\"A2\",\"asin\":\"B2\",\"overall\":3,"
            + "\"unixReviewTime\":1400000001}\n");
    write(
        "amz/meta_Books.jsonl",
        "{\"asin\":\"B1\",\"title\":\"A Book\",\"description\":"
            + "[\"Long text.\",\"More.\"],\"category\":[\"Books\",\"Fiction\"],\"price\":9.5,"
            + "\"imageURL\":[\"http://i\"],\"also_buy\":[\"B2\"]}\n"
            + "{\"asin\":\"B3\",\"title\":\"\u4e66\",\"categories\":[[\"Books\",\"Kids\"]]}\n");
    LoadResult r = DataLoader.load(tmp.resolve("amz"), ReadOptions.defaults());
    Dataset d = r.dataset();
    assertThat(r.report().format()).isEqualTo("amazon");
    assertThat(d.itemIndex().ids()).containsExactly("B1", "B2", "B3");
    assertThat(d.interactions().size()).isEqualTo(2);
    assertThat(d.interactions().ratings()).containsExactly(5f, 3f);
    assertThat(text(d, "description", "B1")).isEqualTo("Long text. More.");
    assertThat(cats(d, "categories", "B3")).containsExactly("Books", "Kids");
    assertThat(num(d, "price", "B1")).isEqualTo(9.5f);
    assertThat(d.items().field("imageURL")).isNull();
    assertThat(d.items().field("also_buy")).isNull();
  }

  @Test
  void theQuickstartsDemoFolderReadsBackAsTables() throws Exception {
    Dataset demo = DemoData.generate(new DemoData.Config(30, 40, 5, 7));
    Path dir = DemoData.write(demo, tmp.resolve("demo"));
    assertThat(DataLoader.detect(dir)).isEqualTo("tables");
    LoadResult r = DataLoader.load(dir, ReadOptions.defaults());
    Dataset d = r.dataset();
    assertThat(r.report().format()).isEqualTo("tables");
    assertThat(d.name()).isEqualTo("demo");
    assertThat(d.interactions().size()).isEqualTo(demo.interactions().size());
    assertThat(d.itemIndex().ids()).containsExactly(demo.itemIndex().ids());
    assertThat(d.interactions().timestamps()).containsExactly(demo.interactions().timestamps());
    String some = demo.itemIndex().idOf(17);
    assertThat(text(d, "title", some)).isEqualTo(text(demo, "title", some));
    assertThat(cats(d, "categories", some)).containsExactly(cats(demo, "categories", some));
  }

  @Test
  void tablesFolderTakesJsonLinesInteractionsAndACsvItemFile() throws Exception {
    write(
        "t/interactions.jsonl",
        "{\"user\":\"u1\",\"item\":\"i1\"}\n{\"user\":\"u2\",\"item\":\"i2\"}\n");
    write("t/items.csv", "item,title\ni1,First\ni2,Second\ni3,Only in the catalogue\n");
    write("t/README.txt", "not a table\n");
    Dataset d = DataLoader.load(tmp.resolve("t"));
    assertThat(d.itemIndex().ids()).containsExactly("i1", "i2", "i3");
    assertThat(d.interactions().size()).isEqualTo(2);
    assertThat(text(d, "title", "i3")).isEqualTo("Only in the catalogue");
  }

  @Test
  void tablesFolderTakesAGzippedTsv() throws Exception {
    Path gz = tmp.resolve("z/ratings.tsv.gz");
    Files.createDirectories(gz.getParent());
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("user\titem\trating\nu1\ti1\t4\nu1\ti2\t2.5\n".getBytes(StandardCharsets.UTF_8));
    }
    Dataset d = DataLoader.load(tmp.resolve("z"));
    assertThat(d.interactions().ratings()).containsExactly(4f, 2.5f);
  }

  @Test
  void aTablesFolderWithTwoInteractionTablesIsRejectedNamingBoth() throws Exception {
    write("two/ratings.tsv", "user\titem\nu\ti\n");
    write("two/interactions.csv", "user,item\nu,i\n");
    assertThatThrownBy(() -> DataLoader.load(tmp.resolve("two")))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("ratings.tsv")
        .hasMessageContaining("interactions.csv");
  }

  @Test
  void amazon2023UsesParentAsinAndMillisecondTimestamps() throws Exception {
    Path f =
        write(
            "r.jsonl",
            "{\"user_id\":\"U\",\"asin\":\"A\",\"parent_asin\":\"P\","
                + "\"rating\":4.0,\"timestamp\":1588687728923,\"text\":\"ok\"}\n");
    Dataset d = DataLoader.load(f);
    assertThat(d.itemIndex().ids()).containsExactly("P");
    assertThat(d.interactions().timestamps()).containsExactly(1588687728L);
  }

  @Test
  void genericCsvWithColumnMappingAndTextColumns() throws Exception {
    Path f =
        write(
            "events.csv",
            "when,who,what,stars,note\n"
                + "2020-01-02,alice,x1,4,\"nice, really\"\n2020-01-03T10:00:00Z,bob,x1,2,meh\n");
    ReadOptions o =
        ReadOptions.defaults()
            .withColumns("who", "what", "stars", "when")
            .withTextCols(List.of("note"));
    Dataset d = DataLoader.load(f, o).dataset();
    assertThat(d.userIndex().ids()).containsExactly("alice", "bob");
    assertThat(d.interactions().timestamps()).containsExactly(1577923200L, 1578045600L);
    assertThat(text(d, "note", "x1")).isEqualTo("nice, really | meh");
  }

  @Test
  void tsvWithoutHeaderUsesPositionsAndSemicolonIsSniffed() throws Exception {
    Path f = write("plain.txt", "u1;i1\nu2;i2\nu1;i2\n");
    Dataset d = DataLoader.load(f, ReadOptions.defaults().withHeader(false)).dataset();
    assertThat(d.interactions().size()).isEqualTo(3);
    assertThat(d.interactions().hasRatings()).isFalse();
    assertThat(d.interactions().hasTimestamps()).isFalse();
    Path t = write("x.tsv", "5\t7\t1.5\n");
    Dataset e =
        DataLoader.load(t, ReadOptions.defaults().withHeader(false).withColumns("1", "0", "2", ""))
            .dataset();
    assertThat(e.userIndex().ids()).containsExactly("7");
    assertThat(e.interactions().ratings()).containsExactly(1.5f);
  }

  @Test
  void genericJsonLinesWithMappingAndChineseIds() throws Exception {
    Path f =
        write(
            "e.jsonl",
            "{\"uid\":\"\u7528\u6237\",\"iid\":42,\"score\":\"3\"}\n\n"
                + "{\"uid\":\"b\",\"iid\":7,\"score\":1}\n");
    Dataset d = DataLoader.load(f);
    assertThat(d.userIndex().ids()).containsExactly("b", "\u7528\u6237");
    assertThat(d.itemIndex().ids()).containsExactly("7", "42");
    assertThat(d.interactions().ratings()).containsExactly(3f, 1f);
  }

  @Test
  void trainFileRoundTripsThroughTheWriter() throws Exception {
    Path f = write("train.tsv", "user\titem\trating\ttimestamp\nu2\ti1\t4\t10\nu1\ti2\t3.5\t11\n");
    Dataset d = DataLoader.loadTrainFile(f);
    Path out = tmp.resolve("out.tsv");
    DataWriter.writeTrainFile(d.interactions(), out);
    assertThat(Files.readString(out))
        .isEqualTo("user\titem\trating\ttimestamp\nu2\ti1\t4\t10\nu1\ti2\t3.5\t11\n");
    Dataset back = DataLoader.loadTrainFile(out);
    assertThat(back.interactions().ratings()).containsExactly(d.interactions().ratings());
    assertThat(back.userIndex()).isEqualTo(d.userIndex());
  }

  @Test
  void trainFileWithItemSideFilesOfEveryKind() throws Exception {
    Path train = write("train.tsv", "user\titem\trating\ttimestamp\nu\t1\t4\t10\n");
    Path recbole =
        write(
            "x.item",
            "item_id:token\ttitle:token_seq\tgenre:token_seq\n" + "1\tOne\tA B\n2\tTwo\tC\n");
    Dataset d = DataLoader.loadTrainFile(train, recbole, ReadOptions.defaults()).dataset();
    assertThat(d.itemIndex().ids()).containsExactly("1", "2");
    assertThat(d.items().defaultText(1)).isEqualTo("title: Two. genre: C");

    Path csv =
        write("items.csv", "item,name,tags,price\n1,\u82f9\u679c,red|fruit,1.5\n3,Pear,,2\n");
    d = DataLoader.loadTrainFile(train, csv, ReadOptions.defaults()).dataset();
    assertThat(d.itemIndex().ids()).containsExactly("1", "3");
    assertThat(d.items().defaultText(0)).isEqualTo("name: \u82f9\u679c. tags: red, fruit");
    assertThat(num(d, "price", "3")).isEqualTo(2f);

    Path noExt = write("itemsfile", "{\"item_id\":\"1\",\"title\":\"J\"}\n");
    d = DataLoader.loadTrainFile(train, noExt, ReadOptions.defaults()).dataset();
    assertThat(text(d, "title", "1")).isEqualTo("J");

    Path movies = write("sub/movies.csv", "movieId,title,genres\n1,Toy (1995),Comedy\n");
    d = DataLoader.loadTrainFile(train, movies, ReadOptions.defaults()).dataset();
    assertThat(d.items().defaultText(0)).isEqualTo("title: Toy (1995). genres: Comedy");
    assertThat(ItemFiles.detect(movies)).isEqualTo("movielens");
    assertThat(ItemFiles.detect(noExt)).isEqualTo("jsonl");
    assertThat(ItemFiles.detect(recbole)).isEqualTo("recbole");
  }

  @Test
  void gzippedJsonLinesAreRead() throws Exception {
    Path f = tmp.resolve("r.jsonl.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
      out.write("{\"user\":\"a\",\"item\":\"b\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(DataLoader.detect(f)).isEqualTo("jsonl");
    assertThat(DataLoader.load(f).interactions().size()).isEqualTo(1);
  }

  @Test
  void timestampsParseCommonForms() {
    assertThat(Timestamps.parse("964982703")).isEqualTo(964982703L);
    assertThat(Timestamps.parse("964982703000")).isEqualTo(964982703L);
    assertThat(Timestamps.parse("964982703.5")).isEqualTo(964982703L);
    assertThat(Timestamps.parse("1970-01-02")).isEqualTo(86400L);
    assertThat(Timestamps.parse("1970-01-01 00:01:00")).isEqualTo(60L);
    assertThat(Timestamps.parse("1970-01-01T01:00:00+01:00")).isEqualTo(0L);
    assertThat(Timestamps.parse("1/1/1970 12:00:01 AM")).isEqualTo(1L);
  }
}
