package dev.flm.split;

import static dev.flm.split.SplitProtocolTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoreProtocolsTest {
  @TempDir Path tmp;

  /** Rows 0-4 user 1, row 5 user 2, rows 6-13 user 3; event k has timestamp 100 + k. */
  static Dataset data() {
    long[][] ev = new long[14][];
    int[] user = {1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3};
    for (int k = 0; k < 14; k++) {
      ev[k] = new long[] {user[k], 1 + k % 9, 1 + k % 5, 100 + k};
    }
    ev[3][3] = 200; // user 1's latest event is row 3
    return TinyData.of(3, 9, ev);
  }

  static String rowEvent(Dataset d, int row) {
    var in = d.interactions();
    return in.userIndex().idOf(in.users()[row]) + ":" + in.itemIndex().idOf(in.items()[row]);
  }

  @Test
  void randomGlobalTakesNumpyPermutationPrefix() {
    Dataset d = data();
    // RandomState(3).choice(14, 3, replace=False) = [7, 4, 1]; round(0.2 * 14) = 3
    Split s = SplitProtocol.random(0.2, 3).split(d);
    assertThat(events(s.test().interactions()))
        .containsExactly(rowEvent(d, 1), rowEvent(d, 4), rowEvent(d, 7));
    assertThat(SplitProtocol.random(0.2, 3).split(d).test().interactions().items())
        .containsExactly(s.test().interactions().items());
  }

  @Test
  void randomPerUserDrawsFromOneStreamInUserIdOrder() {
    Dataset d = data();
    // rs = RandomState(42): choice(5,1) = [1]; choice(1,1) = [0]; choice(8,2) = [5, 0]
    Split s = SplitProtocol.randomPerUser(0.2, 42).split(d);
    assertThat(events(s.test().interactions()))
        .containsExactly(rowEvent(d, 1), rowEvent(d, 5), rowEvent(d, 6), rowEvent(d, 11));
  }

  @Test
  void leaveLastOut() {
    Dataset d = data();
    Split s = SplitProtocol.leaveLastOut().split(d);
    assertThat(events(s.test().interactions()))
        .containsExactly(rowEvent(d, 3), rowEvent(d, 5), rowEvent(d, 13));
  }

  @Test
  void globalTemporal() {
    Dataset d = data();
    // timestamps 100..113 except row 3 at 200
    Split cut = SplitProtocol.globalTemporal(112).split(d);
    assertThat(events(cut.test().interactions()))
        .containsExactly(rowEvent(d, 3), rowEvent(d, 12), rowEvent(d, 13));
    Split share = SplitProtocol.globalTemporalShare(0.2).split(d);
    assertThat(events(share.test().interactions())).isEqualTo(events(cut.test().interactions()));
  }

  @Test
  void coldUser() {
    Dataset d = data();
    // 3 users with events; RandomState(5).choice(3, 1) = [0] -> user "1"
    Split s = SplitProtocol.coldUser(0.34, 5).split(d);
    assertThat(s.test().interactions().size()).isEqualTo(5);
    assertThat(s.test().interactions().users()).containsOnly(0);
    assertThat(s.train().interactions().users()).doesNotContain(0);
  }

  @Test
  void parsesProtocolSpecs() {
    assertThat(SplitProtocol.parse("user-temporal:0.2", 1))
        .isEqualTo(SplitProtocol.userTemporal(0.2));
    assertThat(SplitProtocol.parse("cold-item:0.1:9", 1)).isEqualTo(SplitProtocol.coldItem(0.1, 9));
    assertThat(SplitProtocol.parse("cold-user:0.1", 4)).isEqualTo(SplitProtocol.coldUser(0.1, 4));
    assertThat(SplitProtocol.parse("loo", 1)).isEqualTo(SplitProtocol.leaveLastOut());
    assertThat(SplitProtocol.parse("global-temporal@1000", 1))
        .isEqualTo(SplitProtocol.globalTemporal(1000));
    assertThatThrownBy(() -> SplitProtocol.parse("bogus", 1)).hasMessageContaining("known:");
    assertThatThrownBy(() -> SplitProtocol.parse("random:x", 1)).hasMessageContaining("random:x");
  }

  @Test
  void filesRoundTrip() throws Exception {
    Dataset d = data();
    Split s = SplitProtocol.coldItem(0.3, 1).split(d).withValidation(SplitProtocol.leaveLastOut());
    SplitFiles.write(s, tmp);
    assertThat(Files.readAllLines(tmp.resolve("train.tsv")).get(0))
        .isEqualTo("user\titem\trating\ttimestamp");
    Split back = SplitFiles.read(tmp, d);
    assertThat(events(back.train().interactions())).isEqualTo(events(s.train().interactions()));
    assertThat(events(back.test().interactions())).isEqualTo(events(s.test().interactions()));
    assertThat(events(back.validation().interactions()))
        .isEqualTo(events(s.validation().interactions()));
    assertThat(back.test().interactions().ratings())
        .containsExactly(s.test().interactions().ratings());
    assertThat(back.test().interactions().timestamps())
        .containsExactly(s.test().interactions().timestamps());
    assertThat(back.protocol()).isEqualTo(s.protocol());
    assertThat(((CandidateRule.Fixed) back.candidates()).items())
        .isEqualTo(((CandidateRule.Fixed) s.candidates()).items());
  }

  @Test
  void unknownIdInSplitFileNamesFileLineAndField() throws Exception {
    Dataset d = data();
    SplitFiles.write(SplitProtocol.leaveLastOut().split(d), tmp);
    Files.writeString(
        tmp.resolve("test.tsv"), "user\titem\trating\ttimestamp\n1\t1\t4\t5\n1\t99\t4\t5\n");
    assertThatThrownBy(() -> SplitFiles.read(tmp, d))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("test.tsv")
        .hasMessageContaining("3")
        .hasMessageContaining("item")
        .hasMessageContaining("'99'");
  }
}
