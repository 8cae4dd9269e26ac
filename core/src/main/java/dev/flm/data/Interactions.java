package dev.flm.data;

import java.util.Objects;

/**
 * A columnar list of user-item interactions in dense index space: parallel primitive arrays, one
 * entry per event. {@code ratings} is {@code null} for implicit feedback (every event weighs 1);
 * {@code timestamps} is {@code null} when the source has none (seconds since the epoch otherwise).
 *
 * <p>Arrays are shared, not copied: treat them as read-only. Use {@link #select(int[])} to take a
 * subset.
 */
public record Interactions(
    IdIndex userIndex,
    IdIndex itemIndex,
    int[] users,
    int[] items,
    float[] ratings,
    long[] timestamps) {

  public Interactions {
    Objects.requireNonNull(userIndex, "userIndex");
    Objects.requireNonNull(itemIndex, "itemIndex");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(items, "items");
    if (items.length != users.length) {
      throw new IllegalArgumentException(
          "items length must equal users length " + users.length + "; items=" + items.length);
    }
    if (ratings != null && ratings.length != users.length) {
      throw new IllegalArgumentException(
          "ratings length must equal users length " + users.length + "; ratings=" + ratings.length);
    }
    if (timestamps != null && timestamps.length != users.length) {
      throw new IllegalArgumentException(
          "timestamps length must equal users length "
              + users.length
              + "; timestamps="
              + timestamps.length);
    }
  }

  /** Number of interactions. */
  public int size() {
    return users.length;
  }

  public int numUsers() {
    return userIndex.size();
  }

  public int numItems() {
    return itemIndex.size();
  }

  public boolean hasRatings() {
    return ratings != null;
  }

  public boolean hasTimestamps() {
    return timestamps != null;
  }

  /** Rating of event {@code i}, or 1 for implicit feedback. */
  public float rating(int i) {
    return ratings == null ? 1f : ratings[i];
  }

  /** The events at {@code rows} (in that order), over the same indices. */
  public Interactions select(int[] rows) {
    int n = rows.length;
    int[] u = new int[n];
    int[] it = new int[n];
    float[] r = ratings == null ? null : new float[n];
    long[] t = timestamps == null ? null : new long[n];
    for (int k = 0; k < n; k++) {
      int i = rows[k];
      u[k] = users[i];
      it[k] = items[i];
      if (r != null) {
        r[k] = ratings[i];
      }
      if (t != null) {
        t[k] = timestamps[i];
      }
    }
    return new Interactions(userIndex, itemIndex, u, it, r, t);
  }

  /** The same events with every weight set to 1 (implicit feedback). */
  public Interactions withoutRatings() {
    return new Interactions(userIndex, itemIndex, users, items, null, timestamps);
  }

  /**
   * User-by-item matrix of these events; repeated pairs keep the value of the last event (by
   * position). Values are ratings, or 1 for implicit feedback.
   */
  public SparseMatrix toMatrix() {
    return SparseMatrix.fromCoordinates(
        numUsers(), numItems(), users, items, ratings, SparseMatrix.Duplicates.KEEP_LAST);
  }

  /** Number of events per user, indexed by dense user index. */
  public int[] countsPerUser() {
    int[] c = new int[numUsers()];
    for (int u : users) {
      c[u]++;
    }
    return c;
  }

  /** Number of events per item, indexed by dense item index. */
  public int[] countsPerItem() {
    int[] c = new int[numItems()];
    for (int i : items) {
      c[i]++;
    }
    return c;
  }
}
