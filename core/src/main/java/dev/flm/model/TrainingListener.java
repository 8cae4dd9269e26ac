package dev.flm.model;

import java.util.Map;

/**
 * Receives training progress, e.g. to draw a progress bar or record a training curve, and warnings
 * about things a run went on without.
 */
public interface TrainingListener {

  TrainingListener NONE = (epoch, total, loss, metrics) -> {};

  /**
   * Called after each epoch or iteration.
   *
   * @param epoch 1-based epoch just finished
   * @param totalEpochs planned epochs (early stopping may end sooner)
   * @param loss training loss of the epoch, NaN when the method has none
   * @param metrics validation metrics by name, possibly empty
   */
  void onEpoch(int epoch, int totalEpochs, double loss, Map<String, Double> metrics);

  /**
   * Called when training goes on without something it would normally produce, e.g. the training
   * curve's picture on a Java runtime that cannot draw. Logs at {@code WARNING} through {@link
   * System.Logger} unless overridden, so that no warning is lost when nobody listens.
   */
  default void onWarning(String message) {
    System.getLogger("dev.flm.training").log(System.Logger.Level.WARNING, message);
  }
}
