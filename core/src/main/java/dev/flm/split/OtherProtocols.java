package dev.flm.split;

import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import dev.flm.util.NumpyRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Implementations of the split protocols other than user-temporal and cold-item. */
final class OtherProtocols {
  private OtherProtocols() {}

  /** Events of each user sorted by (timestamp, item id, position). */
  static Integer[] sortedByTime(Interactions in, int[] rows, int s, int e, int[] rank) {
    long[] ts = in.timestamps();
    int[] items = in.items();
    Integer[] order = new Integer[e - s];
    for (int k = 0; k < order.length; k++) {
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
    return order;
  }

  static void requireTimestamps(Dataset data, String protocol) {
    if (!data.interactions().hasTimestamps()) {
      throw new IllegalArgumentException(
          protocol + " split needs timestamps; data set '" + data.name() + "' has none");
    }
  }

  /** Random share of all events: the first round(share·n) of numpy's permutation(n). */
  record RandomGlobal(double testShare, long seed) implements SplitProtocol {
    RandomGlobal {
      SplitProtocol.checkShare("testShare", testShare);
    }

    @Override
    public String describe() {
      return "random(test=" + testShare + ", seed=" + seed + "; global)";
    }

    @Override
    public Split split(Dataset data) {
      int n = data.interactions().size();
      int k = (int) SplitProtocol.round(testShare * n);
      boolean[] inTest = new boolean[n];
      for (int r : new NumpyRandom(seed).choiceWithoutReplacement(n, k)) {
        inTest[r] = true;
      }
      return Splits.fromMask(data, inTest, describe(), CandidateRule.allUnseen());
    }
  }

  /**
   * Random share per user: users in id order, each takes the first max(1, round(share·n)) of
   * permutation(n) of their events (in data order) from one numpy RandomState(seed).
   */
  record RandomPerUser(double testShare, long seed) implements SplitProtocol {
    RandomPerUser {
      SplitProtocol.checkShare("testShare", testShare);
    }

    @Override
    public String describe() {
      return "random(test=" + testShare + ", seed=" + seed + "; per user, at least 1)";
    }

    @Override
    public Split split(Dataset data) {
      Interactions in = data.interactions();
      int[][] g = Splits.rowsByUser(in);
      int[] ptr = g[0];
      int[] rows = g[1];
      NumpyRandom rnd = new NumpyRandom(seed);
      boolean[] inTest = new boolean[in.size()];
      for (int u : usersInIdOrder(in)) {
        int s = ptr[u];
        int n = ptr[u + 1] - s;
        if (n == 0) {
          continue;
        }
        int k = (int) Math.min(n, Math.max(1, SplitProtocol.round(testShare * n)));
        for (int p : rnd.choiceWithoutReplacement(n, k)) {
          inTest[rows[s + p]] = true;
        }
      }
      return Splits.fromMask(data, inTest, describe(), CandidateRule.allUnseen());
    }
  }

  static int[] usersInIdOrder(Interactions in) {
    int[] rank = Splits.idRank(in.userIndex());
    return IntStream.range(0, in.numUsers())
        .boxed()
        .sorted(Comparator.comparingInt(u -> rank[u]))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** Each user's last event by (timestamp, item id) to test. */
  record LeaveLastOut() implements SplitProtocol {
    @Override
    public String describe() {
      return "leave-last-one-out(per user, sorted by (timestamp, item id), last event to test)";
    }

    @Override
    public Split split(Dataset data) {
      requireTimestamps(data, "leave-last-one-out");
      Interactions in = data.interactions();
      int[] rank = Splits.idRank(in.itemIndex());
      int[][] g = Splits.rowsByUser(in);
      boolean[] inTest = new boolean[in.size()];
      for (int u = 0; u < in.numUsers(); u++) {
        int s = g[0][u];
        int e = g[0][u + 1];
        if (e > s) {
          Integer[] order = sortedByTime(in, g[1], s, e, rank);
          inTest[order[order.length - 1]] = true;
        }
      }
      return Splits.fromMask(data, inTest, describe(), CandidateRule.allUnseen());
    }
  }

  /** Events at or after a timestamp to test. */
  record GlobalCutoff(long cutoff) implements SplitProtocol {
    @Override
    public String describe() {
      return "global-temporal(cutoff=" + cutoff + "; events with timestamp >= cutoff to test)";
    }

    @Override
    public Split split(Dataset data) {
      requireTimestamps(data, "global-temporal");
      long[] ts = data.interactions().timestamps();
      boolean[] inTest = new boolean[ts.length];
      for (int i = 0; i < ts.length; i++) {
        inTest[i] = ts[i] >= cutoff;
      }
      return Splits.fromMask(data, inTest, describe(), CandidateRule.allUnseen());
    }
  }

  /** The latest round(share·n) events by (timestamp, user id, item id) to test. */
  record GlobalShare(double testShare) implements SplitProtocol {
    GlobalShare {
      SplitProtocol.checkShare("testShare", testShare);
    }

    @Override
    public String describe() {
      return "global-temporal(test="
          + testShare
          + "; latest events by (timestamp, user id, item id) to test)";
    }

    @Override
    public Split split(Dataset data) {
      requireTimestamps(data, "global-temporal");
      Interactions in = data.interactions();
      long[] ts = in.timestamps();
      int[] ur = Splits.idRank(in.userIndex());
      int[] ir = Splits.idRank(in.itemIndex());
      int[] us = in.users();
      int[] is = in.items();
      Integer[] order = IntStream.range(0, in.size()).boxed().toArray(Integer[]::new);
      Arrays.sort(
          order,
          (x, y) -> {
            int c = Long.compare(ts[x], ts[y]);
            if (c == 0) {
              c = Integer.compare(ur[us[x]], ur[us[y]]);
            }
            if (c == 0) {
              c = Integer.compare(ir[is[x]], ir[is[y]]);
            }
            return c != 0 ? c : Integer.compare(x, y);
          });
      int k = (int) SplitProtocol.round(testShare * in.size());
      boolean[] inTest = new boolean[in.size()];
      for (int p = in.size() - k; p < in.size(); p++) {
        inTest[order[p]] = true;
      }
      return Splits.fromMask(data, inTest, describe(), CandidateRule.allUnseen());
    }
  }

  /** Cold users: like cold-item, over the ids of users with events. */
  record ColdUser(double share, long seed) implements SplitProtocol {
    ColdUser {
      SplitProtocol.checkShare("share", share);
    }

    @Override
    public String describe() {
      return "cold-user(share="
          + share
          + ", seed="
          + seed
          + "; numpy RandomState(seed).choice over user ids with events, sorted ascending)";
    }

    @Override
    public Split split(Dataset data) {
      Interactions in = data.interactions();
      int[] counts = in.countsPerUser();
      int[] active = Arrays.stream(usersInIdOrder(in)).filter(u -> counts[u] > 0).toArray();
      int k = (int) SplitProtocol.round(share * active.length);
      boolean[] held = new boolean[in.numUsers()];
      for (int c : new NumpyRandom(seed).choiceWithoutReplacement(active.length, k)) {
        held[active[c]] = true;
      }
      int[] us = in.users();
      boolean[] inTest = new boolean[in.size()];
      for (int i = 0; i < inTest.length; i++) {
        inTest[i] = held[us[i]];
      }
      return Splits.fromMask(data, inTest, describe(), CandidateRule.allUnseen());
    }
  }
}
