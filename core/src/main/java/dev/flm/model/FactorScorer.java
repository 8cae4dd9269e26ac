package dev.flm.model;

import dev.flm.data.SparseMatrix;
import dev.flm.util.Parallel;
import java.util.BitSet;

/**
 * Scores and ranks items for many users of a factor model at once: {@code score(u, i) = bias[i] +
 * userFactors[u] · itemFactors[i]}. Immutable and thread-safe after construction.
 *
 * <p>Item factors are copied once into blocks of {@value #ITEM_BLOCK} items stored factor-major, so
 * a block's scores for a group of four users are built by {@code factors} passes of a plain {@code
 * s[i] += a * v[i]} loop that C2 vectorises, over a score tile that stays in L1 while the item
 * block stays in L2. Each user keeps a bounded min-heap of its best {@code k}; a score enters only
 * when it beats the heap's current worst. Seen items are excluded through a CSR matrix walked
 * alongside the item blocks, and an optional candidate set restricts which items may be returned.
 * Ties go to the lower item index, as in {@link TopK}.
 *
 * <p>Shared by every factor model (BPR, ALS, the FLM hybrid): it knows only arrays.
 */
public final class FactorScorer {
  /** Items per block (the block's factors take {@code factors * 4 KiB}). */
  public static final int ITEM_BLOCK = 1024;

  /** Users handled together by one worker (their heaps and cursors stay hot). */
  static final int USER_BLOCK = 64;

  private final int numItems;
  private final int factors;

  /** Row {@code block * factors + d}: factor {@code d} of the block's items. */
  private final float[][] blocked;

  private final float[] bias;

  /**
   * @param itemFactors row-major {@code numItems x factors}
   * @param itemBias per-item bias, or {@code null} for none
   * @param factors number of factors per row
   */
  public FactorScorer(float[] itemFactors, float[] itemBias, int factors) {
    if (factors <= 0) {
      throw new IllegalArgumentException("factors must be >= 1; factors=" + factors);
    }
    if (itemFactors.length % factors != 0) {
      throw new IllegalArgumentException(
          "itemFactors length must be a multiple of factors="
              + factors
              + "; length="
              + itemFactors.length);
    }
    this.factors = factors;
    this.numItems = itemFactors.length / factors;
    if (itemBias != null && itemBias.length != numItems) {
      throw new IllegalArgumentException(
          "itemBias length must equal numItems=" + numItems + "; length=" + itemBias.length);
    }
    this.bias = itemBias == null ? null : itemBias.clone();
    int blocks = (numItems + ITEM_BLOCK - 1) / ITEM_BLOCK;
    this.blocked = new float[blocks * factors][];
    for (int b = 0; b < blocks; b++) {
      int start = b * ITEM_BLOCK;
      int len = Math.min(ITEM_BLOCK, numItems - start);
      for (int d = 0; d < factors; d++) {
        float[] row = new float[len];
        for (int i = 0; i < len; i++) {
          row[i] = itemFactors[(start + i) * factors + d];
        }
        blocked[b * factors + d] = row;
      }
    }
  }

  public int numItems() {
    return numItems;
  }

  public int factors() {
    return factors;
  }

  /** Writes the score of every item for the user vector {@code u[uOff .. uOff+factors)}. */
  public void score(float[] u, int uOff, float[] out) {
    float[] tile = new float[Math.min(ITEM_BLOCK, numItems)];
    for (int start = 0, b = 0; start < numItems; start += ITEM_BLOCK, b++) {
      int len = Math.min(ITEM_BLOCK, numItems - start);
      if (bias == null) {
        java.util.Arrays.fill(tile, 0, len, 0f);
      } else {
        System.arraycopy(bias, start, tile, 0, len);
      }
      for (int d = 0; d < factors; d++) {
        axpy(u[uOff + d], blocked[b * factors + d], tile, len);
      }
      System.arraycopy(tile, 0, out, start, len);
    }
  }

