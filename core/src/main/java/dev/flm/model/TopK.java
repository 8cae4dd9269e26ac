package dev.flm.model;

import java.util.BitSet;

/**
 * Bounded-heap top-K selection over a dense score array, O(n log k) with no boxing. Ties are broken
 * by the lower item index, which (since indices follow id order) means by item id. NaN scores are
 * never selected.
 */
public final class TopK {
  private TopK() {}

  /** The best {@code k} items of {@code scores} allowed by {@code filter}, best first. */
  public static Recommendations select(float[] scores, int k, ItemFilter filter) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0; k=" + k);
    }
    int[] heapI = new int[Math.max(1, k)];
    float[] heapS = new float[Math.max(1, k)];
    int size = 0;
    BitSet cand = filter == null ? null : filter.candidates();
    int[] excl = filter == null ? null : filter.excluded();
    int ex = 0;
    int n = scores.length;
    for (int i = cand == null ? 0 : cand.nextSetBit(0);
        i >= 0 && i < n;
        i = cand == null ? i + 1 : cand.nextSetBit(i + 1)) {
      if (excl != null) {
        while (ex < excl.length && excl[ex] < i) {
          ex++;
        }
        if (ex < excl.length && excl[ex] == i) {
          continue;
        }
      }
      float s = scores[i];
      if (s != s || k == 0) {
        continue;
      }
      if (size < k) {
        heapI[size] = i;
        heapS[size] = s;
        siftUp(heapI, heapS, size++);
      } else if (better(s, i, heapS[0], heapI[0])) {
        heapI[0] = i;
        heapS[0] = s;
        siftDown(heapI, heapS, size);
      }
    }
    int[] items = new int[size];
    float[] out = new float[size];
    for (int p = size - 1; p >= 0; p--) {
      items[p] = heapI[0];
      out[p] = heapS[0];
      heapI[0] = heapI[p];
      heapS[0] = heapS[p];
      siftDown(heapI, heapS, p);
    }
    return new Recommendations(items, out);
  }

  /** True if (s, i) ranks above (t, j): higher score, then lower index. */
  static boolean better(float s, int i, float t, int j) {
    return s > t || (s == t && i < j);
  }

  // Min-heap on rank: the root is the worst of the kept items.
  private static void siftUp(int[] hi, float[] hs, int p) {
    while (p > 0) {
      int parent = (p - 1) >>> 1;
      if (better(hs[parent], hi[parent], hs[p], hi[p])) {
        swap(hi, hs, p, parent);
        p = parent;
      } else {
        break;
      }
    }
  }

  private static void siftDown(int[] hi, float[] hs, int size) {
    int p = 0;
    while (true) {
      int l = 2 * p + 1;
      if (l >= size) {
        return;
      }
      int worst = l;
      int r = l + 1;
      if (r < size && better(hs[l], hi[l], hs[r], hi[r])) {
        worst = r;
      }
      if (better(hs[p], hi[p], hs[worst], hi[worst])) {
        swap(hi, hs, p, worst);
        p = worst;
      } else {
        return;
      }
    }
  }

  private static void swap(int[] hi, float[] hs, int a, int b) {
    int ti = hi[a];
    hi[a] = hi[b];
    hi[b] = ti;
    float ts = hs[a];
    hs[a] = hs[b];
    hs[b] = ts;
  }
}
