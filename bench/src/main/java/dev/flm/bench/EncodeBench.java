package dev.flm.bench;

import dev.flm.data.Dataset;
import dev.flm.data.io.DataLoader;
import dev.flm.text.EncodeReport;
import dev.flm.text.ItemTexts;
import dev.flm.text.ModelCatalogue;
import dev.flm.text.OnnxEncoder;
import dev.flm.text.Role;
import dev.flm.text.TextTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Encoding speed on every ml-latest-small movie text (title, genres, tags): the tuned encoder
 * (length-sorted, token-budget batches) against a plain loop of fixed batches of 32 in file order,
 * both on the same session, fp32 and int8, beside ONNX Runtime's own MatMul rate on the same
 * threads. Counts 21.3 MFLOP per real token for MiniLM-L6 (2 x 10.65M non-embedding parameters).
 *
 * <pre>
 * java dev.flm.bench.EncodeBench [--data DIR] [--threads 2] [--limit N] [--encoder NAME] [--int8 NAME]
 * </pre>
 */
public final class EncodeBench {
  static final double FLOP_PER_TOKEN = 21.3e6;

  private EncodeBench() {}

  public static void main(String[] args) throws Exception {
    Path data = null;
    int threads = 2;
    int limit = Integer.MAX_VALUE;
    String fp32 = "all-minilm-l6-v2";
    String int8 = "all-minilm-l6-v2-q";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--limit" -> limit = Integer.parseInt(args[++i]);
        case "--encoder" -> fp32 = args[++i];
        case "--int8" -> int8 = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (data == null) {
      for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
        if (Files.isRegularFile(d.resolve("shared/data/ml-latest-small/movies.csv"))) {
          data = d.resolve("shared/data/ml-latest-small");
          break;
        }
      }
    }
    if (data == null) {
      System.err.println("ml-latest-small not found; give --data DIR");
      System.exit(2);
    }
    Dataset ds = DataLoader.load(data);
    List<String> texts = ItemTexts.render(ds, TextTemplate.parse(TextTemplate.ITEM_WITH_TAGS));
    texts = texts.subList(0, Math.min(limit, texts.size()));
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores visible, using %d threads; %d texts (title, genres, tags)%n",
        Runtime.getRuntime().availableProcessors(),
        threads,
        texts.size());

    double mm = matmul(threads);

    double bestFp32 = 0;
    double bestMm = mm;
    double naiveFp32 = 0;
    String bestConf = "";
    int[][] confs = {{threads, 1}, {1, threads}};
    for (int[] c : confs) {
      OnnxEncoder.Options o = OnnxEncoder.Options.defaults().withThreads(c[0], c[1]);
      try (OnnxEncoder enc = ModelCatalogue.open(fp32, o)) {
        enc.encode(texts.subList(0, Math.min(512, texts.size())), Role.PASSAGE);
        mm = matmul(threads);
        coresSinceLast(1);
        EncodeReport r = enc.encodeWithReport(texts, Role.PASSAGE).report();
        print(fp32 + " tuned intra=" + c[0] + " sessions-concurrency=" + c[1], r, mm);
        if (r.textsPerSecond() > bestFp32) {
          bestFp32 = r.textsPerSecond();
          bestMm = mm;
          bestConf = "intra=" + c[0] + ",concurrency=" + c[1];
        }
        if (c[1] == 1) {
          mm = matmul(threads);
          coresSinceLast(1);
          EncodeReport n = naive(enc, texts, 32);
          print(fp32 + " naive fixed-32 file order intra=" + c[0], n, mm);
          naiveFp32 = n.textsPerSecond();
        }
      }
    }
    double int8Rate = 0;
    for (int[] c : confs) {
      OnnxEncoder.Options o = OnnxEncoder.Options.defaults().withThreads(c[0], c[1]);
      try (OnnxEncoder enc = ModelCatalogue.open(int8, o)) {
        enc.encode(texts.subList(0, Math.min(512, texts.size())), Role.PASSAGE);
        mm = matmul(threads);
        coresSinceLast(1);
        EncodeReport r = enc.encodeWithReport(texts, Role.PASSAGE).report();
        print(int8 + " tuned intra=" + c[0] + " sessions-concurrency=" + c[1], r, mm);
        int8Rate = Math.max(int8Rate, r.textsPerSecond());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "SUMMARY fp32 best (%s): %.1f texts/s = %.1f%% of MatMul rate; %.2fx naive;"
            + " int8 %.1f texts/s = %.2fx fp32%n",
        bestConf,
        bestFp32,
        100 * bestFp32 * avgTokens(texts, fp32) * FLOP_PER_TOKEN / 1e9 / bestMm,
        bestFp32 / naiveFp32,
        int8Rate,
        int8Rate / bestFp32);
  }

  /**
   * ORT's fp32 MatMul rate on {@code threads} threads, the better of the two feed-forward shapes;
   * measured right before each encoding pass so both see the same machine load.
   */
  static double matmul(int threads) throws Exception {
    long t0 = System.nanoTime();
    long c0 = cpuNanos();
    double mm =
        Math.max(
            OrtMatMul.gflops(threads, 4096, 384, 1536, 5),
            OrtMatMul.gflops(threads, 4096, 1536, 384, 5));
    long cpu = cpuNanos() - c0;
    // 7 runs (2 warm-up + 5) of each of the two shapes
    matmulPerCpuSecond = 2 * 7 * 2.0 * 4096 * 384 * 1536 / (cpu / 1e9) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "ORT MatMul fp32 [4096x384]x[384x1536] / [4096x1536]x[1536x384]: %.1f GFLOP/s best,"
            + " %.1f GFLOP per CPU-second (process got %.2f cores)%n",
        mm,
        matmulPerCpuSecond,
        cpu / (double) (System.nanoTime() - t0));
    lastCpu = cpuNanos();
    return mm;
  }

  /** ORT MatMul GFLOP per CPU-second at the last {@link #matmul} call (load-independent). */
  static double matmulPerCpuSecond;

  private static double avgTokensCache = -1;

  private static double avgTokens(List<String> texts, String name) throws Exception {
    if (avgTokensCache < 0) {
      try (OnnxEncoder enc = ModelCatalogue.open(name)) {
        OnnxEncoder.Tokens t = enc.tokenize(texts);
        long s = 0;
        for (int i = 0; i < texts.size(); i++) {
          s += t.length(i);
        }
        avgTokensCache = s / (double) texts.size();
      }
    }
    return avgTokensCache;
  }

  /** A plain loop: batches of {@code batch} texts in file order, each padded to its longest. */
  static EncodeReport naive(OnnxEncoder enc, List<String> texts, int batch) {
    long t0 = System.nanoTime();
    long real = 0;
    long padded = 0;
    int batches = 0;
    for (int s = 0; s < texts.size(); s += batch) {
      List<String> part = texts.subList(s, Math.min(texts.size(), s + batch));
      OnnxEncoder.Tokens t = enc.tokenize(part);
      int[] rows = new int[part.size()];
      int max = 0;
      for (int k = 0; k < rows.length; k++) {
        rows[k] = k;
        real += t.length(k);
        max = Math.max(max, t.length(k));
      }
      padded += (long) max * rows.length;
      enc.runBatch(t, rows, new float[rows.length][]);
      batches++;
    }
    return new EncodeReport(
        texts.size(), texts.size(), real, padded, batches, 0, 0, 0, 0, System.nanoTime() - t0);
  }

  private static long lastCpu = cpuNanos();

  /** Process CPU time (all threads, native ones included). */
  static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : 0;
  }

  /** Cores this process got since the last call, over {@code wallNanos}. */
  static double coresSinceLast(long wallNanos) {
    long now = cpuNanos();
    double cores = (now - lastCpu) / (double) wallNanos;
    lastCpu = now;
    return cores;
  }

  private static void print(String what, EncodeReport r, double matmul) {
    double gf = r.tokensPerSecond() * FLOP_PER_TOKEN / 1e9;
    double cores = coresSinceLast(r.nanos());
    double perCpu = gf / Math.max(1e-9, cores);
    System.out.printf(
        Locale.ROOT,
        "%-58s %7.1f texts/s %7.0f real tokens/s  padding %.2fx  %5.1f GFLOP/s = %5.1f%% of"
            + " MatMul; per CPU-second %5.1f GFLOP = %5.1f%% of MatMul's (process got %.2f"
            + " cores)%n",
        what,
        r.textsPerSecond(),
        r.tokensPerSecond(),
        r.paddedTokens() / (double) r.realTokens(),
        gf,
        100 * gf / matmul,
        perCpu,
        100 * perCpu / matmulPerCpuSecond,
        cores);
  }
}
