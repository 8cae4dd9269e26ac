package dev.flm.data;

import java.util.Objects;

/**
 * A loaded data set: interactions plus item and user side information. {@code items.index()} is the
 * item catalogue and is the same index as {@code interactions.itemIndex()} (it may contain items
 * nobody interacted with); likewise for users.
 */
public record Dataset(String name, Interactions interactions, Attributes items, Attributes users) {

  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(interactions, "interactions");
    if (items == null) {
      items = Attributes.none(interactions.itemIndex());
    }
    if (users == null) {
      users = Attributes.none(interactions.userIndex());
    }
    if (items.index() != interactions.itemIndex()) {
      throw new IllegalArgumentException("items.index() must be interactions.itemIndex()");
    }
    if (users.index() != interactions.userIndex()) {
      throw new IllegalArgumentException("users.index() must be interactions.userIndex()");
    }
  }

  /** A data set with interactions only. */
  public static Dataset of(String name, Interactions interactions) {
    return new Dataset(name, interactions, null, null);
  }

  public IdIndex userIndex() {
    return interactions.userIndex();
  }

  public IdIndex itemIndex() {
    return interactions.itemIndex();
  }

  /** Same side information, other interactions over the same indices (e.g. a train split). */
  public Dataset withInteractions(Interactions other) {
    return new Dataset(name, other, items, users);
  }
}
