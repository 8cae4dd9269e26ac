package dev.flm.model.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.model.ModelType;
import dev.flm.testing.RecommenderContract;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomContractTest extends RecommenderContract {
  @Override
  protected ModelType type() {
    return new BaselineTypes.RandomType();
  }

  @Test
  void otherSeedGivesOtherScoresInUnitInterval() {
    float[] a = scores(model, 0);
    float[] b = scores(train(SEED + 1), 0);
    assertThat(Arrays.equals(a, b)).isFalse();
    for (float x : a) {
      assertThat(x).isBetween(0f, 1f);
    }
  }
}
