package dev.flm.bench;

import dev.flm.data.Dataset;
import dev.flm.data.SparseMatrix;
import dev.flm.data.io.DataLoader;
import dev.flm.data.io.LoadResult;
import dev.flm.data.io.ReadOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Load benchmark (issue 2): generates an interactions CSV at MovieLens-20M scale (20 million rows,
 * 138,493 users, 26,744 items, ratings 0.5..5, timestamps) in a temporary folder, then loads it
 * with {@link DataLoader} into a {@link SparseMatrix} and prints rows per second and the peak heap.
 * Run with {@code -Xmx2g}; see bench/load.sh.
 *
 * <p>Arguments: {@code [rows] [threads] [dir]} (defaults 20000000, all processors, java.io.tmpdir).
 */
public final class LoadBenchmark {
  private LoadBenchmark() {}

  static final int USERS = 138_493;
  static final int ITEMS = 26_744;

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Path dir =
        Files.createTempDirectory(
            args.length > 2 ? Path.of(args[2]) : Path.of(System.getProperty("java.io.tmpdir")),
            "flm-load-bench");
    Path file = dir.resolve("ratings.csv");
    try {
      long g0 = System.nanoTime();
      generate(file, rows, 20_000_000L);
      System.out.printf(
          Locale.ROOT,
          "generated %,d rows (%.0f MiB) in %.1f s%n",
          rows,
          Files.size(file) / 1048576.0,
          (System.nanoTime() - g0) / 1e9);
      ReadOptions o = ReadOptions.defaults().withThreads(threads);
      System.gc();
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        p.resetPeakUsage();
      }
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      LoadResult res = DataLoader.load(file, o);
      long t1 = System.nanoTime();
      long c1 = cpuNanos();
      Dataset d = res.dataset();
      SparseMatrix m = d.interactions().toMatrix();
      long t2 = System.nanoTime();
      long c2 = cpuNanos();
      long peak = 0;
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          peak += p.getPeakUsage().getUsed();
        }
      }
      double secs = (t2 - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "loaded %,d rows: %,d users x %,d items, %,d nonzeros; threads=%d, max heap %d MiB%n",
          d.interactions().size(),
          m.rows(),
          m.cols(),
          m.nnz(),
          o.effectiveThreads(),
          Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf(
          Locale.ROOT,
          "wall: parse %.2f s + CSR %.2f s = %.2f s; CPU: parse %.2f s + CSR %.2f s%n",
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          secs,
          (c1 - c0) / 1e9,
          (c2 - c1) / 1e9);
      double cpu = (c2 - c0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "process CPU %.2f s (%.2f cores busy on average; load average %.1f)%n",
          cpu,
          cpu / secs,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.printf(Locale.ROOT, "rows/s: %,.0f%n", d.interactions().size() / secs);
      System.out.printf(Locale.ROOT, "rows per CPU-second: %,.0f%n", d.interactions().size() / cpu);
      System.out.printf(Locale.ROOT, "peak heap: %,d MiB%n", peak >> 20);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  private static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /**
   * Writes {@code rows} rows "user,item,rating,timestamp" with a header; users appear in runs (as
   * in MovieLens) and items follow a skewed popularity; seeded.
   */
  static void generate(Path file, long rows, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] buf = new byte[64];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      out.write("userId,movieId,rating,timestamp\n".getBytes(StandardCharsets.US_ASCII));
      long perUser = Math.max(1, rows / USERS);
      for (long k = 0; k < rows; k++) {
        int user = (int) Math.min(USERS - 1, k / perUser) + 1;
        double x = rnd.nextDouble();
        int item = 1 + (int) (ITEMS * x * x * x);
        int half = 1 + rnd.nextInt(10);
        long ts = 789_652_009L + rnd.nextInt(638_000_000);
        int p = 0;
        p = putInt(buf, p, user);
        buf[p++] = ',';
        p = putInt(buf, p, item);
        buf[p++] = ',';
        p = putInt(buf, p, half / 2);
        buf[p++] = '.';
        buf[p++] = (byte) (half % 2 == 1 ? '5' : '0');
        buf[p++] = ',';
        p = putInt(buf, p, ts);
        buf[p++] = '\n';
        out.write(buf, 0, p);
      }
    }
  }

  private static int putInt(byte[] b, int p, long v) {
    if (v == 0) {
      b[p] = '0';
      return p + 1;
    }
    int start = p;
    while (v > 0) {
      b[p++] = (byte) ('0' + v % 10);
      v /= 10;
    }
    for (int i = start, j = p - 1; i < j; i++, j--) {
      byte t = b[i];
      b[i] = b[j];
      b[j] = t;
    }
    return p;
  }
}
