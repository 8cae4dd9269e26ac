package dev.flm.split;

import dev.flm.data.Dataset;

/**
 * A seeded, reproducible way to divide a data set into train and test. Every protocol keeps the
 * data set's user and item indices, so models trained on the train part score in the same index
 * space the test part uses.
 */
public interface SplitProtocol {

  /** Splits {@code data}; the same protocol on the same data always gives the same split. */
  Split split(Dataset data);

  /** The protocol and all its parameters, e.g. {@code "user-temporal(test=0.2)"}. */
  String describe();

  /**
   * Per-user temporal ratio: every event is one interaction; each user's events are sorted by
   * (timestamp, item id) and the last {@code max(1, round(testShare * n))} go to test (round half
   * to even, like Python's {@code round}). Candidates: all rated items not in the user's train.
   */
  static SplitProtocol userTemporal(double testShare) {
    return new UserTemporal(testShare);
  }

  /**
   * Cold items: the rated item ids are sorted ascending and NumPy's {@code
   * RandomState(seed).choice(nItems, round(share * nItems), replace=False)} picks the positions
   * held out with all their events. Candidates: the held-out items.
   */
  static SplitProtocol coldItem(double share, long seed) {
    return new ColdItem(share, seed);
  }

  /** The rounding every protocol uses for counts: half to even, as Python's {@code round}. */
  static long round(double x) {
    return (long) Math.rint(x);
  }

  /** Checks a share is in (0, 1). */
  static double checkShare(String name, double share) {
    if (!(share > 0 && share < 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1); " + name + "=" + share);
    }
    return share;
  }
}
