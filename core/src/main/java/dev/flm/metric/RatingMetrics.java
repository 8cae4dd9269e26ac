package dev.flm.metric;

/** Error of predicted ratings against true ratings. */
public final class RatingMetrics {
  private RatingMetrics() {}

  /** Root mean squared error; NaN for no pairs. */
  public static double rmse(float[] actual, float[] predicted) {
    check(actual, predicted);
    double s = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = (double) actual[i] - predicted[i];
      s += d * d;
    }
    return actual.length == 0 ? Double.NaN : Math.sqrt(s / actual.length);
  }

  /** Mean absolute error; NaN for no pairs. */
  public static double mae(float[] actual, float[] predicted) {
    check(actual, predicted);
    double s = 0;
    for (int i = 0; i < actual.length; i++) {
      s += Math.abs((double) actual[i] - predicted[i]);
    }
    return actual.length == 0 ? Double.NaN : s / actual.length;
  }

  private static void check(float[] a, float[] p) {
    if (a.length != p.length) {
      throw new IllegalArgumentException(
          "actual and predicted must have equal length; " + a.length + " != " + p.length);
    }
  }
}
