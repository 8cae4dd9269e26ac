package dev.flm.train.bert;

import dev.flm.train.bert.Safetensors.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** A tiny randomly initialised BERT (seeded) for fast unit tests. */
final class TinyBert {
  static final BertConfig CONFIG = new BertConfig(60, 16, 3, 2, 32, 24, 2, 1e-12, "gelu");

  private TinyBert() {}

  static BertWeights weights(long seed) {
    return weights(CONFIG, seed);
  }

  static BertWeights weights(BertConfig config, long seed) {
    Random r = new Random(seed);
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : BertWeights.expectedShapes(config).entrySet()) {
      int n = 1;
      for (int d : e.getValue()) {
        n *= d;
      }
      float[] data = new float[n];
      boolean lnWeight = e.getKey().endsWith("LayerNorm.weight");
      for (int i = 0; i < n; i++) {
        data[i] = lnWeight ? 1f + 0.1f * (float) r.nextGaussian() : 0.2f * (float) r.nextGaussian();
      }
      m.put(e.getKey(), new Tensor(e.getValue(), data));
    }
    return new BertWeights(config, m, "tiny");
  }
}
