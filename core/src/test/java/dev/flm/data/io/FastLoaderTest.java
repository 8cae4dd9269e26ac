package dev.flm.data.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.data.DataFormatException;
import dev.flm.data.Interactions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parallel byte-level path over files large enough to be cut into many chunks. */
class FastLoaderTest {
  @TempDir Path tmp;

  @Test
  void manyChunksGiveTheSameEventsAndLineNumbersAsTheFile() throws Exception {
    SplittableRandom rnd = new SplittableRandom(42);
    StringBuilder sb = new StringBuilder("user,item,rating,timestamp\r\n");
    List<String[]> expected = new ArrayList<>();
    List<Long> badLines = new ArrayList<>();
    long line = 1;
    for (int k = 0; k < 80_000; k++) {
      line++;
      int kind = rnd.nextInt(1000);
      String u = (kind == 1 ? "\u7528\u6237" : "u") + rnd.nextInt(3000);
      String i = Integer.toString(rnd.nextInt(500));
      String r = (rnd.nextInt(10) / 2.0) + "";
      String t = Long.toString(900_000_000L + rnd.nextInt(1_000_000));
      if (kind == 2) {
        sb.append(u).append(',').append(i).append(",oops,").append(t).append('\n');
        badLines.add(line);
      } else if (kind == 3) {
        sb.append(u).append(',').append(i).append(',').append(r).append('\n');
        badLines.add(line);
      } else if (kind == 4) {
        sb.append('\n');
      } else if (kind == 5) {
        sb.append('"').append(u).append("\",\"").append(i).append("\",").append(r).append(',');
        sb.append(t).append("\r\n");
        expected.add(new String[] {u, i, r, t});
      } else {
        sb.append(' ').append(u).append(',').append(i).append(',').append(r).append(',');
        sb.append(t).append('\n');
        expected.add(new String[] {u, i, r, t});
      }
    }
    Path f = tmp.resolve("big.csv");
    Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
    assertThat(Files.size(f)).isGreaterThan(1L << 20);

    ReadOptions o =
        ReadOptions.defaults().withSkipBadRows(true).withThreads(3).withMaxExamples(1000);
    LoadResult res = DataLoader.load(f, o);
    Interactions in = res.dataset().interactions();
    assertThat(in.size()).isEqualTo(expected.size());
    for (int k = 0; k < expected.size(); k++) {
      String[] e = expected.get(k);
      assertThat(in.userIndex().idOf(in.users()[k])).isEqualTo(e[0]);
      assertThat(in.itemIndex().idOf(in.items()[k])).isEqualTo(e[1]);
      assertThat(in.ratings()[k]).isEqualTo(Float.parseFloat(e[2]));
      assertThat(in.timestamps()[k]).isEqualTo(Long.parseLong(e[3]));
    }
    assertThat(in.userIndex().isSorted()).isTrue();
    assertThat(in.itemIndex().isSorted()).isTrue();
    assertThat(res.report().rowsSkipped()).isEqualTo(badLines.size());
    assertThat(res.report().rowsRead()).isEqualTo(expected.size());
    assertThat(res.report().examples()).hasSize(badLines.size());
    for (int k = 0; k < badLines.size(); k++) {
      assertThat(res.report().examples().get(k))
          .matches(java.util.regex.Pattern.quote(f + ":" + badLines.get(k)) + "[: ].*");
    }
    // Without skipping, the first bad line in the file is the one reported.
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> DataLoader.load(f, ReadOptions.defaults().withThreads(4)));
    assertThat(t).isInstanceOf(DataFormatException.class);
    assertThat(((DataFormatException) t).line()).isEqualTo(badLines.get(0));
  }

  @Test
  void idsKeepTheirExactTextAndLeadingZerosStayDistinct() throws Exception {
    Path f = tmp.resolve("z.tsv");
    Files.writeString(f, "user\titem\n007\t1\n7\t01\n7\t1\n");
    Interactions in = DataLoader.load(f, ReadOptions.defaults()).dataset().interactions();
    assertThat(in.userIndex().ids()).containsExactly("007", "7");
    assertThat(in.itemIndex().ids()).containsExactly("01", "1");
    assertThat(in.hasRatings()).isFalse();
  }

  @Test
  void quotedNewlineFallsBackToTheLineReader() throws Exception {
    Path f = tmp.resolve("q.csv");
    Files.writeString(f, "user,item,note\na,b,\"two\nlines\"\nc,d,x\n");
    Interactions in =
        DataLoader.load(f, ReadOptions.defaults().withColumns(null, null, "", ""))
            .dataset()
            .interactions();
    assertThat(in.size()).isEqualTo(2);
  }
}
