package dev.flm.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class TorchTest {

  @Test
  void pytorchEngineLoadsOfflineAndComputesGradients() {
    Engine engine = Torch.engine();
    assertThat(engine.getEngineName()).isEqualTo("PyTorch");
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    try (NDManager m = Torch.newManager()) {
      NDArray x = m.create(new float[] {1f, 2f, 3f});
      x.setRequiresGradient(true);
      try (GradientCollector gc = engine.newGradientCollector()) {
        NDArray y = x.mul(x).sum(); // d/dx sum(x^2) = 2x
        gc.backward(y);
      }
      assertThat(x.getGradient().toFloatArray()).containsExactly(2f, 4f, 6f);
    }
  }
}
