package dev.flm.model;

/**
 * Makes an immutable {@link Recommender} from training data. A trainer holds only its validated
 * configuration; the model it returns never keeps the training data.
 */
public interface Trainer {

  /** The model type this trainer makes, e.g. {@code "bpr"}. */
  String type();

  /** Trains a model; deterministic for a given {@link TrainingData#seed()}. */
  Recommender train(TrainingData data);
}
