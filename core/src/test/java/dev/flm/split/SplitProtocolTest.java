package dev.flm.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import dev.flm.util.NumpyRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitProtocolTest {

  static List<String> events(Interactions in) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      out.add(in.userIndex().idOf(in.users()[i]) + ":" + in.itemIndex().idOf(in.items()[i]));
    }
    return out;
  }

  @Test
  void userTemporalSortsByTimeThenItemIdAndKeepsAtLeastOne() {
    Dataset d =
        TinyData.of(
            3,
            12,
            new long[][] {
              // user 1: 5 events, the two latest tie at t=50: item 4 before item 9 by id
              {1, 9, 5, 50},
              {1, 1, 3, 10},
              {1, 4, 4, 50},
              {1, 2, 2, 20},
              {1, 3, 1, 30},
              // user 2: one event -> max(1, round(0.2)) = 1 in test
              {2, 5, 4, 7},
              // user 3: 8 events -> round(1.6) = 2 in test
              {3, 1, 1, 1},
              {3, 2, 1, 2},
              {3, 3, 1, 3},
              {3, 4, 1, 4},
              {3, 5, 1, 5},
              {3, 6, 1, 6},
              {3, 7, 1, 7},
              {3, 8, 1, 8},
            });
    Split s = SplitProtocol.userTemporal(0.2).split(d);
    assertThat(events(s.test().interactions())).containsExactly("1:9", "2:5", "3:7", "3:8");
    assertThat(s.train().interactions().size()).isEqualTo(10);
    assertThat(s.candidates()).isEqualTo(CandidateRule.allUnseen());
    assertThat(s.protocol()).contains("user-temporal(test=0.2");
    assertThat(s.numTestUsers()).isEqualTo(3);
    // ratings and timestamps travel with the events
    assertThat(s.test().interactions().ratings()).containsExactly(5f, 4f, 1f, 1f);
  }

  @Test
  void userTemporalRoundsHalfToEven() {
    // 0.5 * 5 = 2.5 -> 2 (half to even); 0.5 * 7 = 3.5 -> 4
    long[][] ev = new long[12][];
    for (int i = 0; i < 5; i++) {
      ev[i] = new long[] {1, i + 1, 1, i};
    }
    for (int i = 0; i < 7; i++) {
      ev[5 + i] = new long[] {2, i + 1, 1, i};
    }
    Split s = SplitProtocol.userTemporal(0.5).split(TinyData.of(2, 7, ev));
    assertThat(s.test().interactions().countsPerUser()).containsExactly(2, 4);
  }

  @Test
  void userTemporalNeedsTimestamps() {
    Dataset d = TinyData.of(1, 2, new long[][] {{1, 1, 1, 1}});
    Interactions in = d.interactions();
    Dataset noTime =
        Dataset.of(
            "x",
            new Interactions(
                in.userIndex(), in.itemIndex(), in.users(), in.items(), in.ratings(), null));
    assertThatThrownBy(() -> SplitProtocol.userTemporal(0.2).split(noTime))
        .hasMessageContaining("timestamps");
    assertThatThrownBy(() -> SplitProtocol.userTemporal(1.0)).hasMessageContaining("testShare=1.0");
  }

  @Test
  void coldItemHoldsOutNumpyChoiceOverSortedRatedIds() {
    // items 1..10 all rated, item 11 never rated (not eligible)
    long[][] ev = new long[20][];
    for (int i = 0; i < 20; i++) {
      ev[i] = new long[] {1 + i % 3, 1 + i % 10, 1, i};
    }
    Split s = SplitProtocol.coldItem(0.3, 42).split(TinyData.of(3, 11, ev));
    // RandomState(42).permutation(10)[:3] = 8, 1, 5 -> item ids 9, 2, 6
    assertThat(new NumpyRandom(42).choiceWithoutReplacement(10, 3)).containsExactly(8, 1, 5);
    CandidateRule.Fixed cand = (CandidateRule.Fixed) s.candidates();
    assertThat(cand.items().stream().toArray()).containsExactly(1, 5, 8);
    assertThat(s.test().interactions().items()).containsOnly(1, 5, 8);
    assertThat(s.train().interactions().items()).doesNotContain(1, 5, 8);
    assertThat(s.test().interactions().size()).isEqualTo(6);
  }

  @Test
  void validationIsCarvedFromTrainTheSameWay() {
    Dataset d =
        TinyData.of(
            1,
            10,
            new long[][] {
              {1, 1, 1, 1}, {1, 2, 1, 2}, {1, 3, 1, 3}, {1, 4, 1, 4}, {1, 5, 1, 5},
              {1, 6, 1, 6}, {1, 7, 1, 7}, {1, 8, 1, 8}, {1, 9, 1, 9}, {1, 10, 1, 10}
            });
    Split s = SplitProtocol.userTemporal(0.2).split(d);
    Split v = s.withValidation(SplitProtocol.userTemporal(0.25));
    assertThat(events(v.test().interactions())).containsExactly("1:9", "1:10");
    assertThat(events(v.validation().interactions())).containsExactly("1:7", "1:8");
    assertThat(v.train().interactions().size()).isEqualTo(6);
    assertThat(v.protocol()).contains("validation: user-temporal(test=0.25");
    Split vs = v.validationSplit();
    assertThat(events(vs.test().interactions())).containsExactly("1:7", "1:8");
    assertThat(vs.train()).isSameAs(v.train());
    assertThatThrownBy(s::validationSplit).isInstanceOf(IllegalStateException.class);
  }
}
