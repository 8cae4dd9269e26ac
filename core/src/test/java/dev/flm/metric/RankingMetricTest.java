package dev.flm.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankingMetricTest {
  // Ranked list 3, 1, 7, 5, 2; relevant 1, 2, 9: hits at ranks 2 and 5.
  static final int[] RANKED = {3, 1, 7, 5, 2};
  static final int[] RELEVANT = {1, 2, 9};

  static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void atFive() {
    assertThat(RankingMetric.precision(5).compute(RANKED, RELEVANT)).isEqualTo(0.4);
    assertThat(RankingMetric.recall(5).compute(RANKED, RELEVANT)).isEqualTo(2.0 / 3);
    assertThat(RankingMetric.hitRate(5).compute(RANKED, RELEVANT)).isEqualTo(1.0);
    assertThat(RankingMetric.mrr(5).compute(RANKED, RELEVANT)).isEqualTo(0.5);
    // AP: (1/2 + 2/5) / min(3, 5)
    assertThat(RankingMetric.map(5).compute(RANKED, RELEVANT)).isCloseTo(0.3, within(1e-12));
    double dcg = 1 / log2(3) + 1 / log2(6);
    double idcg = 1 + 1 / log2(3) + 1 / log2(4);
    assertThat(RankingMetric.ndcg(5).compute(RANKED, RELEVANT))
        .isCloseTo(dcg / idcg, within(1e-12))
        .isCloseTo(0.47762, within(1e-5));
  }

  @Test
  void atTwoIdealDcgUsesMinOfRelevantAndK() {
    assertThat(RankingMetric.precision(2).compute(RANKED, RELEVANT)).isEqualTo(0.5);
    assertThat(RankingMetric.recall(2).compute(RANKED, RELEVANT)).isEqualTo(1.0 / 3);
    assertThat(RankingMetric.map(2).compute(RANKED, RELEVANT)).isEqualTo(0.25);
    assertThat(RankingMetric.ndcg(2).compute(RANKED, RELEVANT))
        .isCloseTo((1 / log2(3)) / (1 + 1 / log2(3)), within(1e-12));
  }

  @Test
  void missAtOne() {
    for (RankingMetric.Kind k : RankingMetric.Kind.values()) {
      assertThat(new RankingMetric(k, 1).compute(RANKED, RELEVANT)).as(k.label()).isZero();
    }
  }

  @Test
  void perfectListScoresOne() {
    int[] ranked = {4, 8};
    int[] rel = {4, 8};
    assertThat(RankingMetric.ndcg(10).compute(ranked, rel)).isCloseTo(1.0, within(1e-12));
    assertThat(RankingMetric.map(10).compute(ranked, rel)).isEqualTo(1.0);
    assertThat(RankingMetric.recall(10).compute(ranked, rel)).isEqualTo(1.0);
    // Precision divides by K even when the list is shorter.
    assertThat(RankingMetric.precision(10).compute(ranked, rel)).isEqualTo(0.2);
  }

  @Test
  void noRelevantIsZero() {
    assertThat(RankingMetric.ndcg(5).compute(RANKED, new int[0])).isZero();
  }

  @Test
  void parsesNames() {
    assertThat(RankingMetric.parse("NDCG@10")).isEqualTo(RankingMetric.ndcg(10));
    assertThat(RankingMetric.parse("hr@5")).isEqualTo(RankingMetric.hitRate(5));
    assertThat(RankingMetric.parse("map@20").name()).isEqualTo("map@20");
    assertThatThrownBy(() -> RankingMetric.parse("foo@3")).hasMessageContaining("foo");
    assertThatThrownBy(() -> RankingMetric.parse("ndcg@x")).hasMessageContaining("ndcg@x");
    assertThatThrownBy(() -> RankingMetric.ndcg(0)).hasMessageContaining("k=0");
  }
}
