package dev.flm.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flm.data.IdIndex;
import dev.flm.data.SparseMatrix;
import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Provenance;
import dev.flm.model.Recommender;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlmRecommenderTest {

  /** Two users, three items, d=2, text dim 2: every number below is worked out by hand. */
  static FlmRecommender fixture(boolean cosine) {
    FlmParts parts =
        new FlmParts(
            2,
            new float[] {1, 0, 0, 2},
            new float[] {1, 1, 2, 0, 0, 3},
            new float[] {0.5f, 0f, -1f},
            cosine,
            0.5f,
            new float[] {0.1f, 0.1f},
            new float[] {1, 0, 0, 1, 1, 1},
            "mean",
            0f,
            2,
            new float[] {1, 0, 0, 1},
            new float[] {0, 1, 1, 0},
            null,
            new float[] {0.25f, 0.5f},
            0,
            null,
            new float[] {0f, 0f},
            -0.5f);
    return new FlmRecommender(
        IdIndex.of("u1", "u2"),
        IdIndex.of("a", "b", "c"),
        parts,
        "stand-in",
        1,
        Provenance.now("flm", Map.of(), "fixture", "x", "none", 1, "stand-in"));
  }

  @Test
  void dotScoresAddTheItemBias() {
    float[] out = new float[3];
    fixture(false).score(1, out); // p = (0,2)
    assertThat(out).containsExactly(2.5f, 0f, 5f);
  }

  @Test
  void cosineScoresAreDividedByTemperature() {
    float[] out = new float[3];
    fixture(true).score(0, out); // p = (1,0); cos = 1/sqrt2, 1, 0; /0.5
    assertThat(out[0]).isCloseTo((float) (2 / Math.sqrt(2)) + 0.5f, within(1e-5f));
    assertThat(out[1]).isCloseTo(2f, within(1e-5f));
    assertThat(out[2]).isCloseTo(-1f, within(1e-5f));
  }

  @Test
  void unknownUserUsesTheBaseVector() {
    float[] out = new float[3];
    fixture(false).score(-1, out); // p = (0.1,0.1)
    assertThat(out[0]).isCloseTo(0.7f, within(1e-6f));
    assertThat(out[1]).isCloseTo(0.2f, within(1e-6f));
    assertThat(out[2]).isCloseTo(-0.7f, within(1e-6f));
  }

  @Test
  void newUserIsFoldedInFromHistoryAndText() {
    FlmRecommender m = fixture(false);
    // base (0.1,0.1) + mean of history rows 0 and 2: ((1,0)+(1,1))/2 = (1,0.5)
    assertThat(m.userVector(null, new int[] {0, 2})).containsExactly(1.1f, 0.6f);
    // text (2,3) through userTextProj [[0,1],[1,0]] = (3,2)
    assertThat(m.userVector(new float[] {2, 3}, null)).containsExactly(3.1f, 2.1f);
    float[] out = new float[3];
    m.scoreHistory(new int[] {0, 2}, out);
    assertThat(out[1]).isCloseTo(2.2f, within(1e-6f));
  }

  @Test
  void recencyWeightsFavourTheNewestHistoryItems() {
    float[] w = FlmParts.poolWeights(3, "mean", 1.0);
    assertThat(w[0]).isCloseTo(0.25f / 1.75f, within(1e-6f));
    assertThat(w[2]).isCloseTo(1f / 1.75f, within(1e-6f));
    float[] s = FlmParts.poolWeights(2, "sqrtn", 0);
    assertThat(s[0]).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-6f));
  }

  @Test
  void newItemIsScoredFromItsTextAlone() {
    FlmRecommender m = fixture(false);
    FlmRecommender.ColdItem c = m.coldItem(new float[] {2, 4}, null);
    assertThat(c.vector()).containsExactly(2f, 4f);
    assertThat(c.bias()).isCloseTo(-0.5f + 0.5f + 2f, within(1e-6f));
    assertThat(m.score(m.knownUserVector(1), c)).isCloseTo(8f + 2f, within(1e-6f));
    assertThatThrownBy(() -> m.coldItem(new float[] {1, 2, 3}, null))
        .hasMessageContaining("dimension 3")
        .hasMessageContaining("expects 2");
  }

  @Test
  void savesAndLoadsThroughTheModelFolder(@TempDir Path tmp) throws Exception {
    FlmRecommender m = fixture(true);
    FlmRecommender l = (FlmRecommender) ModelType.named("flm").load(saved(m, tmp.resolve("model")));
    assertScoresEqual(m, l);
    assertThat(l.encoder()).isEqualTo("stand-in");
    assertThat(l.itemsWithoutText()).isEqualTo(1);
    assertThat(l.coldItem(new float[] {1, 1}, null).bias())
        .isEqualTo(m.coldItem(new float[] {1, 1}, null).bias());
  }

  /**
   * The fixture with an item-item term: u1's history is {a}, u2's is {b, c}; a history item adds
   * W[j, i] to item i (a→b 1, a→c -2, b→a 4, c→a 0.5), scaled by 0.5.
   */
  static FlmRecommender withNeighbours() {
    FlmRecommender m = fixture(false);
    SparseMatrix w =
        new SparseMatrix(
            3, 3, new int[] {0, 2, 3, 4}, new int[] {1, 2, 0, 0}, new float[] {1, -2, 4, 0.5f});
    ItemNeighbours nb = new ItemNeighbours(0.5f, w, new int[] {0, 1, 3}, new int[] {0, 1, 2});
    return new FlmRecommender(
        m.userIndex(),
        m.itemIndex(),
        m.parts(),
        nb,
        m.encoder(),
        m.itemsWithoutText(),
        m.provenance(),
        Map.of());
  }

  @Test
  void itemItemTermAddsTheScaledWeightsOfTheUsersHistory() {
    FlmRecommender plain = fixture(false);
    FlmRecommender m = withNeighbours();
    float[] base = new float[3];
    float[] s = new float[3];
    plain.score(0, base);
    m.score(0, s);
    assertThat(s).containsExactly(base[0], base[1] + 0.5f, base[2] - 1f);
    plain.score(1, base);
    m.score(1, s);
    assertThat(s).containsExactly(base[0] + 2.25f, base[1], base[2]);
    // An unknown user has no history: factor scores only.
    plain.score(-1, base);
    m.score(-1, s);
    assertThat(s).containsExactly(base);
    // A folded-in history gets the same term as a known user with that history.
    plain.scoreHistory(new int[] {1, 2}, base);
    m.scoreHistory(new int[] {1, 2}, s);
    assertThat(s).containsExactly(base[0] + 2.25f, base[1], base[2]);
  }

  @Test
  void topKForAllUsersIncludesTheItemItemTerm() {
    FlmRecommender m = withNeighbours();
    var all = m.topKAllUsers(3, null, null, 1);
    float[] s = new float[3];
    for (int u = 0; u < 2; u++) {
      m.score(u, s);
      assertThat(all[u].scores()).containsExactlyInAnyOrder(s);
      assertThat(all[u].scores()[0]).isEqualTo(Math.max(s[0], Math.max(s[1], s[2])));
    }
  }

  @Test
  void itemItemTermIsSavedAndLoaded(@TempDir Path tmp) throws Exception {
    FlmRecommender m = withNeighbours();
    ModelType type = ModelType.named("flm");
    FlmRecommender back = (FlmRecommender) type.load(saved(m, tmp.resolve("model")));
    assertThat(back.neighbours()).isNotNull();
    assertThat(back.neighbours().weight()).isEqualTo(0.5f);
    assertScoresEqual(m, back);
    assertThat(
            ((FlmRecommender) type.load(saved(fixture(false), tmp.resolve("plain")))).neighbours())
        .isNull();
  }

  @Test
  void itemItemTermMustMatchTheModelsUsersAndItems() {
    FlmRecommender m = fixture(false);
    SparseMatrix w = new SparseMatrix(2, 2, new int[] {0, 0, 0}, new int[0], new float[0]);
    ItemNeighbours nb = new ItemNeighbours(1f, w, new int[] {0, 0, 0}, new int[0]);
    assertThatThrownBy(
            () ->
                new FlmRecommender(
                    m.userIndex(), m.itemIndex(), m.parts(), nb, "x", 0, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 items");
    assertThatThrownBy(() -> new ItemNeighbours(1f, w, new int[] {0, 1}, new int[] {5}))
        .hasMessageContaining("history item 5");
  }

  /** The unknown user and both known users get the same scores from {@code a} and {@code b}. */
  private static void assertScoresEqual(Recommender a, Recommender b) {
    float[] x = new float[3];
    float[] y = new float[3];
    for (int u = -1; u < 2; u++) {
      a.score(u, x);
      b.score(u, y);
      assertThat(y).containsExactly(x);
    }
  }

  private static ModelFolder saved(FlmRecommender m, Path dir) throws Exception {
    ModelFolder f = ModelFolder.create(dir);
    ModelType.named("flm").save(m, f);
    f.commit("flm", m.provenance());
    return ModelFolder.open(dir);
  }

  @Test
  void trainingWithoutTheTrainModuleSaysWhatIsMissing() {
    assertThatThrownBy(() -> ModelType.named("flm").trainer(Params.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("flm-train");
  }
}
