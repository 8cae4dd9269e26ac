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

  /**
   * Random share of all events: numpy's {@code RandomState(seed).permutation(n)[:round(share·n)]}
   * picks the test events (positions in data order).
   */
  static SplitProtocol random(double testShare, long seed) {
    return new OtherProtocols.RandomGlobal(testShare, seed);
  }

  /**
   * Random share per user: users in id order draw from one numpy {@code RandomState(seed)}; each
   * puts {@code permutation(n)[:max(1, round(share·n))]} of their events (in data order) in test.
   */
  static SplitProtocol randomPerUser(double testShare, long seed) {
    return new OtherProtocols.RandomPerUser(testShare, seed);
  }

  /** Each user's last event by (timestamp, item id) goes to test (a single event included). */
  static SplitProtocol leaveLastOut() {
    return new OtherProtocols.LeaveLastOut();
  }

  /** Every event with {@code timestamp >= cutoff} (epoch seconds) goes to test. */
  static SplitProtocol globalTemporal(long cutoff) {
    return new OtherProtocols.GlobalCutoff(cutoff);
  }

  /** The latest {@code round(testShare·n)} events by (timestamp, user id, item id) go to test. */
  static SplitProtocol globalTemporalShare(double testShare) {
    return new OtherProtocols.GlobalShare(testShare);
  }

  /**
   * Cold users: the ids of users with events are sorted ascending and numpy's {@code
   * RandomState(seed).choice(nUsers, round(share·nUsers), replace=False)} picks the users held out
   * with all their events. They have no history, so models score them with their unknown-user
   * fallback. Candidates: all rated items.
   */
  static SplitProtocol coldUser(double share, long seed) {
    return new OtherProtocols.ColdUser(share, seed);
  }

  /**
   * Parses a protocol written as on the command line: {@code user-temporal:0.2}, {@code
   * cold-item:0.2:SEED}, {@code random:0.2:SEED}, {@code random-per-user:0.2:SEED}, {@code loo},
   * {@code global-temporal:0.2} (a share) or {@code global-temporal@EPOCH} (a cut-off), {@code
   * cold-user:0.2:SEED}. A missing seed defaults to {@code defaultSeed}.
   */
  static SplitProtocol parse(String spec, long defaultSeed) {
    String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.startsWith("global-temporal@")) {
      return globalTemporal(parseLong(spec, s.substring(s.indexOf('@') + 1)));
    }
    String[] p = s.split(":");
    java.util.function.IntFunction<Double> share =
        i -> {
          if (p.length <= i) {
            throw new IllegalArgumentException("split '" + spec + "' needs a share, e.g. 0.2");
          }
          try {
            return Double.parseDouble(p[i]);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("split share must be a number; split=" + spec);
          }
        };
    long seed = p.length > 2 ? parseLong(spec, p[2]) : defaultSeed;
    return switch (p[0]) {
      case "user-temporal", "temporal" -> userTemporal(p.length > 1 ? share.apply(1) : 0.2);
      case "cold-item" -> coldItem(share.apply(1), seed);
      case "cold-user" -> coldUser(share.apply(1), seed);
      case "random" -> random(share.apply(1), seed);
      case "random-per-user" -> randomPerUser(share.apply(1), seed);
      case "loo", "leave-last-one-out" -> leaveLastOut();
      case "global-temporal" -> globalTemporalShare(share.apply(1));
      default ->
          throw new IllegalArgumentException(
              "unknown split '"
                  + spec
                  + "'; known: user-temporal:SHARE, cold-item:SHARE[:SEED],"
                  + " cold-user:SHARE[:SEED], random:SHARE[:SEED], random-per-user:SHARE[:SEED],"
                  + " loo, global-temporal:SHARE, global-temporal@EPOCH_SECONDS");
    };
  }

  private static long parseLong(String spec, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("split seed/cut-off must be an integer; split=" + spec);
    }
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
