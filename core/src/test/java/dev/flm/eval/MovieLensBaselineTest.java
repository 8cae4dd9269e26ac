package dev.flm.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flm.data.Dataset;
import dev.flm.data.io.DataLoader;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import dev.flm.model.baseline.BaselineTypes;
import dev.flm.split.CandidateRule;
import dev.flm.split.Split;
import dev.flm.split.SplitProtocol;
import dev.flm.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 acceptance on MovieLens latest-small: the per-user temporal split and the MostPopular
 * figures measured outside FLM (NDCG@10 0.0876, Recall@10 0.0390).
 */
class MovieLensBaselineTest {
  static Dataset data;

  /**
   * Loads the data once; the assumption runs before each test, so without the data every test shows
   * as skipped with the reason instead of the class vanishing from the count.
   */
  @BeforeEach
  void load() throws Exception {
    if (data == null) {
      data = DataLoader.load(TestData.requireMlLatestSmall());
    }
  }

  @Test
  void userTemporalSplitCounts() {
    Split s = SplitProtocol.userTemporal(0.2).split(data);
    assertThat(s.train().interactions().size()).isEqualTo(80_672);
    assertThat(s.test().interactions().size()).isEqualTo(20_164);
    assertThat(s.numTestUsers()).isEqualTo(610);
  }

  @Test
  void coldItemSplitMatchesNumpy() {
    Split s = SplitProtocol.coldItem(0.2, 42).split(data);
    // Python: items = sorted rated movieIds; RandomState(42).choice(9724, 1945, replace=False)
    CandidateRule.Fixed c = (CandidateRule.Fixed) s.candidates();
    assertThat(c.items().cardinality()).isEqualTo(1945);
    assertThat(s.test().interactions().size()).isEqualTo(19_751);
    String[] first = {"1", "4", "9", "11", "13"};
    int[] held = c.items().stream().limit(5).toArray();
    for (int k = 0; k < 5; k++) {
      assertThat(data.itemIndex().idOf(held[k])).isEqualTo(first[k]);
    }
  }

  @Test
  void mostPopularMatchesReferenceAndRandomIsFarBelow() {
    Split s = SplitProtocol.userTemporal(0.2).split(data);
    TrainingData td = TrainingData.of(s.train(), 42);
    Recommender pop = new BaselineTypes.MostPopularType().trainer(Params.empty()).train(td);
    Recommender rnd = new BaselineTypes.RandomType().trainer(Params.empty()).train(td);
    EvaluationResult r =
        Evaluator.builder(s)
            .model("mostpop", pop)
            .model("random", rnd)
            .metrics("ndcg@10", "recall@10", "auc")
            .bootstrap(200, 1)
            .run();
    assertThat(r.users()).hasSize(610);
    double ndcg = r.model("mostpop").mean("ndcg@10");
    double recall = r.model("mostpop").mean("recall@10");
    assertThat(ndcg).isCloseTo(0.0876, within(0.02 * 0.0876));
    assertThat(recall).isCloseTo(0.0390, within(0.02 * 0.0390));
    assertThat(r.model("random").mean("ndcg@10")).isLessThan(ndcg / 5);
    assertThat(r.model("random").mean("auc")).isCloseTo(0.5, within(0.05));
    EvaluationResult.MetricValue v = r.model("mostpop").metrics().get("ndcg@10");
    assertThat(v.ciLow()).isLessThan(ndcg).isGreaterThan(0.05);
    assertThat(v.ciHigh()).isGreaterThan(ndcg).isLessThan(0.13);
    assertThat(r.comparisons())
        .filteredOn(c -> c.metric().equals("ndcg@10"))
        .singleElement()
        .satisfies(c -> assertThat(c.pValue()).isLessThan(1e-6));
    System.out.printf(
        "ml-latest-small user-temporal(0.2): mostpop ndcg@10=%.4f recall@10=%.4f; random"
            + " ndcg@10=%.4f%n",
        ndcg, recall, r.model("random").mean("ndcg@10"));
  }
}
