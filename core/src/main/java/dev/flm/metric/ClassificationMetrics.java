package dev.flm.metric;

/**
 * Binary classification metrics from true labels (0/1) and predicted probabilities of class 1; a
 * prediction is positive when its probability is at least the threshold. Precision, recall and F1
 * are those of class 1 and are 0 (not NaN) when undefined.
 */
public final class ClassificationMetrics {
  /** Probabilities are clipped to [EPS, 1-EPS] in the log loss, as scikit-learn does. */
  public static final double EPS = 1e-15;

  private ClassificationMetrics() {}

  /** Counts of a binary confusion matrix. */
  public record Confusion(long tp, long fp, long tn, long fn) {
    public double accuracy() {
      long n = tp + fp + tn + fn;
      return n == 0 ? Double.NaN : (double) (tp + tn) / n;
    }

    public double precision() {
      return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    }

    public double recall() {
      return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  public static Confusion confusion(int[] labels, double[] probabilities, double threshold) {
    check(labels, probabilities);
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean predicted = probabilities[i] >= threshold;
      boolean actual = label(labels, i);
      if (predicted && actual) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (actual) {
        fn++;
      } else {
        tn++;
      }
    }
    return new Confusion(tp, fp, tn, fn);
  }

  public static double accuracy(int[] labels, double[] probabilities) {
    return confusion(labels, probabilities, 0.5).accuracy();
  }

  public static double precision(int[] labels, double[] probabilities) {
    return confusion(labels, probabilities, 0.5).precision();
  }

  public static double recall(int[] labels, double[] probabilities) {
    return confusion(labels, probabilities, 0.5).recall();
  }

  public static double f1(int[] labels, double[] probabilities) {
    return confusion(labels, probabilities, 0.5).f1();
  }

  /** Mean negative log-likelihood (natural log) of the true labels; NaN for no examples. */
  public static double logLoss(int[] labels, double[] probabilities) {
    check(labels, probabilities);
    double s = 0;
    for (int i = 0; i < labels.length; i++) {
      double p = Math.min(1 - EPS, Math.max(EPS, probabilities[i]));
      s -= label(labels, i) ? Math.log(p) : Math.log(1 - p);
    }
    return labels.length == 0 ? Double.NaN : s / labels.length;
  }

  private static boolean label(int[] labels, int i) {
    int l = labels[i];
    if (l != 0 && l != 1) {
      throw new IllegalArgumentException("labels must be 0 or 1; labels[" + i + "]=" + l);
    }
    return l == 1;
  }

  private static void check(int[] labels, double[] p) {
    if (labels.length != p.length) {
      throw new IllegalArgumentException(
          "labels and probabilities must have equal length; " + labels.length + " != " + p.length);
    }
  }
}
