package dev.flm.split;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.Objects;

/**
 * Which items an evaluation ranks for each test user. Whatever the rule, items in the user's own
 * training (and validation) history are never candidates.
 */
public sealed interface CandidateRule {

  /** One line for reports, e.g. "all rated items not in the user's train". */
  String describe();

  /** True when the rule samples negatives (reported as "sampled"). */
  default boolean sampled() {
    return false;
  }

  /** Full ranking (the default): every item rated anywhere in the data set. */
  static CandidateRule allUnseen() {
    return AllUnseen.INSTANCE;
  }

  /** Only {@code items} (dense indices), e.g. the held-out items of a cold-item split. */
  static CandidateRule items(BitSet items, String description) {
    return new Fixed(items, description);
  }

  /** A candidate list per user (dense user index to dense item indices), e.g. impressions. */
  static CandidateRule perUser(Map<Integer, int[]> lists, String description) {
    return new PerUser(lists, description);
  }

  /** The user's test items plus {@code negatives} unseen items drawn at random (seeded). */
  static CandidateRule sampled(int negatives, long seed) {
    return new Sampled(negatives, seed);
  }

  /** Every rated item not in the user's history: full ranking. */
  enum AllUnseen implements CandidateRule {
    INSTANCE;

    @Override
    public String describe() {
      return "all rated items not in the user's train";
    }
  }

  /** A fixed candidate set shared by all users. */
  record Fixed(BitSet items, String description) implements CandidateRule {
    public Fixed {
      Objects.requireNonNull(items, "items");
      items = (BitSet) items.clone();
      description = description == null ? "a fixed set of items" : description;
    }

    @Override
    public BitSet items() {
      return (BitSet) items.clone();
    }

    @Override
    public String describe() {
      return description + " (" + items.cardinality() + " items) not in the user's train";
    }
  }

  /** A candidate list per user; users without a list have no candidates. */
  record PerUser(Map<Integer, int[]> lists, String description) implements CandidateRule {
    public PerUser {
      Objects.requireNonNull(lists, "lists");
      lists = Map.copyOf(lists);
      description = description == null ? "per-user candidate lists" : description;
    }

    /** Sorted distinct candidates of {@code user}, empty when it has none. */
    public int[] of(int user) {
      int[] l = lists.get(user);
      return l == null ? new int[0] : Arrays.stream(l).sorted().distinct().toArray();
    }

    @Override
    public String describe() {
      return description + " (" + lists.size() + " users) not in the user's train";
    }
  }

  /** Sampled ranking: test items plus seeded random negatives. */
  record Sampled(int negatives, long seed) implements CandidateRule {
    public Sampled {
      if (negatives < 1) {
        throw new IllegalArgumentException("negatives must be >= 1; negatives=" + negatives);
      }
    }

    @Override
    public String describe() {
      return "SAMPLED: test items plus "
          + negatives
          + " random unseen rated items per user (seed "
          + seed
          + ")";
    }

    @Override
    public boolean sampled() {
      return true;
    }
  }
}
