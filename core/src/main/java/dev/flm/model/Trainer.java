package dev.flm.model;

import java.util.Objects;
import java.util.function.Function;

/**
 * Makes an immutable {@link Recommender} from training data. A trainer holds only its validated
 * configuration; the model it returns never keeps the training data.
 */
public interface Trainer {

  /** The model type this trainer makes, e.g. {@code "bpr"}. */
  String type();

  /** Trains a model; deterministic for a given {@link TrainingData#seed()}. */
  Recommender train(TrainingData data);

  /** A trainer of type {@code type} that trains with {@code train}. */
  static Trainer of(String type, Function<TrainingData, Recommender> train) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(train, "train");
    return new Trainer() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public Recommender train(TrainingData data) {
        return train.apply(data);
      }
    };
  }
}
