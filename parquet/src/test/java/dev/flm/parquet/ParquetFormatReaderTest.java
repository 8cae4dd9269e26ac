package dev.flm.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flm.data.Attributes;
import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.io.DataLoader;
import dev.flm.data.io.LoadResult;
import dev.flm.data.io.ReadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFormatReaderTest {
  @TempDir Path tmp;

  private static void write(Path file, MessageType schema, Object[][] rows) throws Exception {
    SimpleGroupFactory f = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withType(schema)
            .withConf(new PlainParquetConfiguration())
            .build()) {
      for (Object[] row : rows) {
        Group g = f.newGroup();
        for (int c = 0; c < row.length; c++) {
          Object v = row[c];
          String name = schema.getFieldName(c);
          if (v == null) {
            continue;
          }
          if (v instanceof String s) {
            g.add(name, s);
          } else if (v instanceof Integer i) {
            g.add(name, i);
          } else if (v instanceof Long l) {
            g.add(name, l);
          } else if (v instanceof Double d) {
            g.add(name, d);
          } else if (v instanceof Float x) {
            g.add(name, x);
          } else if (v instanceof Boolean b) {
            g.add(name, b);
          }
        }
        w.write(g);
      }
    }
  }

  @Test
  void readsInteractionsWithDetectionAndDefaultColumnNames() throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message e { required binary user_id (STRING); required int64 item_id;"
                + " optional double rating; optional int64 ts (TIMESTAMP(MILLIS,true)); }");
    Path f = tmp.resolve("events.parquet");
    write(
        f,
        schema,
        new Object[][] {
          {"\u7528\u6237", 10L, 4.5, 1_000_000L}, {"b", 2L, 3.0, 2_000_000L}, {"b", 10L, 1.0, 0L}
        });
    assertThat(DataLoader.detect(f)).isEqualTo("parquet");
    LoadResult r = DataLoader.load(f, ReadOptions.defaults());
    Dataset d = r.dataset();
    assertThat(r.report().format()).isEqualTo("parquet");
    assertThat(d.userIndex().ids()).containsExactly("b", "\u7528\u6237");
    assertThat(d.itemIndex().ids()).containsExactly("2", "10");
    assertThat(d.interactions().ratings()).containsExactly(4.5f, 3f, 1f);
    assertThat(d.interactions().timestamps()).containsExactly(1000L, 2000L, 0L);
  }

  @Test
  void missingRatingIsAnErrorNamingRowAndFieldOrSkipped() throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message e { required binary user (STRING); required binary item (STRING);"
                + " optional float rating; }");
    Path f = tmp.resolve("e.parquet");
    write(f, schema, new Object[][] {{"a", "x", 1f}, {"a", "y", null}, {"b", "x", 2f}});
    Throwable t = catchThrowable(() -> DataLoader.load(f, ReadOptions.defaults()));
    assertThat(t)
        .isInstanceOf(DataFormatException.class)
        .hasMessage(f + ":2 field 'rating': missing value");
    LoadResult r = DataLoader.load(f, ReadOptions.defaults().withSkipBadRows(true));
    assertThat(r.report().rowsSkipped()).isEqualTo(1);
    assertThat(r.dataset().interactions().size()).isEqualTo(2);
    Throwable m =
        catchThrowable(
            () -> DataLoader.load(f, ReadOptions.defaults().withColumns("who", null, null, null)));
    assertThat(m).hasMessageContaining("field 'who': missing user column");
  }

  @Test
  void parquetItemFileJoinsATrainFile() throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message i { required binary item_id (STRING); optional binary title (STRING);"
                + " optional int32 year; optional boolean adult; }");
    Path items = tmp.resolve("items.parquet");
    write(
        items,
        schema,
        new Object[][] {{"1", "Toy Story", 1995, false}, {"9", "\u7ea2\u697c\u68a6", null, null}});
    Path train = tmp.resolve("train.tsv");
    Files.writeString(train, "user\titem\trating\ttimestamp\nu\t1\t4\t10\n");
    Dataset d = DataLoader.loadTrainFile(train, items, ReadOptions.defaults()).dataset();
    assertThat(d.itemIndex().ids()).containsExactly("1", "9");
    assertThat(d.items().defaultText(0)).isEqualTo("title: Toy Story. adult: false");
    assertThat(d.items().defaultText(1)).isEqualTo("title: \u7ea2\u697c\u68a6");
    assertThat(((Attributes.NumericField) d.items().field("year")).values()[1]).isNaN();
  }

  @Test
  void corruptFileIsOneClearError() throws Exception {
    Path f = tmp.resolve("bad.parquet");
    Files.writeString(f, "PAR1 not really parquet PAR1");
    Throwable t = catchThrowable(() -> DataLoader.load(f, ReadOptions.defaults()));
    assertThat(t).isInstanceOf(DataFormatException.class);
    assertThat(t.getMessage()).startsWith(f + ": not a readable Parquet file");
  }
}
