package dev.flm.util;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a range of work on a fixed number of named platform threads that take chunks from a shared
 * counter (cheap dynamic load balancing without a pool that outlives the call). Each worker knows
 * its id, so it can keep per-thread scratch buffers.
 */
public final class Parallel {
  private Parallel() {}

  /** Work on {@code [from, to)} by worker {@code worker} ({@code 0..threads-1}). */
  @FunctionalInterface
  public interface RangeBody {
    void run(int worker, int from, int to);
  }

  /** Number of threads to use for {@code requested} (0 or less means one per core). */
  public static int threads(int requested) {
    return requested > 0 ? requested : Runtime.getRuntime().availableProcessors();
  }

  /**
   * Calls {@code body} on chunks of {@code [0, n)} of size {@code chunk} from {@code threads}
   * threads; returns when all are done and rethrows the first failure.
   */
  public static void forRange(String name, int threads, int n, int chunk, RangeBody body) {
    int t = Math.max(1, Math.min(threads, (n + chunk - 1) / Math.max(1, chunk)));
    if (t <= 1) {
      for (int s = 0; s < n; s += chunk) {
        body.run(0, s, Math.min(n, s + chunk));
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] workers = new Thread[t];
    for (int w = 0; w < t; w++) {
      int worker = w;
      workers[w] =
          new Thread(
              () -> {
                try {
                  int s;
                  while (failure.get() == null && (s = next.getAndAdd(chunk)) < n) {
                    body.run(worker, s, Math.min(n, s + chunk));
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "flm-" + name + "-" + w);
      workers[w].setDaemon(true);
      workers[w].start();
    }
    for (Thread th : workers) {
      try {
        th.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(name + " interrupted", e);
      }
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new IllegalStateException(e);
    }
  }
}
