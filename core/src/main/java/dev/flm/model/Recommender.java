package dev.flm.model;

import dev.flm.data.IdIndex;

/**
 * A trained model that scores items for users in the dense index space of the data it was trained
 * on. Implementations are immutable and thread-safe: many threads may score at once.
 *
 * <p>An unknown user ({@code user == -1}, what {@link IdIndex#indexOf} returns for an id the model
 * never saw) is not an error: each model documents its fallback, and by default scores items by
 * their training popularity.
 */
public interface Recommender {

  /** The registered model type, e.g. {@code "mostpop"}; see {@link ModelType}. */
  String type();

  /** Users known at training time. */
  IdIndex userIndex();

  /** Items the model can score (the catalogue at training time). */
  IdIndex itemIndex();

  /**
   * Writes a score for every item into {@code out} ({@code out.length == itemIndex().size()});
   * higher is better. {@code user == -1} asks for the model's fallback for unknown users.
   */
  void score(int user, float[] out);

  /**
   * Scores for a user the model did not see in training, given only the items they interacted with
   * (dense item indices). The default ignores the history and uses the unknown-user fallback;
   * models that can fold a history in (ALS, item-kNN, text models) override it.
   */
  default void scoreHistory(int[] historyItems, float[] out) {
    score(-1, out);
  }

  /** Top-{@code k} items for {@code user} under {@code filter}; ties go to the lower item index. */
  default Recommendations recommend(int user, int k, ItemFilter filter) {
    float[] scores = new float[itemIndex().size()];
    score(user, scores);
    return TopK.select(scores, k, filter);
  }

  /** Provenance recorded when the model was trained (or loaded). */
  Provenance provenance();
}