  // Indices of source and target must be the same expression: C2 (JDK 17) does not vectorise a
  // loop that stores to one float[] while loading another at a different offset (they might be
  // the same array), hence the per-factor row arrays.
  private static void axpy(float a, float[] x, float[] y, int len) {
    for (int i = 0; i < len; i++) {
      y[i] += a * x[i];
    }
  }

  /**
   * Top-{@code k} items for each of {@code users} (rows of {@code userFactors}, row-major {@code
   * rows x factors}), best first.
   *
   * @param users rows of {@code userFactors} to rank for, or {@code null} for every row
   * @param exclude items never to return, row {@code r} for user row {@code r}, or {@code null}
   * @param candidates items that may be returned, or {@code null} for all
   * @param threads worker threads (0 = one per core)
   * @return one list per entry of {@code users} (or per row), in the same order
   */
  public Recommendations[] topK(
      float[] userFactors,
      int[] users,
      int k,
      SparseMatrix exclude,
      BitSet candidates,
      int threads) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0; k=" + k);
    }
    if (userFactors.length % factors != 0) {
      throw new IllegalArgumentException(
          "userFactors length must be a multiple of factors=" + factors);
    }
    int rows = userFactors.length / factors;
    int n = users == null ? rows : users.length;
    Recommendations[] out = new Recommendations[n];
    int kk = Math.min(k, numItems);
    int nt = Parallel.threads(threads);
    Scratch[] scratch = new Scratch[nt];
    Parallel.forRange(
        "topk",
        nt,
        n,
        USER_BLOCK,
        (w, from, to) -> {
          if (scratch[w] == null) {
            scratch[w] = new Scratch(kk);
          }
          block(scratch[w], userFactors, users, from, to, kk, exclude, candidates, out);
        });
    return out;
  }

  private static final class Scratch {
    final float[][] tile = new float[4][ITEM_BLOCK];
    final float[] heapS;
    final int[] heapI;
    final int[] size = new int[USER_BLOCK];
    final int[] cursor = new int[USER_BLOCK];
    final int[] end = new int[USER_BLOCK];
    final int[] row = new int[USER_BLOCK];

    Scratch(int k) {
      heapS = new float[USER_BLOCK * Math.max(1, k)];
      heapI = new int[USER_BLOCK * Math.max(1, k)];
    }
  }

  private void block(
      Scratch s,
      float[] uf,
      int[] users,
      int from,
      int to,
      int k,
      SparseMatrix exclude,
      BitSet candidates,
      Recommendations[] out) {
    int nb = to - from;
    for (int j = 0; j < nb; j++) {
      int r = users == null ? from + j : users[from + j];
      s.row[j] = r;
      s.size[j] = 0;
      if (exclude != null && r < exclude.rows()) {
        s.cursor[j] = exclude.rowPtr()[r];
        s.end[j] = exclude.rowPtr()[r + 1];
      } else {
        s.cursor[j] = 0;
        s.end[j] = 0;
      }
    }
    if (k > 0) {
      int[] excl = exclude == null ? null : exclude.colIdx();
      for (int start = 0, b = 0; start < numItems; start += ITEM_BLOCK, b++) {
        int len = Math.min(ITEM_BLOCK, numItems - start);
        for (int g = 0; g < nb; g += 4) {
          int gn = Math.min(4, nb - g);
          fillTile(s.tile, uf, s.row, g, gn, b * factors, start, len);
          for (int q = 0; q < gn; q++) {
            int j = g + q;
            float[] t = s.tile[q];
            if (excl != null) {
              int c = s.cursor[j];
              int e = s.end[j];
              int stop = start + len;
              while (c < e && excl[c] < stop) {
                int item = excl[c++];
                if (item >= start) {
                  t[item - start] = Float.NaN;
                }
              }
              s.cursor[j] = c;
            }
            scan(s, j, t, start, len, k, candidates);
          }
        }
      }
    }
    for (int j = 0; j < nb; j++) {
      out[from + j] = drain(s.heapS, s.heapI, j * Math.max(1, k), s.size[j]);
    }
  }

  private void fillTile(
      float[][] tile, float[] uf, int[] row, int g, int gn, int firstRow, int start, int len) {
    float[] t0 = tile[0];
    float[] t1 = tile[1];
    float[] t2 = tile[2];
    float[] t3 = tile[3];
    for (float[] t : tile) {
      if (bias == null) {
        java.util.Arrays.fill(t, 0, len, 0f);
      } else {
        System.arraycopy(bias, start, t, 0, len);
      }
    }
    int f = factors;
    int u0 = row[g] * f;
    int u1 = (gn > 1 ? row[g + 1] : row[g]) * f;
    int u2 = (gn > 2 ? row[g + 2] : row[g]) * f;
    int u3 = (gn > 3 ? row[g + 3] : row[g]) * f;
    for (int d = 0; d < f; d++) {
      kernel(
          blocked[firstRow + d],
          uf[u0 + d],
          uf[u1 + d],
          uf[u2 + d],
          uf[u3 + d],
          t0,
          t1,
          t2,
          t3,
          len);
    }
  }

  private static void kernel(
      float[] v,
      float a0,
      float a1,
      float a2,
      float a3,
      float[] t0,
      float[] t1,
      float[] t2,
      float[] t3,
      int len) {
    for (int i = 0; i < len; i++) {
      float x = v[i];
      t0[i] += a0 * x;
      t1[i] += a1 * x;
      t2[i] += a2 * x;
      t3[i] += a3 * x;
    }
  }

  private static void scan(
      Scratch s, int j, float[] t, int start, int len, int k, BitSet candidates) {
    float[] hs = s.heapS;
    int[] hi = s.heapI;
    int base = j * k;
    int size = s.size[j];
    int i = 0;
    while (size < k && i < len) {
      float v = t[i];
      int item = start + i++;
      if (v == v && (candidates == null || candidates.get(item))) {
        hs[base + size] = v;
        hi[base + size] = item;
        siftUp(hs, hi, base, size++);
      }
    }
    if (size == k) {
      float thr = hs[base];
      for (; i < len; i++) {
        float v = t[i];
        if (v > thr) {
          int item = start + i;
          if (candidates == null || candidates.get(item)) {
            hs[base] = v;
            hi[base] = item;
            siftDown(hs, hi, base, size);
            thr = hs[base];
          }
        }
      }
    }
    s.size[j] = size;
  }

  private static Recommendations drain(float[] hs, int[] hi, int base, int size) {
    int[] items = new int[size];
    float[] scores = new float[size];
    for (int p = size - 1; p >= 0; p--) {
      items[p] = hi[base];
      scores[p] = hs[base];
      hi[base] = hi[base + p];
      hs[base] = hs[base + p];
      siftDown(hs, hi, base, p);
    }
    return new Recommendations(items, scores);
  }

  private static void siftUp(float[] hs, int[] hi, int base, int p) {
    while (p > 0) {
      int parent = (p - 1) >>> 1;
      if (TopK.better(hs[base + parent], hi[base + parent], hs[base + p], hi[base + p])) {
        swap(hs, hi, base + p, base + parent);
        p = parent;
      } else {
        return;
      }
    }
  }

  private static void siftDown(float[] hs, int[] hi, int base, int size) {
    int p = 0;
    while (true) {
      int l = 2 * p + 1;
      if (l >= size) {
        return;
      }
      int worst = l;
      int r = l + 1;
      if (r < size && TopK.better(hs[base + l], hi[base + l], hs[base + r], hi[base + r])) {
        worst = r;
      }
      if (TopK.better(hs[base + p], hi[base + p], hs[base + worst], hi[base + worst])) {
        swap(hs, hi, base + p, base + worst);
        p = worst;
      } else {
        return;
      }
    }
  }

  private static void swap(float[] hs, int[] hi, int a, int b) {
    float ts = hs[a];
    hs[a] = hs[b];
    hs[b] = ts;
    int ti = hi[a];
    hi[a] = hi[b];
    hi[b] = ti;
  }
}
