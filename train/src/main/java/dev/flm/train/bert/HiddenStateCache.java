package dev.flm.train.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Per-item hidden states after the frozen lower part of the encoder (embeddings and layers below
 * the first trainable one). They never change while only the top layers train, so each item's lower
 * layers run once per training run instead of once per step. Stored unpadded, {@code length x
 * hidden} floats per item, on the Java heap.
 */
public final class HiddenStateCache {
  private final int hidden;
  private final float[][] states;
  private final int[] lengths;

  private HiddenStateCache(int hidden, float[][] states, int[] lengths) {
    this.hidden = hidden;
    this.states = states;
    this.lengths = lengths;
  }

  /**
   * Runs the encoder's embeddings and layers {@code [0, upTo)} over every item, in length-sorted
   * batches of at most {@code tokenBudget} padded tokens, without gradients.
   */
  public static HiddenStateCache build(
      BertEncoder encoder, long[][] ids, long[][] typeIds, int upTo, int tokenBudget) {
    int n = ids.length;
    int h = encoder.config().hiddenSize();
    float[][] states = new float[n][];
    int[] lengths = new int[n];
    for (int[] batch : TokenBatches.plan(ids, tokenBudget)) {
      long[][] bi = new long[batch.length][];
      long[][] bt = new long[batch.length][];
      for (int k = 0; k < batch.length; k++) {
        bi[k] = ids[batch[k]];
        bt[k] = typeIds[batch[k]];
      }
      try (NDManager step = encoder.manager().newSubManager()) {
        BertEncoder.Batch b = BertEncoder.Batch.of(step, bi, bt);
        NDArray x = encoder.embed(b.ids(), b.typeIds(), false);
        x = encoder.layers(x, BertEncoder.maskBias(b.mask()), 0, upTo, false);
        float[] flat = x.toFloatArray();
        int len = (int) x.getShape().get(1);
        for (int k = 0; k < batch.length; k++) {
          int l = bi[k].length;
          lengths[batch[k]] = l;
          states[batch[k]] = Arrays.copyOfRange(flat, k * len * h, (k * len + l) * h);
        }
      }
    }
    return new HiddenStateCache(h, states, lengths);
  }

  public int size() {
    return states.length;
  }

  public int length(int item) {
    return lengths[item];
  }

  /** Bytes held. */
  public long bytes() {
    long b = 0;
    for (float[] s : states) {
      b += 4L * s.length + 16;
    }
    return b;
  }

  /** Padded hidden states [B, L, H] of {@code items} and their 0/1 mask [B, L] in {@code m}. */
  public NDArray[] batch(NDManager m, int[] items) {
    int len = 1;
    for (int i : items) {
      len = Math.max(len, lengths[i]);
    }
    float[] flat = new float[items.length * len * hidden];
    long[] mask = new long[items.length * len];
    for (int k = 0; k < items.length; k++) {
      float[] s = states[items[k]];
      System.arraycopy(s, 0, flat, k * len * hidden, s.length);
      Arrays.fill(mask, k * len, k * len + lengths[items[k]], 1L);
    }
    // Copies owned by the engine: autograd keeps the input for the backward pass, which must not
    // depend on the lifetime of the Java buffer the array was created from.
    return new NDArray[] {
      owned(m.create(flat, new Shape(items.length, len, hidden))),
      owned(m.create(mask, new Shape(items.length, len)))
    };
  }

  static NDArray owned(NDArray a) {
    NDArray copy = a.duplicate();
    a.close();
    return copy;
  }
}
