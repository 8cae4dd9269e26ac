package dev.flm.data.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.data.Dataset;
import dev.flm.data.Fingerprints;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Whatever FLM writes as a train file reads back to the same content (same fingerprint). */
class TrainFileRoundTripProperties {
  private static final String ALPHABET = "ab7\u00e9\u4e2d\u6587\"' ,;:|-_\u0416\ud83d\ude00";

  private static String id(SplittableRandom rnd) {
    int len = 1 + rnd.nextInt(6);
    StringBuilder sb = new StringBuilder();
    while (sb.codePointCount(0, sb.length()) < len) {
      int[] cps = ALPHABET.codePoints().toArray();
      sb.appendCodePoint(cps[rnd.nextInt(cps.length)]);
    }
    String s = sb.toString().strip();
    return s.isEmpty() ? "x" : s;
  }

  private static IdIndex ids(SplittableRandom rnd, int n) {
    Set<String> s = new LinkedHashSet<>();
    while (s.size() < n) {
      s.add(id(rnd));
    }
    return IdIndex.of(s.toArray(new String[0])).sorted();
  }

  @Property(tries = 40)
  void writeThenReadKeepsEveryEvent(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 300) int events)
      throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    IdIndex users = ids(rnd, 1 + rnd.nextInt(20));
    IdIndex items = ids(rnd, 1 + rnd.nextInt(30));
    int[] us = new int[events];
    int[] is = new int[events];
    float[] rs = new float[events];
    long[] ts = new long[events];
    boolean[] seenU = new boolean[users.size()];
    boolean[] seenI = new boolean[items.size()];
    for (int k = 0; k < events; k++) {
      us[k] = rnd.nextInt(users.size());
      is[k] = rnd.nextInt(items.size());
      seenU[us[k]] = true;
      seenI[is[k]] = true;
      rs[k] = rnd.nextBoolean() ? rnd.nextInt(11) / 2f : (float) rnd.nextDouble(-1e6, 1e6);
      ts[k] = rnd.nextLong(0, 4_000_000_000L);
    }
    // Only ids that occur survive a round trip through an interactions file.
    Interactions in = Cleanup.compact(new Interactions(users, items, us, is, rs, ts), seenU, seenI);
    Path dir = Files.createTempDirectory("flm-roundtrip");
    Path f = dir.resolve("train.tsv");
    try {
      DataWriter.writeTrainFile(in, f);
      if (events == 0) {
        assertThat(Files.readString(f)).isEqualTo("user\titem\trating\ttimestamp\n");
        return;
      }
      Dataset back = DataLoader.loadTrainFile(f);
      assertThat(Fingerprints.of(back.interactions()))
          .as("seed %d", seed)
          .isEqualTo(Fingerprints.of(in));
      assertThat(back.userIndex()).isEqualTo(in.userIndex());
      assertThat(back.itemIndex()).isEqualTo(in.itemIndex());
    } finally {
      Files.deleteIfExists(f);
      Files.deleteIfExists(dir);
    }
  }

  /** Drops ids without events, keeping id order. */
  static final class Cleanup {
    static Interactions compact(Interactions in, boolean[] seenU, boolean[] seenI) {
      int[] um = map(seenU);
      int[] im = map(seenI);
      int[] us = new int[in.size()];
      int[] is = new int[in.size()];
      for (int k = 0; k < us.length; k++) {
        us[k] = um[in.users()[k]];
        is[k] = im[in.items()[k]];
      }
      return new Interactions(
          sub(in.userIndex(), seenU),
          sub(in.itemIndex(), seenI),
          us,
          is,
          in.ratings(),
          in.timestamps());
    }

    private static int[] map(boolean[] seen) {
      int[] m = new int[seen.length];
      int next = 0;
      for (int i = 0; i < seen.length; i++) {
        m[i] = seen[i] ? next++ : -1;
      }
      return m;
    }

    private static IdIndex sub(IdIndex idx, boolean[] seen) {
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < seen.length; i++) {
        if (seen[i]) {
          ids.add(idx.idOf(i));
        }
      }
      return IdIndex.of(ids.toArray(new String[0]));
    }
  }
}
