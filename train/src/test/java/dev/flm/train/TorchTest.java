package dev.flm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
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

  @Test
  void deviceFollowsTheFlmDeviceProperty() {
    String before = System.getProperty("flm.device");
    try {
      System.clearProperty("flm.device");
      assertThat(Torch.device()).isEqualTo(Torch.engine().defaultDevice());
      System.setProperty("flm.device", "cpu");
      assertThat(Torch.device()).isEqualTo(Device.cpu());
      try (NDManager m = Torch.newManager()) {
        assertThat(m.getDevice()).isEqualTo(Device.cpu());
        assertThat(m.create(new float[] {1f}).getDevice()).isEqualTo(Device.cpu());
      }
      // A bare "gpu" is the first GPU, not DJL's gpu(-1) (libtorch's current device).
      System.setProperty("flm.device", " gpu ");
      assertThat(Torch.device()).isEqualTo(Device.gpu(0));
      System.setProperty("flm.device", "gpu1");
      assertThat(Torch.device()).isEqualTo(Device.gpu(1));
    } finally {
      if (before == null) {
        System.clearProperty("flm.device");
      } else {
        System.setProperty("flm.device", before);
      }
    }
  }

  @Test
  void copyIntoWritesInPlaceSoEarlierViewsSeeTheNewValues() {
    try (NDManager m = Torch.newManager()) {
      NDArray w = m.zeros(new ai.djl.ndarray.types.Shape(2, 3));
      w.setRequiresGradient(true);
      NDArray view = w.reshape(6); // shares w's storage
      Torch.copyInto(w, new float[] {1f, 2f, Float.NaN, 4f, 5f, 6f});
      assertThat(w.toFloatArray()).containsExactly(1f, 2f, Float.NaN, 4f, 5f, 6f);
      assertThat(view.toFloatArray()).containsExactly(1f, 2f, Float.NaN, 4f, 5f, 6f);
      assertThat(w.hasGradient()).isTrue();
      assertThatThrownBy(() -> Torch.copyInto(w, new float[5]))
          .hasMessageContaining("5 values")
          .hasMessageContaining("(2, 3)");
    }
  }
}
