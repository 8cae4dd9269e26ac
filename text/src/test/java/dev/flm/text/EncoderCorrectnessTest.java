package dev.flm.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reference values of the catalogue models and batch invariance. */
class EncoderCorrectnessTest {
  static OnnxEncoder minilm;

  @BeforeAll
  static void open() throws Exception {
    minilm =
        ModelCatalogue.open("all-minilm-l6-v2", OnnxEncoder.Options.defaults().withThreads(2, 1));
  }

  @AfterAll
  static void close() {
    minilm.close();
  }

  @Test
  void miniLmMatchesSentenceTransformersReference() {
    float[][] v =
        minilm.encode(
            List.of(
                "The weather is lovely today.",
                "It's so sunny outside!",
                "He drove to the stadium."));
    assertThat(v[0]).hasSize(384);
    assertThat(Vectors.dot(v[0], v[0])).isCloseTo(1f, within(1e-5f));
    assertThat(Vectors.cosine(v[0], v[1])).isCloseTo(0.6660, within(0.00005));
    assertThat(Vectors.cosine(v[0], v[2])).isCloseTo(0.1046, within(0.00005));
    assertThat(Vectors.cosine(v[1], v[2])).isCloseTo(0.1411, within(0.00005));
  }

  @Test
  void aloneEqualsInPaddedBatch() {
    String shortText = "Toy Story";
    List<String> batch = new ArrayList<>();
    batch.add(shortText);
    batch.add(
        "A long text that forces padding of the short one: adventures of a cowboy doll and a space"
            + " ranger who learn to get along in a child's bedroom, with jokes for all ages.");
    batch.add("Heat (1995). Genres: Action, Crime, Thriller");
    float[] alone = minilm.encode(shortText, Role.PASSAGE);
    float[][] together = minilm.encode(batch);
    for (int d = 0; d < alone.length; d++) {
      assertThat(together[0][d]).isCloseTo(alone[d], within(1e-5f));
    }
    assertThat(minilm.encode(batch.get(2), Role.PASSAGE)[0])
        .isCloseTo(together[2][0], within(1e-5f));
  }
}
