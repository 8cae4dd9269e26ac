package dev.flm.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.model.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpochChoiceTest {
  private static final List<String> HEAD = List.of("head");

  private static FlmConfig config(int epochs, int patience) {
    return FlmConfig.from(Params.parse(List.of("epochs=" + epochs, "patience=" + patience)));
  }

  /** Parameters of an epoch: every value is the epoch number, the head's too. */
  private static Map<String, float[]> params(int epoch) {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put("user", new float[] {epoch});
    m.put("head", new float[] {epoch});
    return m;
  }

  @Test
  void firstHalfEpochsStandInButAreNeverChosenAndNeverStopTraining() {
    EpochChoice c = new EpochChoice(config(8, 1), false, false, false, HEAD, List.of(), 0.5);
    c.offer(1, 0.30, Double.NaN, 0.1, () -> params(1));
    c.offer(2, 0.10, Double.NaN, 0.2, () -> params(2));
    assertThat(c.bestEpoch()).isZero();
    assertThat(c.bestParams().get("user")).containsExactly(2f);
    assertThat(c.bestOffset()).isEqualTo(0.2);
    assertThat(c.stopsBefore(3)).isFalse();
    c.offer(3, 0.05, Double.NaN, 0.3, () -> params(3));
    c.offer(4, 0.01, Double.NaN, 0.4, () -> params(4));
    assertThat(c.stopsBefore(5)).isFalse();
  }

  @Test
  void secondHalfKeepsTheBestEpochAndStopsWhenPatienceRunsOut() {
    EpochChoice c = new EpochChoice(config(8, 2), false, false, false, HEAD, List.of(), 0.5);
    for (int e = 1; e <= 4; e++) {
      int epoch = e;
      c.offer(epoch, 0.9, Double.NaN, 0, () -> params(epoch));
    }
    c.offer(5, 0.20, Double.NaN, 0.5, () -> params(5));
    List<Integer> asked = new ArrayList<>();
    c.offer(
        6,
        0.19,
        Double.NaN,
        0.6,
        () -> {
          asked.add(6);
          return params(6);
        });
    assertThat(asked).as("a worse epoch's parameters are not copied").isEmpty();
    assertThat(c.stopsBefore(7)).isFalse();
    c.offer(7, 0.18, Double.NaN, 0.7, () -> params(7));
    assertThat(c.stopsBefore(8)).isTrue();
    assertThat(c.bestEpoch()).isEqualTo(5);
    assertThat(c.bestParams().get("user")).containsExactly(5f);
    assertThat(c.best()).isEqualTo(0.20);
    assertThat(c.bestOffset()).isEqualTo(0.5);
  }

  @Test
  void overFrozenTextTheColdHeadKeepsItsOwnBestEpoch() {
    EpochChoice c = new EpochChoice(config(4, 5), false, true, false, HEAD, List.of(0.04), 0);
    c.offer(1, 0.10, 0.05, 0, () -> params(1));
    c.offer(2, 0.10, 0.03, 0, () -> params(2));
    c.offer(3, 0.20, 0.02, 0, () -> params(3));
    c.offer(4, 0.15, 0.06, 0, () -> params(4));
    assertThat(c.bestEpoch()).isEqualTo(3);
    assertThat(c.bestParams().get("user")).containsExactly(3f);
    assertThat(c.bestParams().get("head")).containsExactly(4f);
  }

  @Test
  void aSharedEncoderChoosesOneEpochForBothByTheSumOfTheMetrics() {
    EpochChoice c = new EpochChoice(config(4, 5), false, true, true, HEAD, List.of(), 0);
    c.offer(3, 0.20, 0.02, 0, () -> params(3));
    c.offer(4, 0.15, 0.10, 0, () -> params(4));
    assertThat(c.bestEpoch()).isEqualTo(4);
    assertThat(c.bestParams().get("user")).containsExactly(4f);
    assertThat(c.bestParams().get("head")).containsExactly(4f);
  }

  @Test
  void aContinuedModelIsEpochZeroToBeatFromTheFirstEpoch() {
    EpochChoice c = new EpochChoice(config(2, 5), true, false, false, HEAD, List.of(), 0);
    c.startWith(0.20, Double.NaN, 0.3, params(0));
    c.offer(1, 0.19, Double.NaN, 0.4, () -> params(1));
    c.offer(2, 0.18, Double.NaN, 0.5, () -> params(2));
    assertThat(c.bestEpoch()).isZero();
    assertThat(c.bestParams().get("user")).containsExactly(0f);
    assertThat(c.bestOffset()).isEqualTo(0.3);
  }
}
