package dev.flm.split;

import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import java.util.Objects;
import java.util.Optional;

/**
 * A train/test (and optional validation) division of one data set, all over the same user and item
 * indices, with the protocol that made it and the rule for the items ranked at evaluation.
 *
 * @param train events a model may learn from
 * @param test held-out events to predict
 * @param validation events carved from train for early stopping, or {@code null}
 * @param protocol how the split was made, with every parameter (goes into provenance)
 * @param candidates which items are ranked for each test user
 */
public record Split(
    Dataset train, Dataset test, Dataset validation, String protocol, CandidateRule candidates) {

  public Split {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(protocol, "protocol");
    if (candidates == null) {
      candidates = CandidateRule.allUnseen();
    }
    if (!train.itemIndex().equals(test.itemIndex())
        || !train.userIndex().equals(test.userIndex())) {
      throw new IllegalArgumentException("train and test must share user and item indices");
    }
    if (validation != null
        && (!validation.itemIndex().equals(train.itemIndex())
            || !validation.userIndex().equals(train.userIndex()))) {
      throw new IllegalArgumentException("validation must share train's user and item indices");
    }
  }

  public Optional<Dataset> validationSet() {
    return Optional.ofNullable(validation);
  }

  /** Validation interactions, or {@code null} (the form {@code TrainingData} takes). */
  public Interactions validationInteractions() {
    return validation == null ? null : validation.interactions();
  }

  /** The same split with another candidate rule. */
  public Split withCandidates(CandidateRule rule) {
    return new Split(train, test, validation, protocol, rule);
  }

  /**
   * Carves a validation set out of train with {@code protocol} (applied to train alone): its train
   * part becomes the new train and its test part the validation set; test is unchanged.
   */
  public Split withValidation(SplitProtocol protocol) {
    Split inner = protocol.split(train);
    return new Split(
        inner.train(),
        test,
        inner.test(),
        this.protocol + "; validation: " + protocol.describe(),
        candidates);
  }

  /**
   * The train/validation part as a split of its own (validation as the test set), for early
   * stopping and model selection with an {@code Evaluator}; throws if there is no validation set.
   */
  public Split validationSplit() {
    if (validation == null) {
      throw new IllegalStateException("split has no validation set; use withValidation first");
    }
    return new Split(train, validation, null, protocol + " [validation part]", candidates);
  }

  /** Users with at least one test event. */
  public int numTestUsers() {
    boolean[] seen = new boolean[test.userIndex().size()];
    int c = 0;
    for (int u : test.interactions().users()) {
      if (!seen[u]) {
        seen[u] = true;
        c++;
      }
    }
    return c;
  }
}
