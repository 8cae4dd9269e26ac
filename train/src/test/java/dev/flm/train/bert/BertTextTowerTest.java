package dev.flm.train.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.flm.text.EncoderSpec;
import dev.flm.text.Pooling;
import dev.flm.train.Torch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BertTextTowerTest {
  static final EncoderSpec SPEC = new EncoderSpec("tiny", Pooling.MEAN, true, "", "", 24, 16);

  /** Seeded random token sequences; item 4 has no text. */
  static long[][][] tokens(int items, long seed) {
    Random r = new Random(seed);
    long[][] ids = new long[items][];
    long[][] types = new long[items][];
    for (int i = 0; i < items; i++) {
      int len = i == 4 ? 0 : 3 + r.nextInt(10);
      ids[i] = new long[len];
      types[i] = new long[len];
      for (int t = 0; t < len; t++) {
        ids[i][t] = t == 0 ? 1 : 2 + r.nextInt(57);
      }
    }
    return new long[][][] {ids, types};
  }

  static BertTextTower tower(String mode, long[][][] tok) {
    return new BertTextTower(
        "tiny",
        TinyBert.weights(3),
        SPEC,
        tok[0],
        tok[1],
        new BertTextTower.Options(FineTuneMode.parse(mode), 0f, 40, 1000));
  }

  @Test
  void cachedLowerLayersGiveTheSameVectorsAsTheFullEncoder() {
    long[][][] tok = tokens(12, 1);
    try (NDManager m = Torch.newManager();
        BertTextTower t = tower("top-1", tok);
        BertEncoder full = new BertEncoder(TinyBert.weights(3), Pooling.MEAN, true, m)) {
      t.attach(m);
      int[] items = {0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11};
      long[][] ids = new long[items.length][];
      long[][] types = new long[items.length][];
      for (int k = 0; k < items.length; k++) {
        ids[k] = tok[0][items[k]];
        types[k] = tok[1][items[k]];
      }
      float[][] expected = full.encode(ids, types);
      try (NDManager step = m.newSubManager()) {
        float[][] actual = BertEncoder.toRows(t.forward(step, items, false));
        for (int k = 0; k < items.length; k++) {
          for (int d = 0; d < 16; d++) {
            assertThat(actual[k][d]).isCloseTo(expected[k][d], within(1e-5f));
          }
        }
      }
      float[][] snap = t.snapshot();
      assertThat(snap[4]).containsOnly(0f);
      assertThat(snap[3][0]).isCloseTo(expected[3][0], within(1e-5f));
    }
  }

  @Test
  void eachDistinctItemIsEncodedOncePerStep() {
    long[][][] tok = tokens(12, 2);
    try (NDManager m = Torch.newManager();
        BertTextTower t = tower("top-2", tok)) {
      t.attach(m);
      try (NDManager step = m.newSubManager()) {
        float[][] v = BertEncoder.toRows(t.forward(step, new int[] {3, 3, 7, 4, 3, 7}, true));
        assertThat(t.itemsEncoded()).isEqualTo(2);
        assertThat(v[0]).containsExactly(v[1]);
        assertThat(v[0]).containsExactly(v[4]);
        assertThat(v[2]).containsExactly(v[5]);
        assertThat(v[3]).containsOnly(0f);
      }
    }
  }

  /**
   * A top-2 tower serving negatives from its snapshot, {@code perStep} items per catalogue step.
   */
  private static BertTextTower snapshotTower(long[][][] tok, int perStep) {
    return new BertTextTower(
        "tiny",
        TinyBert.weights(3),
        SPEC,
        tok[0],
        tok[1],
        new BertTextTower.Options(FineTuneMode.parse("top-2"), 0f, 40, 1000, true, perStep, false));
  }

  /** Moves the first trainable weight, as an optimizer step would. */
  private static void move(BertTextTower t) {
    NDArray w = t.encoder().parameter(t.trainableNames().get(0));
    float[] moved = w.toFloatArray();
    for (int k = 0; k < moved.length; k++) {
      moved[k] += 0.05f * ((k % 7) - 3);
    }
    dev.flm.train.Torch.copyInto(w, moved);
  }

  @Test
  void negativesNotAmongTheCurrentRowsComeFromTheSnapshotWithoutBeingEncoded() {
    long[][][] tok = tokens(12, 3);
    try (NDManager m = Torch.newManager();
        BertTextTower t = snapshotTower(tok, 1024)) {
      t.attach(m);
      float[][] before = t.snapshot();
      // The weights move after the snapshot (as a training step would move them).
      move(t);
      try (NDManager step = m.newSubManager()) {
        // Rows 0-2 are current (3, 7, 3); 7 again, then 5 and 9 (not current), then 4 (no text).
        int[] items = {3, 7, 3, 7, 5, 9, 4};
        float[][] v = BertEncoder.toRows(t.forward(step, items, true, Arrays.copyOf(items, 3)));
        assertThat(t.itemsEncoded()).isEqualTo(2);
        assertThat(v[2]).containsExactly(v[0]);
        assertThat(v[3]).containsExactly(v[1]);
        assertThat(v[0]).isNotEqualTo(before[3]);
        assertThat(v[4]).containsExactly(before[5]);
        assertThat(v[5]).containsExactly(before[9]);
        assertThat(v[6]).containsOnly(0f);
        // Without the option (or outside training) every row is current.
        float[][] all = BertEncoder.toRows(t.forward(step, items, false, Arrays.copyOf(items, 3)));
        assertThat(all[4]).isNotEqualTo(before[5]);
      }
    }
  }

  @Test
  void aCatalogueStepEncodesABoundedPrefixOfItsTargetsAndTakesTheRestFromTheSnapshot() {
    long[][][] tok = tokens(12, 5);
    try (NDManager m = Torch.newManager();
        BertTextTower t = snapshotTower(tok, 2)) {
      t.attach(m);
      float[][] before = t.snapshot();
      try (NDManager step = m.newSubManager()) {
        t.forward(step, new int[] {1}, true); // a training step, which then moves the weights
      }
      move(t);
      try (NDManager step = m.newSubManager()) {
        // Targets 4 (no text), 8, 2, 6: the first two with text (8, 2) are encoded afresh.
        NDArray all = t.forward(step, null, true, new int[] {4, 8, 2, 6});
        assertThat(all.getShape()).isEqualTo(new Shape(12, 16));
        assertThat(t.itemsEncoded()).isEqualTo(1 + 2);
        float[][] v = BertEncoder.toRows(all);
        float[][] current = BertEncoder.toRows(t.forward(step, new int[] {8, 2}, false));
        for (int d = 0; d < 16; d++) {
          assertThat(v[8][d]).isCloseTo(current[0][d], within(1e-5f));
          assertThat(v[2][d]).isCloseTo(current[1][d], within(1e-5f));
        }
        assertThat(v[8]).isNotEqualTo(before[8]);
        for (int i : new int[] {0, 1, 3, 4, 5, 6, 7, 9, 10, 11}) {
          assertThat(v[i]).as("item " + i).containsExactly(before[i]);
        }
      }
    }
  }

  @Test
  void topTwoTrainsOnlyTheTopTwoLayersAndReducesTheLoss() {
    assertFreezing("top-2", 0);
  }

  @Test
  void allTrainsEveryLayerAndTheEmbeddings() {
    assertFreezing("all", -1);
  }

  /** Fits item vectors to fixed targets; checks which weights moved. */
  private static void assertFreezing(String mode, int lastFrozenLayer) {
    long[][][] tok = tokens(12, 3);
    BertWeights before = TinyBert.weights(3);
    Engine engine = Torch.engine();
    engine.setRandomSeed(5);
    Random r = new Random(9);
    float[] target = new float[12 * 16];
    for (int i = 0; i < 12; i++) {
      double norm = 0;
      for (int d = 0; d < 16; d++) {
        target[i * 16 + d] = (float) r.nextGaussian();
        norm += target[i * 16 + d] * target[i * 16 + d];
      }
      for (int d = 0; d < 16; d++) {
        target[i * 16 + d] /= (float) Math.sqrt(norm);
      }
    }
    List<Float> losses = new ArrayList<>();
    BertWeights after;
    try (NDManager m = Torch.newManager();
        BertTextTower t = tower(mode, tok)) {
      t.attach(m);
      List<NDArray> params = t.parameters();
      assertThat(params).isNotEmpty();
      int[] items = {0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 0, 3};
      for (int s = 0; s < 15; s++) {
        try (NDManager step = m.newSubManager()) {
          float loss;
          try (GradientCollector gc = engine.newGradientCollector()) {
            NDArray v = t.forward(step, items, true);
            float[] tg = new float[items.length * 16];
            for (int k = 0; k < items.length; k++) {
              System.arraycopy(target, items[k] * 16, tg, k * 16, 16);
            }
            NDArray l = v.sub(step.create(tg, new Shape(items.length, 16))).square().sum();
            loss = l.getFloat();
            gc.backward(l);
          }
          losses.add(loss);
          for (NDArray p : params) {
            NDArray g = p.getGradient();
            p.subi(g.mul(0.01f));
            g.subi(g);
          }
        }
      }
      after = t.weights();
    }
    System.out.println(mode + " losses " + losses);
    assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0) * 0.9f);
    for (String n : before.tensors().keySet()) {
      int layer = BertWeights.layerOf(n);
      boolean same = Arrays.equals(before.tensor(n).data(), after.tensor(n).data());
      boolean frozen = lastFrozenLayer >= 0 && layer <= lastFrozenLayer;
      if (frozen) {
        assertThat(same).as(n + " is frozen").isTrue();
      } else if (!n.equals("embeddings.token_type_embeddings.weight")
          && !n.endsWith("attention.self.key.bias")) {
        // (type 1 never occurs; a key bias shifts all scores of a query equally: zero gradient)
        assertThat(same).as(n + " trains").isFalse();
      }
    }
  }
}
