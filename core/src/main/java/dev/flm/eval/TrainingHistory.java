package dev.flm.eval;

import dev.flm.model.TrainingListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TrainingListener} that records the per-epoch loss and validation metrics as series by
 * name ({@code "loss"}, {@code "val_ndcg@10"}, ...), the form {@link
 * dev.flm.model.Provenance#history()} stores and evaluation reports chart. Wraps another listener
 * (e.g. a progress bar) that still receives every call, warnings included. Thread-safe.
 */
public final class TrainingHistory implements TrainingListener {
  private final TrainingListener next;
  private final Map<String, List<Double>> series = new LinkedHashMap<>();

  public TrainingHistory() {
    this(TrainingListener.NONE);
  }

  public TrainingHistory(TrainingListener next) {
    this.next = next == null ? TrainingListener.NONE : next;
  }

  @Override
  public synchronized void onEpoch(
      int epoch, int totalEpochs, double loss, Map<String, Double> metrics) {
    if (!Double.isNaN(loss)) {
      add("loss", epoch, loss);
    }
    if (metrics != null) {
      metrics.forEach((k, v) -> add(k.startsWith("val_") ? k : "val_" + k, epoch, v));
    }
    next.onEpoch(epoch, totalEpochs, loss, metrics);
  }

  @Override
  public void onWarning(String message) {
    next.onWarning(message);
  }

  private void add(String name, int epoch, double v) {
    List<Double> s = series.computeIfAbsent(name, k -> new ArrayList<>());
    while (s.size() < epoch - 1) {
      s.add(Double.NaN);
    }
    s.add(v);
  }

  /** The recorded series (copies), index {@code e} holding epoch {@code e + 1}. */
  public synchronized Map<String, List<Double>> history() {
    Map<String, List<Double>> m = new LinkedHashMap<>();
    series.forEach((k, v) -> m.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
    return m;
  }
}
