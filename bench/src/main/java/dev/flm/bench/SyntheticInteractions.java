package dev.flm.bench;

import dev.flm.data.Dataset;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import dev.flm.util.Permutations;
import java.util.SplittableRandom;

/**
 * A seeded, generated stand-in for MovieLens-20M at full scale (138,493 users, 26,744 items, about
 * 20 million distinct interactions) for speed benchmarks without downloading anything. Item
 * popularity follows a power law ({@code p(rank r) ∝ (r + 10)^-1.1}); user activity is at least 20
 * events with a Pareto tail, scaled so the total hits the target. A user's items are distinct.
 */
public final class SyntheticInteractions {
  private SyntheticInteractions() {}

  public static final int ML20M_USERS = 138_493;
  public static final int ML20M_ITEMS = 26_744;
  public static final int ML20M_EVENTS = 20_000_263;

  /** ML-20M-sized data. */
  public static Dataset ml20mScale(long seed) {
    return generate(ML20M_USERS, ML20M_ITEMS, ML20M_EVENTS, seed);
  }

  /** {@code users x items} with about {@code events} distinct interactions. */
  public static Dataset generate(int users, int items, long events, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] cdf = new double[items];
    double total = 0;
    for (int r = 0; r < items; r++) {
      total += Math.pow(r + 10, -1.1);
      cdf[r] = total;
    }
    for (int r = 0; r < items; r++) {
      cdf[r] /= total;
    }
    // Random rank -> item id so popular items are spread over the index.
    int[] itemOfRank = Permutations.permutation(items, rnd);
    double[] raw = new double[users];
    double sum = 0;
    for (int u = 0; u < users; u++) {
      raw[u] = Math.pow(1 - rnd.nextDouble(), -1 / 1.3);
      sum += raw[u];
    }
    // Scale the tail so the total hits the target, re-spreading what the per-user cap cuts off.
    int cap = Math.min(items / 2, 9_254);
    int[] count = new int[users];
    double scale = (events - 20.0 * users) / sum;
    long n = 0;
    for (int pass = 0; pass < 20; pass++) {
      n = 0;
      double uncappedRaw = 0;
      long capped = 0;
      for (int u = 0; u < users; u++) {
        count[u] = (int) Math.min(cap, 20 + Math.round(raw[u] * scale));
        n += count[u];
        if (count[u] == cap) {
          capped += cap;
        } else {
          uncappedRaw += raw[u];
        }
      }
      if (Math.abs(n - events) < users / 100 || uncappedRaw == 0) {
        break;
      }
      scale = (events - capped - 20.0 * (users - capped / cap)) / uncappedRaw;
    }
    int[] us = new int[(int) n];
    int[] is = new int[(int) n];
    long[] mark = new long[(items + 63) / 64];
    int k = 0;
    for (int u = 0; u < users; u++) {
      int start = k;
      for (int c = 0; c < count[u]; c++) {
        int item;
        do {
          double x = rnd.nextDouble();
          int lo = 0;
          int hi = items - 1;
          while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < x) {
              lo = mid + 1;
            } else {
              hi = mid;
            }
          }
          item = itemOfRank[lo];
        } while ((mark[item >>> 6] & (1L << item)) != 0);
        mark[item >>> 6] |= 1L << item;
        us[k] = u;
        is[k++] = item;
      }
      for (int p = start; p < k; p++) {
        mark[is[p] >>> 6] = 0;
      }
    }
    Interactions in =
        new Interactions(numbered("u", users), numbered("i", items), us, is, null, null);
    return Dataset.of("generated-ml20m-scale-" + seed, in);
  }

  private static IdIndex numbered(String prefix, int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = prefix + i;
    }
    return IdIndex.of(ids);
  }
}
