package dev.flm.model;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Which items may be recommended to one user: optionally only a candidate set, never the excluded
 * ones (typically the items the user has already seen). Immutable.
 *
 * @param candidates allowed items, or {@code null} for all items
 * @param excluded sorted dense indices never to recommend, or {@code null}
 */
public record ItemFilter(BitSet candidates, int[] excluded) {

  /** No restriction. */
  public static final ItemFilter ALL = new ItemFilter(null, null);

  /** Everything but {@code excludedSorted} (ascending dense indices). */
  public static ItemFilter excluding(int[] excludedSorted) {
    return new ItemFilter(null, excludedSorted);
  }

  /** Only {@code candidates}, and never {@code excludedSorted} (may be null). */
  public static ItemFilter of(BitSet candidates, int[] excludedSorted) {
    return new ItemFilter(candidates, excludedSorted);
  }

  public boolean allows(int item) {
    if (candidates != null && !candidates.get(item)) {
      return false;
    }
    return excluded == null || Arrays.binarySearch(excluded, item) < 0;
  }
}
