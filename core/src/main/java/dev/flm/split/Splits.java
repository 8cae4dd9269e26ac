package dev.flm.split;

import dev.flm.data.Dataset;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;

/** Building blocks shared by the split protocols. */
public final class Splits {
  private Splits() {}

  /** A split whose test part is the events flagged in {@code inTest}, in their original order. */
  public static Split fromMask(
      Dataset data, boolean[] inTest, String protocol, CandidateRule candidates) {
    Interactions in = data.interactions();
    int nTest = 0;
    for (boolean b : inTest) {
      if (b) {
        nTest++;
      }
    }
    int[] test = new int[nTest];
    int[] train = new int[in.size() - nTest];
    int a = 0;
    int b = 0;
    for (int i = 0; i < in.size(); i++) {
      if (inTest[i]) {
        test[a++] = i;
      } else {
        train[b++] = i;
      }
    }
    return new Split(
        data.withInteractions(in.select(train)),
        data.withInteractions(in.select(test)),
        null,
        protocol,
        candidates);
  }

  /**
   * Rank of every dense item index in item-id order (the identity when the index is already in id
   * order), so that sorting by rank sorts by item id.
   */
  public static int[] idRank(IdIndex index) {
    if (index.isSorted()) {
      int[] r = new int[index.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = i;
      }
      return r;
    }
    return index.sortPermutation();
  }

  /** Events grouped by user: {@code ptr[u]..ptr[u+1]} into the returned row array. */
  public static int[][] rowsByUser(Interactions in) {
    int nu = in.numUsers();
    int[] ptr = new int[nu + 1];
    for (int u : in.users()) {
      ptr[u + 1]++;
    }
    for (int u = 0; u < nu; u++) {
      ptr[u + 1] += ptr[u];
    }
    int[] fill = ptr.clone();
    int[] rows = new int[in.size()];
    int[] users = in.users();
    for (int i = 0; i < users.length; i++) {
      rows[fill[users[i]]++] = i;
    }
    return new int[][] {ptr, rows};
  }
}
