package dev.flm.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  @TempDir Path tmp;

  private Path write(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private static final String HEADER = "userId,movieId,rating,timestamp\n";

  private DataFormatException fail(Path p, ReadOptions o) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> DataLoader.load(p, o));
    assertThat(t).isInstanceOf(DataFormatException.class);
    assertThat(t.getMessage()).doesNotContain("\n");
    return (DataFormatException) t;
  }

  @Test
  void wrongFieldCountNamesFileAndLine() throws Exception {
    Path f = write("r.csv", HEADER + "1,2,3.0,10\n1,2,3.0\n");
    DataFormatException e = fail(f, ReadOptions.defaults());
    assertThat(e.getMessage()).isEqualTo(f + ":3: expected 4 fields, found 3");
    assertThat(e.line()).isEqualTo(3);
  }

  @Test
  void nonNumericRatingNamesTheField() throws Exception {
    Path f = write("r.csv", HEADER + "1,2,four,10\n");
    assertThat(fail(f, ReadOptions.defaults()).getMessage())
        .isEqualTo(f + ":2 field 'rating': not a number: 'four'");
  }

  @Test
  void badTimestampNamesTheField() throws Exception {
    Path f = write("r.csv", HEADER + "1,2,4,yesterday\n");
    DataFormatException e = fail(f, ReadOptions.defaults());
    assertThat(e.field()).isEqualTo("timestamp");
    assertThat(e.getMessage()).contains(":2 field 'timestamp': bad timestamp: 'yesterday'");
  }

  @Test
  void invalidUtf8NamesTheLine() throws Exception {
    Path f = tmp.resolve("r.csv");
    byte[] head = (HEADER + "1,2,4,10\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'u', (byte) 0xC3, (byte) 0x28, ',', '2', ',', '4', ',', '1', '0', '\n'};
    byte[] all = new byte[head.length + bad.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    Files.write(f, all);
    assertThat(fail(f, ReadOptions.defaults()).getMessage())
        .isEqualTo(f + ":3: invalid UTF-8 in the line");
    LoadResult r = DataLoader.load(f, ReadOptions.defaults().withSkipBadRows(true));
    assertThat(r.report().rowsSkipped()).isEqualTo(1);
    assertThat(r.dataset().interactions().size()).isEqualTo(1);
  }

  @Test
  void emptyFileAndEmptyMovieLensRatings() throws Exception {
    Path f = write("empty.csv", "");
    assertThat(fail(f, ReadOptions.defaults()).getMessage()).isEqualTo(f + ": empty file");
    Path h = write("onlyheader.csv", "\n\n");
    assertThat(fail(h, ReadOptions.defaults()).getMessage()).contains("empty file");
    write("ml/ratings.csv", "");
    Path dir = tmp.resolve("ml");
    assertThat(fail(dir, ReadOptions.defaults()).getMessage())
        .isEqualTo(dir.resolve("ratings.csv") + ": empty file (expected a header line)");
  }

  @Test
  void missingColumnNamesTheColumn() throws Exception {
    write("ml/ratings.csv", "userId,movieId,timestamp\n1,2,3\n");
    Path dir = tmp.resolve("ml");
    DataFormatException e = fail(dir, ReadOptions.defaults());
    assertThat(e.field()).isEqualTo("rating");
    assertThat(e.getMessage()).contains("ratings.csv:1 field 'rating': missing column");
    Path g = write("g.csv", "a,b\n1,2\n");
    assertThat(fail(g, ReadOptions.defaults()).getMessage()).contains("missing user column");
    Path m = write("m.csv", "user,item\n1,2\n");
    assertThat(
            fail(m, ReadOptions.defaults().withColumns("user", "item", "stars", null)).getMessage())
        .contains("field 'stars': missing rating column");
  }

  @Test
  void skipBadRowsCountsAndKeepsExamples() throws Exception {
    StringBuilder sb = new StringBuilder(HEADER);
    for (int i = 0; i < 10; i++) {
      sb.append("1,").append(i).append(",x,10\n");
      sb.append("2,").append(i).append(",4,10\n");
    }
    sb.append("3,1,4\n");
    Path f = write("r.csv", sb.toString());
    LoadResult r = DataLoader.load(f, ReadOptions.defaults().withSkipBadRows(true));
    assertThat(r.report().rowsRead()).isEqualTo(10);
    assertThat(r.report().rowsSkipped()).isEqualTo(11);
    assertThat(r.report().examples()).hasSize(5);
    assertThat(r.report().examples().get(0)).isEqualTo(f + ":2 field 'rating': not a number: 'x'");
    assertThat(r.report().summary()).contains("rows skipped: 11").contains("... and 6 more");
    Dataset d = r.dataset();
    assertThat(d.interactions().size()).isEqualTo(10);
  }

  @Test
  void malformedRowsInOtherReaders() throws Exception {
    Path j = write("e.jsonl", "{\"user\":\"a\",\"item\":\"b\"}\n{\"user\":\"a\",\n");
    assertThat(fail(j, ReadOptions.defaults()).getMessage()).startsWith(j + ":2: invalid JSON");
    Path j2 = write("e2.jsonl", "{\"user\":\"a\",\"item\":\"b\"}\n{\"user\":\"a\"}\n");
    assertThat(fail(j2, ReadOptions.defaults()).getMessage())
        .isEqualTo(j2 + ":2 field 'item': missing");
    write("mind/behaviors.tsv", "1\tU1\t11/15/2019 8:55:22 AM\tN1\tN2-2\n");
    assertThat(fail(tmp.resolve("mind"), ReadOptions.defaults()).getMessage())
        .contains("behaviors.tsv:1 field 'impressions': label must be 0 or 1");
    write("mind2/behaviors.tsv", "1\tU1\tnot a time\tN1\tN2-1\n");
    assertThat(fail(tmp.resolve("mind2"), ReadOptions.defaults()).getMessage())
        .contains("behaviors.tsv:1 field 'time': bad timestamp");
    write("k/u.data", "1\t2\t3\n");
    assertThat(fail(tmp.resolve("k"), ReadOptions.defaults()).getMessage())
        .endsWith("u.data:1: expected 4 fields, found 3");
    write("rb/a.inter", "user_id:token\titem_id:token\trating:float\n1\t2\tNaNx\n");
    assertThat(fail(tmp.resolve("rb"), ReadOptions.defaults()).getMessage())
        .endsWith("a.inter:2 field 'rating': not a number: 'NaNx'");
    Path q = write("q.csv", "user,item\n\"a,b\n");
    assertThat(fail(q, ReadOptions.defaults()).getMessage())
        .isEqualTo(q + ":2: unterminated quoted field");
  }

  @Test
  void invalidUtf8InJsonLinesAndHeaderlessTablesIsCountedOnce() throws Exception {
    Path j = tmp.resolve("e.jsonl");
    byte[] good = "{\"user\":\"a\",\"item\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'{', '"', 'u', 's', 'e', 'r', '"', ':', '"', (byte) 0xFF, '"', '}', '\n'};
    Files.write(j, concat(good, bad));
    assertThat(fail(j, ReadOptions.defaults()).getMessage())
        .isEqualTo(j + ":2: invalid UTF-8 in the line");
    Path t = tmp.resolve("h.tsv");
    Files.write(t, concat(bad, "u\ti\n".getBytes(StandardCharsets.UTF_8)));
    LoadResult r =
        DataLoader.load(t, ReadOptions.defaults().withHeader(false).withSkipBadRows(true));
    assertThat(r.report().rowsSkipped()).isEqualTo(1);
    assertThat(r.report().rowsRead()).isEqualTo(1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void malformedRowsInMovieLensSideFilesAndItemFiles() throws Exception {
    write("m/ratings.dat", "1::1193::5::978300760\n2::661::x::978302109\n");
    assertThat(fail(tmp.resolve("m"), ReadOptions.defaults()).getMessage())
        .endsWith("ratings.dat:2 field 'rating': not a number: 'x'");
    write("m2/ratings.dat", "1::1193::5::978300760\n");
    write("m2/movies.dat", "1193::One Flew (1975)\n");
    assertThat(fail(tmp.resolve("m2"), ReadOptions.defaults()).getMessage())
        .endsWith("movies.dat:1: expected 3 fields, found 2");
    write("k/u.data", "1\t2\t3\t4\n");
    write("k/u.item", "2|T (1990)|01-Jan-1990||u" + "|0".repeat(18) + "|2\n");
    assertThat(fail(tmp.resolve("k"), ReadOptions.defaults()).getMessage())
        .endsWith("u.item:1 field 'Western': genre flag must be 0 or 1: '2'");
    write("c/ratings.csv", HEADER + "1,2,4,10\n");
    write("c/movies.csv", "movieId,title,genres\n2,\"A, B (1999)\",Drama,extra\n");
    assertThat(fail(tmp.resolve("c"), ReadOptions.defaults()).getMessage())
        .endsWith("movies.csv:2: expected 3 fields, found 4");
    Path train = write("train.tsv", "user\titem\trating\ttimestamp\nu\t1\t4\t10\n");
    Path item = write("x.item", "item_id:token\ttitle:token_seq\n1\tOne\textra\n");
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> DataLoader.loadTrainFile(train, item, ReadOptions.defaults()));
    assertThat(t).hasMessage(item + ":2: expected 2 fields, found 3");
    Path meta = write("meta.jsonl", "{\"asin\":\"1\",\"title\":\"ok\"}\n{\"asin\":\n");
    t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> DataLoader.loadTrainFile(train, meta, ReadOptions.defaults()));
    assertThat(t.getMessage()).startsWith(meta + ":2: invalid JSON");
    LoadResult r =
        DataLoader.loadTrainFile(train, meta, ReadOptions.defaults().withSkipBadRows(true));
    assertThat(r.report().rowsSkipped()).isEqualTo(1);
    assertThat(r.dataset().items().defaultText(0)).isEqualTo("title: ok");
  }

  @Test
  void unknownFormatAndMissingPath() throws Exception {
    Path f = write("r.csv", HEADER);
    assertThat(fail(f, ReadOptions.defaults().withFormat("xml")).getMessage())
        .contains("unknown format 'xml'");
    assertThat(fail(tmp.resolve("nope"), ReadOptions.defaults()).getMessage())
        .endsWith("nope: no such file or folder");
    assertThatThrownBy(() -> DataLoader.load(tmp))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("cannot tell the format of this folder");
  }
}
