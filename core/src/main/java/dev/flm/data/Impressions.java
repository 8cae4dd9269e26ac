package dev.flm.data;

import java.util.Arrays;
import java.util.Objects;

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
