package dev.flm.split;

import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import java.util.Arrays;

/** See {@link SplitProtocol#userTemporal}. */
record UserTemporal(double testShare) implements SplitProtocol {

  UserTemporal {
    SplitProtocol.checkShare("testShare", testShare);
  }

  @Override
  public String describe() {
    return "user-temporal(test="
        + testShare
        + "; per user, sorted by (timestamp, item id), last max(1, round(test*n)) to test)";
  }

  @Override
  public Split split(Dataset data) {
    Interactions in = data.interactions();
    if (!in.hasTimestamps()) {
      throw new IllegalArgumentException(
          "user-temporal split needs timestamps; data set '" + data.name() + "' has none");
    }
    long[] ts = in.timestamps();
    int[] items = in.items();
    int[] rank = Splits.idRank(in.itemIndex());
    int[][] g = Splits.rowsByUser(in);
    int[] ptr = g[0];
    int[] rows = g[1];
    boolean[] inTest = new boolean[in.size()];
    for (int u = 0; u < in.numUsers(); u++) {
      int s = ptr[u];
      int e = ptr[u + 1];
      int n = e - s;
      if (n == 0) {
        continue;
      }
      Integer[] order = new Integer[n];
      for (int k = 0; k < n; k++) {
        order[k] = rows[s + k];
      }
      Arrays.sort(
          order,
          (x, y) -> {
            int c = Long.compare(ts[x], ts[y]);
            if (c == 0) {
              c = Integer.compare(rank[items[x]], rank[items[y]]);
            }
            return c != 0 ? c : Integer.compare(x, y);
          });
      long nTest = Math.max(1, SplitProtocol.round(testShare * n));
      for (int k = (int) (n - Math.min(n, nTest)); k < n; k++) {
        inTest[order[k]] = true;
      }
    }
    return Splits.fromMask(data, inTest, describe(), CandidateRule.allUnseen());
  }
}
