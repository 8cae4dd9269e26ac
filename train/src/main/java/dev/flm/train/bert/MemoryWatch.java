package dev.flm.train.bert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stops training before the operating system's out-of-memory killer would end the process.
 *
 * <p>libtorch allocates a step's activations outside the Java heap; when the machine runs out, the
 * kernel kills the process without an exception anyone could report. So the watch measures how far
 * a step's resident memory rises above what the process holds between steps (the peak from {@code
 * VmHWM}, reset before each step through {@code clear_refs}), and before each step compares the
 * largest rise seen so far with the memory the machine still has ({@code MemAvailable}): when it
 * would not fit, training stops with an {@link OutOfMemory} that names the step, the batch size and
 * what to lower. Linux only; elsewhere, or when {@code /proc} cannot be read, it does nothing.
 */
public final class MemoryWatch {
  /** Safety margin on the largest rise seen: the next batch may hold a few more distinct items. */
  static final double MARGIN = 1.25;

  private final Path meminfo;
  private final Path status;
  private final Path clearRefs;
  private boolean enabled;
  private long restingKb;
  private long largestRiseKb;

  MemoryWatch(Path meminfo, Path status, Path clearRefs) {
    this.meminfo = meminfo;
    this.status = status;
    this.clearRefs = clearRefs;
    this.enabled = Files.isReadable(meminfo) && Files.isReadable(status);
  }

  /** The watch over this process, through {@code /proc}. */
  public static MemoryWatch ofThisProcess() {
    return new MemoryWatch(
        Path.of("/proc/meminfo"), Path.of("/proc/self/status"), Path.of("/proc/self/clear_refs"));
  }

  /** Largest rise of resident memory within a step seen so far, in KiB. */
  long largestRiseKb() {
    return largestRiseKb;
  }

  /**
   * Before training step {@code step} (0-based) of {@code epoch}: throws {@link OutOfMemory} when
   * the largest step so far would not fit in the memory the machine has left.
   */
  public void beforeStep(int epoch, int step, int batchSize, int negatives) {
    if (!enabled) {
      return;
    }
    try {
      long available = field(meminfo, "MemAvailable:");
      if (largestRiseKb > 0 && largestRiseKb * MARGIN > available) {
        throw new OutOfMemory(
            String.format(
                "not enough memory for training step %d of epoch %d with batch-size %d and %d"
                    + " negatives: recent steps needed up to %.1f GiB above the process's %.1f"
                    + " GiB between steps, and the machine has %.1f GiB available; stopped"
                    + " before the operating system would kill the process. Lower the batch size"
                    + " (e.g. -p batch-size=%d, with -p accumulate=2 to keep the effective batch),"
                    + " use fewer negatives or a smaller encoder-tokens, fine-tune fewer layers"
                    + " (--fine-tune top-1), or free memory on the machine.",
                step + 1,
                epoch,
                batchSize,
                negatives,
                largestRiseKb / 1048576.0,
                restingKb / 1048576.0,
                available / 1048576.0,
                Math.max(1, batchSize / 2)),
            null);
      }
      restingKb = field(status, "VmRSS:");
      Files.writeString(clearRefs, "5", StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      if (e instanceof OutOfMemory oom) {
        throw oom;
      }
      enabled = false;
    }
  }

  /** After a step: records how far its resident memory rose above the resting size. */
  public void afterStep() {
    if (!enabled) {
      return;
    }
    try {
      long peak = field(status, "VmHWM:");
      largestRiseKb = Math.max(largestRiseKb, peak - restingKb);
    } catch (IOException | RuntimeException e) {
      enabled = false;
    }
  }

  /** The value in KiB of {@code key} in a {@code /proc} file of {@code key value kB} lines. */
  private static long field(Path file, String key) throws IOException {
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      if (line.startsWith(key)) {
        String[] parts = line.substring(key.length()).trim().split("\\s+");
        return Long.parseLong(parts[0]);
      }
    }
    throw new IOException(file + ": no " + key);
  }
}
