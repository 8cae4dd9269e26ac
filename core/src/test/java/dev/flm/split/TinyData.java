package dev.flm.split;

import dev.flm.data.Dataset;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;

/** Hand-made data sets for split and evaluator tests. */
final class TinyData {
  private TinyData() {}

  /** Events as (user id, item id, rating, timestamp) over numeric ids 1..users, 1..items. */
  static Dataset of(int users, int items, long[][] events) {
    IdIndex u = numbered(users);
    IdIndex it = numbered(items);
    int n = events.length;
    int[] us = new int[n];
    int[] is = new int[n];
    float[] rs = new float[n];
    long[] ts = new long[n];
    for (int k = 0; k < n; k++) {
      us[k] = u.indexOf(Long.toString(events[k][0]));
      is[k] = it.indexOf(Long.toString(events[k][1]));
      rs[k] = events[k][2];
      ts[k] = events[k][3];
    }
    return Dataset.of("tiny", new Interactions(u, it, us, is, rs, ts));
  }

  static IdIndex numbered(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = Integer.toString(i + 1);
    }
    return IdIndex.of(ids);
  }
}
