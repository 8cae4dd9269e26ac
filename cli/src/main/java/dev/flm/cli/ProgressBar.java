package dev.flm.cli;

import dev.flm.model.TrainingListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * A one-line progress bar on stderr: {@code label [#####-----] 52% 520/1000 3.1s}. Redraws at most
 * ten times a second; draws nothing with {@code --quiet} or when there is no console (tests,
 * pipes), except the final line when {@link #done} is called with a summary. Not thread-safe unless
 * {@link #step} is the only method called from several threads (it is synchronized).
 */
public final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;
  private final String label;
  private volatile long total;
  private final PrintStream out;
  private final boolean live;
  private final long startNanos = System.nanoTime();
  private volatile long current;
  private long lastDraw;
  private String extra = "";
  private volatile boolean closed;
  private int spin;
  private static final String SPINNER = "|/-\\";

  private ProgressBar(String label, long total, PrintStream out, boolean live) {
    this.label = label;
    this.total = total;
    this.out = out;
    this.live = live;
  }

  /** A bar for {@code total} steps ({@code total <= 0} for unknown). */
  public static ProgressBar start(String label, long total) {
    boolean live = !Main.quiet() && System.console() != null;
    ProgressBar p = new ProgressBar(label, total, System.err, live);
    if (live) {
      p.draw(true);
      Thread ticker =
          new Thread(
              () -> {
                try {
                  while (!p.closed) {
                    Thread.sleep(250);
                    p.tick();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "flm-progress");
      ticker.setDaemon(true);
      ticker.start();
    }
    return p;
  }

  /** Advances by {@code n} steps. */
  public synchronized void step(long n) {
    current += n;
    draw(false);
  }

  /** Sets the current step. */
  public synchronized void set(long value, String note) {
    current = value;
    extra = note == null ? "" : note;
    draw(false);
  }

  /**
   * A training listener that moves this bar one epoch at a time and shows the loss; warnings go to
   * {@code err} (see {@link #warn}).
   */
  public TrainingListener asTrainingListener(PrintWriter err) {
    return new TrainingListener() {
      @Override
      public void onEpoch(int epoch, int totalEpochs, double loss, Map<String, Double> metrics) {
        StringBuilder note = new StringBuilder();
        if (!Double.isNaN(loss)) {
          note.append(String.format(Locale.ROOT, "loss %.4f", loss));
        }
        metrics.forEach(
            (k, v) ->
                note.append(
                    String.format(Locale.ROOT, "%s%s %.4f", note.length() > 0 ? ", " : "", k, v)));
        if (totalEpochs > 0) {
          total = totalEpochs;
        }
        set(epoch, note.toString());
      }

      @Override
      public void onWarning(String message) {
        warn(message, err);
      }
    };
  }

  /**
   * Prints {@code flm: warning: message} on {@code err}, the command's error stream, with {@code
   * --quiet} too; a live bar is cleared first and redrawn below it.
   */
  public synchronized void warn(String message, PrintWriter err) {
    if (live && !closed) {
      out.print("\r\033[K");
      out.flush();
    }
    err.println("flm: warning: " + message);
    err.flush();
    draw(true);
  }

  private synchronized void tick() {
    draw(true);
  }

  private void draw(boolean force) {
    if (!live || closed) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDraw < 100_000_000L && current < total) {
      return;
    }
    lastDraw = now;
    double secs = (now - startNanos) / 1e9;
    StringBuilder sb = new StringBuilder("\r").append(label).append(' ');
    if (total > 0) {
      double f = Math.min(1.0, (double) current / total);
      int filled = (int) Math.round(f * WIDTH);
      sb.append('[')
          .append("#".repeat(filled))
          .append("-".repeat(WIDTH - filled))
          .append("] ")
          .append(String.format(Locale.ROOT, "%3d%% %d/%d", Math.round(f * 100), current, total));
    } else {
      sb.append(SPINNER.charAt(spin++ % SPINNER.length()));
      if (current > 0) {
        sb.append(' ').append(current);
      }
    }
    sb.append(String.format(Locale.ROOT, " %.1fs", secs));
    if (!extra.isEmpty()) {
      sb.append(' ').append(extra);
    }
    sb.append("\033[K");
    out.print(sb);
    out.flush();
  }

  /** Clears the bar's line. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    if (live) {
      draw(true);
      out.print("\r\033[K");
      out.flush();
    }
    closed = true;
  }
}
