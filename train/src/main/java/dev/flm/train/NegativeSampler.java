package dev.flm.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Negative sampling over the items seen in training: uniform, or proportional to count^0.75
 * (popularity-aware).
 */
final class NegativeSampler {
  private final double[] cum;
  private final double total;
  private final int n;

  NegativeSampler(int[] counts, String mode) {
    n = counts.length;
    if ("popularity".equals(mode)) {
      cum = new double[n];
      double t = 0;
      for (int i = 0; i < n; i++) {
        t += Math.pow(counts[i], 0.75);
        cum[i] = t;
      }
      total = t;
    } else {
      cum = new double[n];
      double t = 0;
      for (int i = 0; i < n; i++) {
        t += counts[i] > 0 ? 1 : 0;
        cum[i] = t;
      }
      total = t;
    }
  }

  int sample(SplittableRandom rnd) {
    int at = Arrays.binarySearch(cum, rnd.nextDouble() * total);
    return Math.min(n - 1, at >= 0 ? at + 1 : -at - 1);
  }

  double probability(int i) {
    double prev = i == 0 ? 0 : cum[i - 1];
    return Math.max(1e-12, (cum[i] - prev) / total);
  }
}
