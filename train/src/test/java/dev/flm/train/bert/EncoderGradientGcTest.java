package dev.flm.train.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.flm.text.Pooling;
import dev.flm.train.Torch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression test for issue 6's non-finite encoder gradients: a garbage collection between the
 * forward and the backward pass must not change the encoder's gradients (it did while the attention
 * scale was a DJL scalar over a Java buffer that the collector freed).
 */
class EncoderGradientGcTest {
  private static List<float[]> gradients(boolean collectBeforeBackward) {
    long[][] ids = {{1, 5, 9, 12, 3}, {1, 7, 2}, {1, 40, 41, 42, 43, 44, 45}};
    long[][] types = {new long[5], new long[3], new long[7]};
    try (NDManager root = Torch.newManager()) {
      BertEncoder enc = new BertEncoder(TinyBert.weights(11), Pooling.MEAN, true, root);
      List<String> top = new ArrayList<>();
      for (String n : enc.parameters().keySet()) {
        if (BertWeights.layerOf(n) == 2) {
          top.add(n);
        }
      }
      enc.setTrainable(top);
      try (NDManager step = root.newSubManager();
          GradientCollector gc = Torch.engine().newGradientCollector()) {
        BertEncoder.Batch b = BertEncoder.Batch.of(step, ids, types);
        NDArray loss = enc.forward(b.ids(), b.typeIds(), b.mask(), false).square().sum();
        if (collectBeforeBackward) {
          dev.flm.train.ScalarsTestAccess.collectGarbage();
        }
        gc.backward(loss);
        List<float[]> out = new ArrayList<>();
        for (String n : top) {
          out.add(enc.parameter(n).getGradient().toFloatArray());
        }
        return out;
      }
    }
  }

  @Test
  void garbageCollectionBetweenForwardAndBackwardLeavesGradientsUnchanged() {
    List<float[]> plain = gradients(false);
    for (int round = 0; round < 3; round++) {
      List<float[]> collected = gradients(true);
      for (int i = 0; i < plain.size(); i++) {
        for (float v : collected.get(i)) {
          assertThat(Float.isFinite(v)).isTrue();
        }
        assertThat(collected.get(i)).containsExactly(plain.get(i));
      }
    }
  }
}
