package dev.flm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A text tower over precomputed vectors (the encoder is frozen): rows are constants, so FLM trains
 * only its projections. Optional field dropout: with probability {@code fieldDropout} an item is
 * represented in a training step by the vector of its text with one field removed ({@code
 * variants[f]} = every item's vector without field f).
 */
public final class FrozenTextTower implements TextTower {
  private final String name;
  private final float[][] vectors;
  private final float[][][] variants;
  private final double fieldDropout;
  private final SplittableRandom rnd;
  private final int dim;
  private final boolean[] hasText;
  private NDArray all;

  /**
   * @param vectors numItems x dim text vectors (zero rows for items without text)
   * @param hasText which items have text, or null to treat non-zero rows as having text
   * @param variants per removed field, numItems x dim vectors; may be null or empty
   */
  public FrozenTextTower(
      String name,
      float[][] vectors,
      boolean[] hasText,
      float[][][] variants,
      double fieldDropout,
      long seed) {
    this.name = Objects.requireNonNull(name, "name");
    this.vectors = Objects.requireNonNull(vectors, "vectors");
    this.dim = vectors.length == 0 ? 0 : vectors[0].length;
    this.variants = variants == null ? new float[0][][] : variants;
    this.fieldDropout = fieldDropout;
    this.rnd = new SplittableRandom(seed);
    if (hasText == null) {
      hasText = new boolean[vectors.length];
      for (int i = 0; i < vectors.length; i++) {
        for (float x : vectors[i]) {
          if (x != 0f) {
            hasText[i] = true;
            break;
          }
        }
      }
    }
    this.hasText = hasText;
  }

  /** Without field dropout. */
  public FrozenTextTower(String name, float[][] vectors) {
    this(name, vectors, null, null, 0, 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public int numItems() {
    return vectors.length;
  }

  @Override
  public boolean trainable() {
    return false;
  }

  @Override
  public boolean hasText(int item) {
    return hasText[item];
  }

  @Override
  public void attach(NDManager parameterManager) {
    float[] flat = new float[vectors.length * dim];
    for (int i = 0; i < vectors.length; i++) {
      System.arraycopy(vectors[i], 0, flat, i * dim, dim);
    }
    all = parameterManager.create(flat, new Shape(vectors.length, dim));
  }

  @Override
  public NDArray forward(NDManager step, int[] items, boolean training) {
    if (all == null) {
      throw new IllegalStateException("attach() the tower before forward()");
    }
    boolean augment = training && fieldDropout > 0 && variants.length > 0;
    if (!augment) {
      if (items == null) {
        return all;
      }
      return all.get(step.create(items));
    }
    int n = items == null ? vectors.length : items.length;
    float[] flat = new float[n * dim];
    for (int r = 0; r < n; r++) {
      int i = items == null ? r : items[r];
      float[] v = vectors[i];
      if (rnd.nextDouble() < fieldDropout) {
        v = variants[rnd.nextInt(variants.length)][i];
      }
      System.arraycopy(v, 0, flat, r * dim, dim);
    }
    return step.create(flat, new Shape(n, dim));
  }

  @Override
  public List<NDArray> parameters() {
    return List.of();
  }

  @Override
  public float[][] snapshot() {
    return vectors;
  }

  @Override
  public void close() {
    if (all != null) {
      all.close();
      all = null;
    }
  }
}
