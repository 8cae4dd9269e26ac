package dev.flm.metric;

import java.util.Arrays;

/**
 * Per-user area under the ROC curve: the share of (relevant, non-relevant) candidate pairs in which
 * the relevant item scores higher, ties counting one half. Computed in O(candidates · log) without
 * a top-K cut-off.
 */
public final class Auc {
  private Auc() {}

  /**
   * AUC over the candidates {@code candidates} (dense item indices), {@code relevantSorted} those
   * of them that are relevant (ascending). NaN when there are no relevant or no non-relevant
   * candidates.
   */
  public static double compute(float[] scores, int[] candidates, int[] relevantSorted) {
    int n = candidates.length;
    float[] pos = new float[n];
    float[] neg = new float[n];
    int np = 0;
    int nn = 0;
    for (int c : candidates) {
      float s = scores[c];
      if (s != s) {
        s = Float.NEGATIVE_INFINITY;
      }
      if (Arrays.binarySearch(relevantSorted, c) >= 0) {
        pos[np++] = s;
      } else {
        neg[nn++] = s;
      }
    }
    if (np == 0 || nn == 0) {
      return Double.NaN;
    }
    Arrays.sort(neg, 0, nn);
    double sum = 0;
    for (int p = 0; p < np; p++) {
      int below = lowerBound(neg, nn, pos[p]);
      int notAbove = upperBound(neg, nn, pos[p]);
      sum += below + 0.5 * (notAbove - below);
    }
    return sum / ((double) np * nn);
  }

  private static int lowerBound(float[] a, int n, float x) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int m = (lo + hi) >>> 1;
      if (a[m] < x) {
        lo = m + 1;
      } else {
        hi = m;
      }
    }
    return lo;
  }

  private static int upperBound(float[] a, int n, float x) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int m = (lo + hi) >>> 1;
      if (a[m] <= x) {
        lo = m + 1;
      } else {
        hi = m;
      }
    }
    return lo;
  }
}
