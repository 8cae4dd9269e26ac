package dev.flm.train;

import dev.flm.io.ArrayFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FLM's end-of-epoch checkpoint ({@code checkpoint-dir}): the optimizer's state, the best epoch so
 * far with its parameters, and the training history, under a key of configuration, data and seed,
 * so that an interrupted run resumes where it stopped and a changed run starts afresh.
 */
final class TrainingCheckpoint {
  private TrainingCheckpoint() {}

  /** The checkpoint's file name inside {@code checkpoint-dir}. */
  static final String FILE = "flm-checkpoint.arrays";

  /**
   * What a checkpoint gives back besides the optimizer's state: the last finished epoch, the best
   * validation score with its new-item offset, the best epoch, the epochs since it, and the best
   * epoch's parameters (null before any validation).
   */
  record Resume(
      int epoch,
      double best,
      double bestOffset,
      int bestEpoch,
      int sinceBest,
      Map<String, float[]> bestParams) {}

  /**
   * Writes the state after {@code epoch} to {@code file}, atomically: the optimizer's, the epoch
   * choice's (what {@link EpochChoice#resume} takes back) and the history.
   */
  static void save(
      Path file,
      String key,
      AdamW opt,
      int epoch,
      EpochChoice choice,
      Map<String, List<Double>> history) {
    ArrayFile a = new ArrayFile("flm-checkpoint");
    a.put("key", new String[] {key});
    a.put("counters", new long[] {epoch, opt.steps(), choice.bestEpoch(), choice.sinceBest()});
    a.put("best", new double[] {choice.best(), choice.bestOffset()});
    opt.state().forEach((n, v) -> a.put("state." + n, v));
    if (choice.bestParams() != null) {
      choice.bestParams().forEach((n, v) -> a.put("best." + n, v));
    }
    history.forEach(
        (n, v) -> a.put("history." + n, v.stream().mapToDouble(Double::doubleValue).toArray()));
    try {
      a.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write checkpoint: " + e.getMessage(), e);
    }
  }

  /**
   * Restores {@code opt}'s state and appends the saved training history to {@code history}; null
   * (nothing restored) when the checkpoint was made under another key.
   */
  static Resume resume(Path file, String key, AdamW opt, Map<String, List<Double>> history) {
    ArrayFile a;
    try {
      a = ArrayFile.read(file, "flm-checkpoint");
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": unreadable checkpoint: " + e.getMessage(), e);
    }
    if (!key.equals(a.strings("key")[0])) {
      return null; // another configuration or data: start afresh
    }
    Map<String, float[]> state = new LinkedHashMap<>();
    Map<String, float[]> best = new LinkedHashMap<>();
    for (AdamW.Param p : opt.params()) {
      for (String suffix : new String[] {"", ".m", ".v"}) {
        state.put(p.name() + suffix, a.floats("state." + p.name() + suffix));
      }
      if (a.has("best." + p.name())) {
        best.put(p.name(), a.floats("best." + p.name()));
      }
    }
    opt.restore(state);
    long[] c = a.longs("counters");
    opt.setSteps(c[1]);
    for (String n : history.keySet()) {
      if (a.has("history." + n)) {
        for (double v : a.doubles("history." + n)) {
          history.get(n).add(v);
        }
      }
    }
    double[] b = a.doubles("best");
    return new Resume(
        (int) c[0],
        b[0],
        b.length > 1 ? b[1] : 0,
        (int) c[2],
        (int) c[3],
        best.isEmpty() ? null : best);
  }
}
