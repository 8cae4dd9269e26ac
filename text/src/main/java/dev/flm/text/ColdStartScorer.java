package dev.flm.text;

import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import java.util.List;

/**
 * A {@link Recommender} that can score from text alone: a new user known only by a description, a
 * new item known only by its text, and items like a given item. The CLI's {@code recommend
 * --user-text} and {@code similar-items} work with any model that implements it. Implementations
 * are thread-safe.
 */
public interface ColdStartScorer extends Recommender {

  /** Scores every catalogue item for a new user known only by {@code userText}. */
  void scoreUserText(String userText, float[] out);

  /**
   * Scores of new items, known only by their texts, for user {@code user} ({@code -1}: unknown).
   */
  float[] scoreNewItems(int user, List<String> itemTexts);

  /** The {@code k} catalogue items most similar to item {@code item}, itself excluded. */
  Recommendations similarItems(int item, int k);
}
