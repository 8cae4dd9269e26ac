package dev.flm.model.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.model.ModelType;
import dev.flm.testing.RecommenderContract;
import org.junit.jupiter.api.Test;

class MostPopularContractTest extends RecommenderContract {
  @Override
  protected ModelType type() {
    return new BaselineTypes.MostPopularType();
  }

  @Override
  protected boolean personalised() {
    return false;
  }

  @Test
  void scoresAreTrainingCounts() {
    int[] counts = data.interactions().countsPerItem();
    float[] s = scores(model, 3);
    for (int i = 0; i < counts.length; i++) {
      assertThat(s[i]).isEqualTo((float) counts[i]);
    }
  }
}
