package dev.flm.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flm.data.IdIndex;
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
    ModelType type = ModelType.named("flm");
    ModelFolder f = ModelFolder.create(tmp.resolve("model"));
    type.save(m, f);
    f.commit("flm", m.provenance());
    Recommender back = type.load(ModelFolder.open(tmp.resolve("model")));
    float[] a = new float[3];
    float[] b = new float[3];
    for (int u = -1; u < 2; u++) {
      m.score(u, a);
      back.score(u, b);
      assertThat(b).containsExactly(a);
    }
    FlmRecommender l = (FlmRecommender) back;
    assertThat(l.encoder()).isEqualTo("stand-in");
    assertThat(l.itemsWithoutText()).isEqualTo(1);
    assertThat(l.coldItem(new float[] {1, 1}, null).bias())
        .isEqualTo(m.coldItem(new float[] {1, 1}, null).bias());
  }

  @Test
  void trainingWithoutTheTrainModuleSaysWhatIsMissing() {
    assertThatThrownBy(() -> ModelType.named("flm").trainer(Params.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("flm-train");
  }
}
