package dev.flm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AdamW (decoupled weight decay) with per-group learning rates, optional L1 (proximal step), and
 * global-norm gradient clipping, on DJL arrays updated in place. Groups let the ID embeddings, the
 * projections and a trainable encoder learn at different rates.
 */
final class AdamW {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPS = 1e-8;

  /** Hyperparameters of one group. */
  record Group(String name, double lr, double weightDecay, double l1) {}

  /** One trainable array with its Adam moments. */
  record Param(String name, Group group, NDArray value, NDArray m, NDArray v) {}

  private final List<Param> params = new ArrayList<>();
  private long steps;

  /** Registers {@code value} (which must already require gradients) in {@code group}. */
  void add(String name, Group group, NDArray value) {
    params.add(new Param(name, group, value, value.zerosLike(), value.zerosLike()));
  }

  List<Param> params() {
    return params;
  }

  long steps() {
    return steps;
  }

  void setSteps(long s) {
    steps = s;
  }

  /**
   * Global L2 norm of all gradients; the names of parameters with a non-finite gradient are
   * returned comma-separated in {@code firstBad[0]} (null when all are finite).
   */
  double gradientNorm(String[] firstBad) {
    return gradientNorm(firstBad, Set.of());
  }

  /**
   * Global gradient norm over the parameters not in {@code excluded} (whose gradients are still
   * checked for non-finite values).
   */
  double gradientNorm(String[] firstBad, Set<String> excluded) {
    double total = 0;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (Param p : params) {
        NDArray g = p.value.getGradient();
        double ss = g.square().sum().getFloat();
        if (!Double.isFinite(ss)) {
          firstBad[0] = firstBad[0] == null ? p.name : firstBad[0] + "," + p.name;
        }
        if (!excluded.contains(p.name)) {
          total += ss;
        }
      }
    }
    return Math.sqrt(total);
  }

  void step(double lrScale, double gradScale) {
    steps++;
    double bc1 = 1 - Math.pow(BETA1, steps);
    double bc2 = 1 - Math.pow(BETA2, steps);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (Param p : params) {
        double lr = p.group.lr() * lrScale;
        NDArray g = p.value.getGradient();
        if (gradScale != 1.0) {
          g.muli(gradScale);
        }
        p.m.muli(BETA1).addi(g.mul(1 - BETA1));
        p.v.muli(BETA2).addi(g.square().muli(1 - BETA2));
        NDArray denom = p.v.div(bc2).sqrt().addi(EPS);
        NDArray update = p.m.div(denom).muli(lr / bc1);
        if (p.group.weightDecay() > 0) {
          p.value.muli(1 - lr * p.group.weightDecay());
        }
        p.value.subi(update);
        if (p.group.l1() > 0) {
          double t = lr * p.group.l1();
          NDArray shrunk = p.value.abs().subi(t).maximum(0).muli(p.value.sign());
          p.value.subi(p.value).addi(shrunk);
        }
        g.subi(g);
      }
    }
  }

  /** Zeroes every gradient without updating (e.g. after a skipped step). */
  void zeroGradients() {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (Param p : params) {
        NDArray g = p.value.getGradient();
        g.subi(g);
      }
    }
  }

  /** Parameter values and moments by name, for checkpoints. */
  Map<String, float[]> state() {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (Param p : params) {
      m.put(p.name, p.value.toFloatArray());
      m.put(p.name + ".m", p.m.toFloatArray());
      m.put(p.name + ".v", p.v.toFloatArray());
    }
    return m;
  }

  /** Restores what {@link #state} returned. */
  void restore(Map<String, float[]> state) {
    for (Param p : params) {
      set(p.value, state.get(p.name), p.name);
      set(p.m, state.get(p.name + ".m"), p.name + ".m");
      set(p.v, state.get(p.name + ".v"), p.name + ".v");
    }
  }

  private static void set(NDArray a, float[] v, String name) {
    if (v == null || v.length != a.size()) {
      throw new IllegalArgumentException(
          "checkpoint has no matching array '" + name + "' of size " + a.size());
    }
    Torch.copyInto(a, v);
  }
}
