package dev.flm.data;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Impression logs (e.g. MIND's behaviors.tsv): each impression shows a user a list of candidate
 * items, some clicked. Candidates of impression {@code k} are {@code items[offsets[k] ..
 * offsets[k+1])} with {@code clicked} flags alongside; the non-clicked ones are the impression's
 * negatives. Use them as restricted candidate sets in evaluation. Arrays are shared: read-only.
 *
 * @param ids external impression ids
 * @param users dense user index per impression
 * @param timestamps seconds since the epoch per impression
 */
public record Impressions(
    IdIndex userIndex,
    IdIndex itemIndex,
    String[] ids,
    int[] users,
    long[] timestamps,
    int[] offsets,
    int[] items,
    boolean[] clicked) {

  public Impressions {
    Objects.requireNonNull(userIndex, "userIndex");
    Objects.requireNonNull(itemIndex, "itemIndex");
    int n = users.length;
    if (ids.length != n || timestamps.length != n || offsets.length != n + 1) {
      throw new IllegalArgumentException(
          "ids, timestamps and offsets must match users length "
              + n
              + "; ids="
              + ids.length
              + ", timestamps="
              + timestamps.length
              + ", offsets="
              + offsets.length);
    }
    if (items.length != clicked.length || offsets[n] != items.length) {
      throw new IllegalArgumentException(
          "items/clicked length must equal offsets[n]="
              + offsets[n]
              + "; items="
              + items.length
              + ", clicked="
              + clicked.length);
    }
  }

  /** Number of impressions. */
  public int size() {
    return users.length;
  }

  /** Candidate items of impression {@code k} (a copy). */
  public int[] candidates(int k) {
    return Arrays.copyOfRange(items, offsets[k], offsets[k + 1]);
  }

  /**
   * Per user (dense index), the sorted distinct candidates of that user's impressions shown at or
   * after {@code fromTime}: a restricted candidate set for evaluation (e.g. {@code
   * CandidateRule.perUser(...)}). Use {@code Long.MIN_VALUE} for all impressions.
   */
  public Map<Integer, int[]> candidatesPerUser(long fromTime) {
    Map<Integer, BitSet> sets = new TreeMap<>();
    for (int k = 0; k < users.length; k++) {
      if (timestamps[k] < fromTime) {
        continue;
      }
      BitSet b = sets.computeIfAbsent(users[k], u -> new BitSet());
      for (int p = offsets[k]; p < offsets[k + 1]; p++) {
        b.set(items[p]);
      }
    }
    Map<Integer, int[]> out = new LinkedHashMap<>();
    for (Map.Entry<Integer, BitSet> e : sets.entrySet()) {
      out.put(e.getKey(), e.getValue().stream().toArray());
    }
    return out;
  }

  /** Clicked items of impression {@code k}. */
  public int[] clickedItems(int k) {
    int c = 0;
    for (int p = offsets[k]; p < offsets[k + 1]; p++) {
      if (clicked[p]) {
        c++;
      }
    }
    int[] out = new int[c];
    c = 0;
    for (int p = offsets[k]; p < offsets[k + 1]; p++) {
      if (clicked[p]) {
        out[c++] = items[p];
      }
    }
    return out;
  }
}
