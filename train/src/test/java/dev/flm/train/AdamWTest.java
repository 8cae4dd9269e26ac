package dev.flm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class AdamWTest {

  @Test
  void minimisesAQuadraticAndZeroesGradients() {
    Engine engine = Torch.engine();
    try (NDManager m = Torch.newManager()) {
      NDArray x = m.create(new float[] {3f, -2f});
      x.setRequiresGradient(true);
      AdamW opt = new AdamW();
      opt.add("x", new AdamW.Group("g", 0.1, 0, 0), x);
      for (int i = 0; i < 300; i++) {
        try (NDScope scope = new NDScope();
            GradientCollector gc = engine.newGradientCollector()) {
          scope.suppressNotUsedWarning();
          gc.backward(x.sub(m.create(new float[] {1f, 1f})).square().sum());
        }
        opt.step(1.0, 1.0);
      }
      assertThat(x.toFloatArray()[0]).isCloseTo(1f, within(0.05f));
      assertThat(x.toFloatArray()[1]).isCloseTo(1f, within(0.05f));
      assertThat(x.getGradient().toFloatArray()).containsExactly(0f, 0f);
    }
  }

  @Test
  void l1ShrinksSmallWeightsToExactlyZero() {
    Engine engine = Torch.engine();
    try (NDManager m = Torch.newManager()) {
      NDArray x = m.create(new float[] {0.5f, -0.5f});
      x.setRequiresGradient(true);
      AdamW opt = new AdamW();
      opt.add("x", new AdamW.Group("g", 0.05, 0, 1.0), x);
      for (int i = 0; i < 100; i++) {
        try (GradientCollector gc = engine.newGradientCollector()) {
          gc.backward(x.mul(0).sum());
        }
        opt.step(1.0, 1.0);
      }
      assertThat(x.toFloatArray()).containsExactly(0f, 0f);
    }
  }
}
