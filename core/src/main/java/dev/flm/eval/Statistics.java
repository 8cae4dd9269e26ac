package dev.flm.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Confidence intervals and significance tests over per-user metric values: a seeded percentile
 * bootstrap (users resampled with replacement) and a paired t-test.
 */
public final class Statistics {
  private Statistics() {}

  /** A two-sided interval. */
  public record Interval(double low, double high) {}

  public static double mean(double[] v) {
    double s = 0;
    int n = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        s += x;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /**
   * Percentile bootstrap interval of the mean of {@code values} (NaN entries ignored) at {@code
   * level} (e.g. 0.95) from {@code samples} resamples drawn with {@code seed}. The same seed and
   * length draw the same resamples, so intervals of different models (and of their differences) are
   * paired.
   */
  public static Interval bootstrap(double[] values, int samples, long seed, double level) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
    int n = v.length;
    if (n == 0 || samples < 1) {
      return new Interval(Double.NaN, Double.NaN);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] means = new double[samples];
    for (int b = 0; b < samples; b++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += v[rnd.nextInt(n)];
      }
      means[b] = s / n;
    }
    Arrays.sort(means);
    double alpha = (1 - level) / 2;
    return new Interval(quantile(means, alpha), quantile(means, 1 - alpha));
  }

  /** Linear-interpolated quantile of sorted values (NumPy's default method). */
  public static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * Two-sided p-value of a paired t-test that the mean of {@code a - b} is zero (pairs with a NaN
   * skipped); 1 when all differences are zero, NaN with fewer than two pairs.
   */
  public static double pairedTTest(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "paired samples must have equal length; " + a.length + " != " + b.length);
    }
    double[] d = differences(a, b);
    int n = d.length;
    if (n < 2) {
      return Double.NaN;
    }
    double m = mean(d);
    double ss = 0;
    for (double x : d) {
      ss += (x - m) * (x - m);
    }
    double sd = Math.sqrt(ss / (n - 1));
    if (sd == 0) {
      return m == 0 ? 1 : 0;
    }
    double t = m / (sd / Math.sqrt(n));
    return studentTwoSidedP(t, n - 1);
  }

  /** {@code a[i] - b[i]} for every pair without NaN. */
  public static double[] differences(double[] a, double[] b) {
    double[] d = new double[a.length];
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        d[n++] = a[i] - b[i];
      }
    }
    return Arrays.copyOf(d, n);
  }

  /** P(|T| >= |t|) for Student's t with {@code df} degrees of freedom. */
  public static double studentTwoSidedP(double t, double df) {
    double x = df / (df + t * t);
    return regularizedIncompleteBeta(df / 2, 0.5, x);
  }

  /** I_x(a, b) by Lentz's continued fraction (Numerical Recipes, betai). */
  static double regularizedIncompleteBeta(double a, double b, double x) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x);
    double bt = Math.exp(lbt);
    if (x < (a + 1) / (a + b + 2)) {
      return bt * betaCf(a, b, x) / a;
    }
    return 1 - bt * betaCf(b, a, 1 - x) / b;
  }

  private static double betaCf(double a, double b, double x) {
    final double fpmin = 1e-300;
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    if (Math.abs(d) < fpmin) {
      d = fpmin;
    }
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 10_000; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < fpmin) {
        d = fpmin;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < fpmin) {
        c = fpmin;
      }
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < fpmin) {
        d = fpmin;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < fpmin) {
        c = fpmin;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-15) {
        break;
      }
    }
    return h;
  }

  /** log Gamma(x) for x > 0 (Lanczos, g=7). */
  static double lgamma(double x) {
    final double[] g = {
      0.99999999999980993,
      676.5203681218851,
      -1259.1392167224028,
      771.32342877765313,
      -176.61502916214059,
      12.507343278686905,
      -0.13857109526572012,
      9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
    }
    x -= 1;
    double a = g[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += g[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }
}
