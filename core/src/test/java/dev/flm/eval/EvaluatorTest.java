package dev.flm.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flm.data.Dataset;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import dev.flm.model.Provenance;
import dev.flm.model.Recommender;
import dev.flm.split.CandidateRule;
import dev.flm.split.Split;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  /** Scores item i as fixed[i] for every user. */
  record FixedScores(String type, IdIndex userIndex, IdIndex itemIndex, float[] fixed)
      implements Recommender {
    @Override
    public void score(int user, float[] out) {
      System.arraycopy(fixed, 0, out, 0, fixed.length);
    }

    @Override
    public Provenance provenance() {
      return Provenance.now(type, Map.of(), "test", "none", "none", 0, "none");
    }
  }

  static IdIndex ids(String prefix, int n) {
    String[] s = new String[n];
    for (int i = 0; i < n; i++) {
      s[i] = prefix + i;
    }
    return IdIndex.of(s);
  }

  /** Users 0, 1; items 0..5. u0 train {0}, test {2, 4}; u1 train {1, 2}, test {5}. */
  static Split split() {
    IdIndex users = ids("u", 3);
    IdIndex items = ids("i", 6);
    Interactions train =
        new Interactions(users, items, new int[] {0, 1, 1}, new int[] {0, 1, 2}, null, null);
    Interactions test =
        new Interactions(users, items, new int[] {0, 0, 1}, new int[] {2, 4, 5}, null, null);
    return new Split(
        Dataset.of("t", train), Dataset.of("t", test), null, "hand", CandidateRule.allUnseen());
  }

  @Test
  void hand() {
    Split s = split();
    // Scores rank items 0 > 1 > 2 = 3 > 4 > 5; tie 2/3 goes to item 2 (lower index).
    float[] sc = {9, 8, 5, 5, 3, 1};
    Recommender m = new FixedScores("fixed", s.train().userIndex(), s.train().itemIndex(), sc);
    EvaluationResult r =
        Evaluator.builder(s)
            .model("a", m)
            .metrics("ndcg@2", "recall@2", "precision@2", "mrr@3", "auc", "coverage@1")
            .threads(2)
            .bootstrap(100, 1)
            .run();
    // Item 3 is rated by nobody, so it is never a candidate.
    // u0 (history 0): ranking 1, 2, 4, 5 -> top2 = 1, 2; relevant {2, 4}.
    // u1 (history 1, 2): ranking 0, 4, 5 -> top2 = 0, 4; relevant {5}.
    double log3 = Math.log(3) / Math.log(2);
    double u0ndcg = (1 / log3) / (1 + 1 / log3);
    EvaluationResult.ModelResult a = r.model("a");
    assertThat(r.users()).containsExactly("u0", "u1");
    assertThat(a.perUser().get("ndcg@2")).containsExactly(u0ndcg, 0.0);
    assertThat(a.mean("ndcg@2")).isCloseTo(u0ndcg / 2, within(1e-12));
    assertThat(a.mean("recall@2")).isCloseTo((0.5 + 0) / 2, within(1e-12));
    assertThat(a.mean("precision@2")).isCloseTo((0.5 + 0) / 2, within(1e-12));
    // mrr@3: u0 first hit at rank 2; u1 first hit (item 5) at rank 3
    assertThat(a.mean("mrr@3")).isCloseTo((0.5 + 1.0 / 3) / 2, within(1e-12));
    // auc u0: candidates 1, 2, 4, 5; positives score 5 and 3, negatives 8 and 1 -> 2 / 4
    // auc u1: candidates 0, 4, 5; positive 5 scores 1, below both negatives -> 0
    assertThat(a.perUser().get("auc")).containsExactly(0.5, 0.0);
    // coverage@1: items {1, 0} out of the 5 rated items
    assertThat(a.mean("coverage@1")).isCloseTo(2.0 / 5, within(1e-12));
    assertThat(a.perUser()).doesNotContainKey("coverage@1");
    assertThat(r.candidates()).isEqualTo("all rated items not in the user's train");
    assertThat(r.sampled()).isFalse();
  }

  @Test
  void restrictedCandidatesAndSkippedUsers() {
    Split s = split();
    BitSet only = new BitSet();
    only.set(3);
    only.set(4);
    float[] sc = {9, 8, 5, 5, 3, 1};
    Recommender m = new FixedScores("fixed", s.train().userIndex(), s.train().itemIndex(), sc);
    EvaluationResult r =
        Evaluator.builder(s)
            .model(m)
            .candidates(CandidateRule.items(only, "two items"))
            .metrics("hit@1")
            .run();
    // u0: candidates 3, 4 (fixed sets need not be rated), relevant {4}: top1 = 3 -> miss. u1:
    // relevant {5} not a candidate.
    assertThat(r.users()).containsExactly("u0");
    assertThat(r.skippedUsers()).isEqualTo(1);
    assertThat(r.model("fixed").mean("hit@1")).isZero();
  }

  @Test
  void perUserImpressionLists() {
    Split s = split();
    float[] sc = {9, 8, 5, 5, 3, 1};
    Recommender m = new FixedScores("fixed", s.train().userIndex(), s.train().itemIndex(), sc);
    // u0 sees impressions 4, 5 (4 relevant, ranked first); u1 sees 5, 3 (5 relevant, second)
    EvaluationResult r =
        Evaluator.builder(s)
            .model(m)
            .candidates(
                CandidateRule.perUser(
                    Map.of(0, new int[] {5, 4}, 1, new int[] {5, 3}), "impressions"))
            .metrics("mrr@2")
            .run();
    assertThat(r.model("fixed").perUser().get("mrr@2")).containsExactly(1.0, 0.5);
  }

  @Test
  void comparesModelsPairedAndIsIndependentOfThreads() {
    Split s = split();
    float[] good = {0, 0, 5, 0, 4, 3};
    float[] bad = {9, 8, 0, 7, 0, 0};
    IdIndex u = s.train().userIndex();
    IdIndex it = s.train().itemIndex();
    EvaluationResult r1 =
        Evaluator.builder(s)
            .model(new FixedScores("good", u, it, good))
            .model(new FixedScores("bad", u, it, bad))
            .threads(1)
            .run();
    EvaluationResult r4 =
        Evaluator.builder(s)
            .model(new FixedScores("good", u, it, good))
            .model(new FixedScores("bad", u, it, bad))
            .threads(4)
            .run();
    assertThat(r1.model("good").mean("ndcg@10")).isGreaterThan(r1.model("bad").mean("ndcg@10"));
    assertThat(r1.comparisons())
        .anySatisfy(
            c -> {
              assertThat(c.metric()).isEqualTo("ndcg@10");
              assertThat(c.modelA()).isEqualTo("good");
              assertThat(c.meanDifference()).isPositive();
            });
    assertThat(r4.model("good").metrics()).isEqualTo(r1.model("good").metrics());
  }

  @Test
  void mapsModelsTrainedOnAnotherIndexById() {
    Split s = split();
    // Same items in reverse order: item "i5" first.
    String[] rev = s.train().itemIndex().ids();
    for (int i = 0; i < rev.length / 2; i++) {
      String t = rev[i];
      rev[i] = rev[rev.length - 1 - i];
      rev[rev.length - 1 - i] = t;
    }
    float[] sc = {9, 8, 5, 5, 3, 1};
    float[] revScores = new float[6];
    for (int i = 0; i < 6; i++) {
      revScores[5 - i] = sc[i];
    }
    Recommender same = new FixedScores("x", s.train().userIndex(), s.train().itemIndex(), sc);
    Recommender other = new FixedScores("x", s.train().userIndex(), IdIndex.of(rev), revScores);
    double a = Evaluator.builder(s).model(same).metrics("ndcg@3").run().model("x").mean("ndcg@3");
    double b = Evaluator.builder(s).model(other).metrics("ndcg@3").run().model("x").mean("ndcg@3");
    assertThat(b).isEqualTo(a);
  }

  @Test
  void sampledCandidatesAreLabelled() {
    Split s = split();
    float[] sc = {9, 8, 5, 5, 3, 1};
    Recommender m = new FixedScores("f", s.train().userIndex(), s.train().itemIndex(), sc);
    EvaluationResult r =
        Evaluator.builder(s).model(m).candidates(CandidateRule.sampled(1, 3)).run();
    assertThat(r.sampled()).isTrue();
    assertThat(r.candidates()).startsWith("SAMPLED");
    assertThat(Arrays.asList(r.metrics())).isNotEmpty();
  }

  @Test
  void rejectsUnknownMetric() {
    Split s = split();
    Recommender m =
        new FixedScores("f", s.train().userIndex(), s.train().itemIndex(), new float[6]);
    assertThatThrownBy(() -> Evaluator.builder(s).model(m).metrics("ndgc@10").build())
        .hasMessageContaining("ndgc");
  }

  @Test
  void aBadMetricFailsWhenSetNotWhenTheEvaluationRuns() {
    Evaluator.Builder b = Evaluator.builder(split());
    assertThatThrownBy(() -> b.metrics("recall@10", "ndcg@0"))
        .hasMessageContaining("k must be >= 1");
    assertThatThrownBy(() -> b.metrics("coverage@x")).hasMessageContaining("coverage@x");
    assertThatThrownBy(() -> b.metrics("ndgc@10")).hasMessageContaining("ndgc");
  }
}
