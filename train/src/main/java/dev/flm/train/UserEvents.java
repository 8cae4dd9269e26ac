package dev.flm.train;

import dev.flm.data.Interactions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Per-user views of training events (each user's items sorted or oldest first, the validation carve
 * of each user's latest events) and the events' fingerprint, as FLM's trainer uses them. Dense int
 * indices in, primitive arrays out.
 */
final class UserEvents {
  private UserEvents() {}

  /** Sorted distinct items of each user. */
  static int[][] histories(Interactions x, int nu) {
    int[] cnt = new int[nu];
    for (int u : x.users()) {
      cnt[u]++;
    }
    int[][] h = new int[nu][];
    for (int u = 0; u < nu; u++) {
      h[u] = new int[cnt[u]];
    }
    int[] fill = new int[nu];
    for (int e = 0; e < x.size(); e++) {
      int u = x.users()[e];
      h[u][fill[u]++] = x.items()[e];
    }
    for (int u = 0; u < nu; u++) {
      h[u] = Arrays.stream(h[u]).sorted().distinct().toArray();
    }
    return h;
  }

  /** Distinct items of each user, oldest first (by timestamp, then event order; latest kept). */
  static int[][] chronological(Interactions x, int nu) {
    List<List<Integer>> per = new ArrayList<>();
    for (int u = 0; u < nu; u++) {
      per.add(new ArrayList<>());
    }
    for (int e = 0; e < x.size(); e++) {
      per.get(x.users()[e]).add(e);
    }
    int[][] out = new int[nu][];
    for (int u = 0; u < nu; u++) {
      List<Integer> ev = per.get(u);
      if (x.hasTimestamps()) {
        ev.sort(
            (a, b) -> {
              int c = Long.compare(x.timestamps()[a], x.timestamps()[b]);
              return c != 0 ? c : Integer.compare(a, b);
            });
      }
      java.util.LinkedHashSet<Integer> items = new java.util.LinkedHashSet<>();
      for (int e : ev) {
        int i = x.items()[e];
        items.remove(i);
        items.add(i);
      }
      out[u] = items.stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  /**
   * Splits events into {fit rows, validation rows}: each user's latest {@code fraction} (by
   * timestamp, seeded random order without timestamps), for users with at least 3 events.
   */
  static int[][] holdOutLatest(Interactions x, double fraction, long seed) {
    int nu = x.numUsers();
    List<List<Integer>> per = new ArrayList<>();
    for (int u = 0; u < nu; u++) {
      per.add(new ArrayList<>());
    }
    for (int e = 0; e < x.size(); e++) {
      per.get(x.users()[e]).add(e);
    }
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int[] isVal = new int[x.size()];
    for (List<Integer> events : per) {
      int n = events.size();
      if (n < 3) {
        continue;
      }
      int hold = (int) Math.max(1, Math.round(n * fraction));
      Integer[] ev = events.toArray(new Integer[0]);
      if (x.hasTimestamps()) {
        Arrays.sort(
            ev,
            (a, b) -> {
              int c = Long.compare(x.timestamps()[a], x.timestamps()[b]);
              return c != 0 ? c : Integer.compare(a, b);
            });
      } else {
        for (int i = n - 1; i > 0; i--) {
          int j = rnd.nextInt(i + 1);
          Integer t = ev[i];
          ev[i] = ev[j];
          ev[j] = t;
        }
      }
      for (int i = n - hold; i < n; i++) {
        isVal[ev[i]] = 1;
      }
    }
    int nv = Arrays.stream(isVal).sum();
    int[] fit = new int[x.size() - nv];
    int[] val = new int[nv];
    int a = 0;
    int b = 0;
    for (int e = 0; e < x.size(); e++) {
      if (isVal[e] == 1) {
        val[b++] = e;
      } else {
        fit[a++] = e;
      }
    }
    return new int[][] {fit, val};
  }

  /** SHA-256 of the events as external user and item ids, in order (keys checkpoints to data). */
  static String fingerprint(Interactions x) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (int e = 0; e < x.size(); e++) {
        md.update(
            x.userIndex().idOf(x.users()[e]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(
            x.itemIndex().idOf(x.items()[e]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
