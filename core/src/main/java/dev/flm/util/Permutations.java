package dev.flm.util;

import java.util.SplittableRandom;

/**
 * Seeded orders of dense indices, the one Fisher-Yates shuffle every trainer draws its epoch orders
 * and blocks with, so that a seed means the same draw everywhere.
 */
public final class Permutations {
  private Permutations() {}

  /** {@code 0..n-1} in order. */
  public static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** A seeded random order of {@code 0..n-1}. */
  public static int[] permutation(int n, SplittableRandom rnd) {
    return shuffle(range(n), rnd);
  }

  /** Fisher-Yates shuffle of {@code a} in place; returns {@code a}. */
  public static int[] shuffle(int[] a, SplittableRandom rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
