package dev.flm.bench;

import dev.flm.cf.Als;
import dev.flm.cf.Bpr;
import dev.flm.data.Dataset;
import dev.flm.data.SparseMatrix;
import dev.flm.model.FactorScorer;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommendations;
import dev.flm.model.TrainingData;
import dev.flm.model.TrainingListener;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Speed of the CF models on a generated ML-20M-scale matrix ({@link SyntheticInteractions}): ALS
 * seconds per iteration (64 factors) and the peak heap of that run, BPR seconds per epoch over all
 * events, and top-10 for every user over every item with 64 factors. Usage: {@code CfBench
 * als|bpr|topk [threads] [iterations] [userShare]}; {@code bench/cf.sh} runs all three.
 */
public final class CfBench {
  private CfBench() {}

  public static void main(String[] args) {
    String what = args.length > 0 ? args[0] : "als";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long t0 = System.nanoTime();
    double scale = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
    Dataset d =
        scale == 1.0
            ? SyntheticInteractions.ml20mScale(42)
            : SyntheticInteractions.generate(
                (int) (SyntheticInteractions.ML20M_USERS * scale),
                SyntheticInteractions.ML20M_ITEMS,
                (long) (SyntheticInteractions.ML20M_EVENTS * scale),
                42);
    System.out.printf(
        Locale.ROOT,
        "data: %d users, %d items, %d interactions (generated in %.1f s); threads=%s%n",
        d.userIndex().size(),
        d.itemIndex().size(),
        d.interactions().size(),
        secs(t0),
        threads == 0 ? "all " + Runtime.getRuntime().availableProcessors() : threads);
    switch (what) {
      case "als" -> als(d, threads, reps);
      case "bpr" -> bpr(d, threads, reps);
      case "topk" -> topk(d, threads, reps);
      default -> throw new IllegalArgumentException("what must be als, bpr or topk; got " + what);
    }
  }

  static void als(Dataset d, int threads, int iterations) {
    resetPeaks();
    List<Double> times =
        timeEpochs(
            "als",
            Params.parse(List.of("factors=64", "iterations=" + iterations, "threads=" + threads)),
            d);
    report("ALS 64 factors", "s/iteration", times);
    System.out.printf(
        Locale.ROOT,
        "ALS peak heap: %.2f GiB (sum of heap pool peaks)%n",
        peakHeap() / 1073741824.0);
  }

  static void bpr(Dataset d, int threads, int epochs) {
    report(
        "BPR 64 factors, one uniform negative per positive",
        "s/epoch",
        timeEpochs(
            "bpr",
            Params.parse(
                List.of("factors=64", "negCandidates=1", "epochs=" + epochs, "threads=" + threads)),
            d));
    report(
        "BPR defaults (128 factors, best of 5 negatives)",
        "s/epoch",
        timeEpochs(
            "bpr",
            Params.parse(List.of("epochs=" + Math.min(2, epochs), "threads=" + threads)),
            d));
  }

  static void topk(Dataset d, int threads, int reps) {
    int f = 64;
    SparseMatrix seen = d.interactions().toMatrix();
    SplittableRandom rnd = new SplittableRandom(7);
    float[] uf = new float[seen.rows() * f];
    float[] itf = new float[seen.cols() * f];
    for (int i = 0; i < uf.length; i++) {
      uf[i] = (float) rnd.nextGaussian();
    }
    for (int i = 0; i < itf.length; i++) {
      itf[i] = (float) rnd.nextGaussian();
    }
    FactorScorer s = new FactorScorer(itf, null, f);
    List<Double> times = new ArrayList<>();
    long check = 0;
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      long c0 = cpuNanos();
      Recommendations[] out = s.topK(uf, null, 10, seen, null, threads);
      times.add(secs(t0));
      System.out.printf(
          Locale.ROOT,
          "  top-10 run %d: %.2f s wall, %.2f s CPU (all threads)%n",
          r + 1,
          times.get(r),
          (cpuNanos() - c0) / 1e9);
      check += out[out.length - 1].items()[0];
    }
    report(
        "top-10 for all " + seen.rows() + " users over " + seen.cols() + " items, 64 factors",
        "s",
        times);
    System.out.println("(checksum " + check + ")");
  }

  static List<Double> timeEpochs(String type, Params p, Dataset d) {
    List<Double> times = new ArrayList<>();
    long[] last = {System.nanoTime(), cpuNanos()};
    TrainingListener l =
        (epoch, total, loss, metrics) -> {
          long now = System.nanoTime();
          long cpu = cpuNanos();
          times.add((now - last[0]) / 1e9);
          System.out.printf(
              Locale.ROOT,
              "  %s epoch %d/%d: %.2f s wall, %.2f s CPU (all threads)%n",
              type,
              epoch,
              total,
              times.get(times.size() - 1),
              (cpu - last[1]) / 1e9);
          last[0] = now;
          last[1] = cpu;
        };
    long t0 = System.nanoTime();
    (type.equals("als") ? (ModelType) new Als() : new Bpr())
        .trainer(p)
        .train(new TrainingData(d, null, 42, l, d.name()));
    System.out.printf(Locale.ROOT, "  %s total with setup: %.2f s%n", type, secs(t0));
    return times;
  }

  static void report(String what, String unit, List<Double> times) {
    double best = times.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double mean = times.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    System.out.printf(
        Locale.ROOT,
        "RESULT %s: best %.2f %s, mean %.2f %s over %d%n",
        what,
        best,
        unit,
        mean,
        unit,
        times.size());
  }

  /** CPU time of this process (all threads), to estimate quiet-machine speed on a busy one. */
  static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
