package dev.flm.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class OtherMetricsTest {

  @Test
  void aucCountsTiesAsHalf() {
    float[] scores = {0.9f, 0.1f, 0.5f, 0.5f, 0.3f};
    // positives 2 (0.5) and 4 (0.3); negatives 0.9, 0.1, 0.5
    // pos 0.5 beats 0.1, ties 0.5 -> 1.5; pos 0.3 beats 0.1 -> 1; (1.5 + 1) / (2 * 3)
    assertThat(Auc.compute(scores, new int[] {0, 1, 2, 3, 4}, new int[] {2, 4}))
        .isCloseTo(2.5 / 6, within(1e-12));
    // Only candidates count: without item 0 the positives beat more.
    assertThat(Auc.compute(scores, new int[] {1, 2, 3, 4}, new int[] {2, 4}))
        .isCloseTo(2.5 / 4, within(1e-12));
    assertThat(Auc.compute(scores, new int[] {2, 4}, new int[] {2, 4})).isNaN();
  }

  @Test
  void ratingErrors() {
    float[] actual = {1, 2, 3};
    float[] pred = {2, 2, 5};
    assertThat(RatingMetrics.rmse(actual, pred)).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
    assertThat(RatingMetrics.mae(actual, pred)).isCloseTo(1.0, within(1e-12));
    assertThatThrownBy(() -> RatingMetrics.mae(actual, new float[2]))
        .hasMessageContaining("3 != 2");
  }

  @Test
  void classification() {
    int[] labels = {1, 0, 1, 1, 0};
    double[] p = {0.9, 0.6, 0.4, 0.8, 0.1};
    // predicted 1, 1, 0, 1, 0: tp=2 fp=1 fn=1 tn=1
    ClassificationMetrics.Confusion c = ClassificationMetrics.confusion(labels, p, 0.5);
    assertThat(c).isEqualTo(new ClassificationMetrics.Confusion(2, 1, 1, 1));
    assertThat(ClassificationMetrics.accuracy(labels, p)).isEqualTo(0.6);
    assertThat(ClassificationMetrics.precision(labels, p)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(ClassificationMetrics.recall(labels, p)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(ClassificationMetrics.f1(labels, p)).isCloseTo(2.0 / 3, within(1e-12));
    double ll =
        -(Math.log(0.9) + Math.log(0.4) + Math.log(0.4) + Math.log(0.8) + Math.log(0.9)) / 5;
    assertThat(ClassificationMetrics.logLoss(labels, p)).isCloseTo(ll, within(1e-12));
    assertThat(ClassificationMetrics.logLoss(new int[] {1}, new double[] {0}))
        .isCloseTo(-Math.log(1e-15), within(1e-9));
    assertThatThrownBy(() -> ClassificationMetrics.f1(new int[] {2}, new double[] {0.5}))
        .hasMessageContaining("labels[0]=2");
  }

  @Test
  void coverageAndPopularity() {
    BitSet rec = new BitSet();
    rec.set(1);
    rec.set(4);
    rec.set(7);
    assertThat(ListMetrics.coverage(rec, 12)).isEqualTo(0.25);
    int[] pop = {10, 0, 3, 5};
    assertThat(ListMetrics.averagePopularity(new int[] {0, 2, 3}, pop)).isEqualTo(6.0);
    assertThat(ListMetrics.averagePopularity(new int[0], pop)).isNaN();
  }
}
