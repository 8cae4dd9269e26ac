package dev.flm.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * Regression test for the non-finite encoder gradients of issue 6: constant factors that autograd
 * keeps must not live in Java buffers that the garbage collector frees before the backward pass.
 */
class ScalarsTest {
  /** Lets the garbage collector run and the cleaners of unreachable direct buffers free them. */
  static void collectGarbage() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void constantFactorsSurviveAGarbageCollectionBetweenForwardAndBackward() {
    try (NDManager m = Torch.newManager()) {
      NDArray x = m.full(new Shape(8), 3f);
      x.setRequiresGradient(true);
      NDArray grad;
      try (NDManager step = m.newSubManager();
          GradientCollector gc = Torch.engine().newGradientCollector()) {
        NDArray y = x;
        // d/dx of x * 2^k / 4^k = 2^-k; many constants make a freed one likely to be read.
        for (int k = 0; k < 40; k++) {
          y = Scalars.div(Scalars.mul(y, 2), 4);
        }
        NDArray loss = y.sum();
        collectGarbage();
        gc.backward(loss);
        grad = x.getGradient();
        float[] g = grad.toFloatArray();
        for (float v : g) {
          assertThat(v).isEqualTo((float) Math.pow(2, -40));
        }
        assertThat(step.isOpen()).isTrue();
      }
    }
  }

  @Test
  void mulAndDivComputeTheProductAndQuotient() {
    try (NDManager m = Torch.newManager()) {
      NDArray x = m.create(new float[] {1f, -2f, 3f});
      assertThat(Scalars.mul(x, 2.5).toFloatArray()).containsExactly(2.5f, -5f, 7.5f);
      assertThat(Scalars.div(x, 4).toFloatArray()).containsExactly(0.25f, -0.5f, 0.75f);
    }
  }
}
