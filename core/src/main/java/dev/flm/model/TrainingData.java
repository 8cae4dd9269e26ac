package dev.flm.model;

import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import dev.flm.data.SparseMatrix;
import java.util.Objects;

/**
 * Everything a {@link Trainer} may use: the training events (with the side information of their
 * data set), an optional validation set for early stopping, the seed, a listener for progress, and
 * a description of the data and split for provenance.
 *
 * @param train data set whose interactions are the training events
 * @param validation held-out events over the same indices for early stopping, or {@code null}
 * @param seed seed for every random choice the trainer makes
 * @param listener receives per-epoch progress; never null
 * @param dataDescription where the data came from and how it was split (goes into provenance)
 */
public record TrainingData(
    Dataset train,
    Interactions validation,
    long seed,
    TrainingListener listener,
    String dataDescription) {

  public TrainingData {
    Objects.requireNonNull(train, "train");
    if (listener == null) {
      listener = TrainingListener.NONE;
    }
    if (dataDescription == null) {
      dataDescription = train.name();
    }
  }

  public static TrainingData of(Dataset train, long seed) {
    return new TrainingData(train, null, seed, TrainingListener.NONE, train.name());
  }

  /** User-by-item matrix of the training events (ratings as values, 1 when implicit). */
  public SparseMatrix matrix() {
    return train.interactions().toMatrix();
  }
}
