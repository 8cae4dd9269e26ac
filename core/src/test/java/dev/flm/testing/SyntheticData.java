package dev.flm.testing;

import dev.flm.data.Attributes;
import dev.flm.data.Dataset;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded synthetic data for tests: users and items get hidden latent tastes in {@code dims}
 * dimensions; each user interacts with items drawn with probability rising with taste agreement and
 * item popularity; events carry ratings 1..5 and increasing timestamps. Ids are "u0", "u1", ... and
 * "i0", "i1", ... kept in id order ({@link IdIndex#sorted()}), and each item has a title naming its
 * dominant taste, so text models have a signal too.
 */
public final class SyntheticData {
  private SyntheticData() {}

  public static final String[] TOPICS = {
    "space", "romance", "crime", "comedy", "horror", "history", "music", "sports"
  };

  /**
   * A data set with {@code users} users, {@code items} items and about {@code perUser} events each.
   */
  public static Dataset generate(int users, int items, int perUser, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int dims = Math.min(TOPICS.length, 4);
    float[][] ut = new float[users][dims];
    float[][] it = new float[items][dims];
    int[] topic = new int[items];
    double[] pop = new double[items];
    for (int i = 0; i < items; i++) {
      topic[i] = rnd.nextInt(dims);
      it[i][topic[i]] = 1f;
      pop[i] = Math.exp(-3.0 * i / items);
    }
    for (int u = 0; u < users; u++) {
      ut[u][rnd.nextInt(dims)] = 1f;
      ut[u][rnd.nextInt(dims)] += 0.5f;
    }
    IdIndex userIdx = numbered("u", users);
    IdIndex itemIdx = numbered("i", items);
    int[] uPerm = IdIndex.of(userIdx.ids()).sortPermutation();
    int[] iPerm = IdIndex.of(itemIdx.ids()).sortPermutation();
    int n = users * perUser;
    int[] us = new int[n];
    int[] is = new int[n];
    float[] rs = new float[n];
    long[] ts = new long[n];
    int k = 0;
    double[] w = new double[items];
    for (int u = 0; u < users; u++) {
      double total = 0;
      for (int i = 0; i < items; i++) {
        double dot = 0;
        for (int d = 0; d < dims; d++) {
          dot += ut[u][d] * it[i][d];
        }
        w[i] = Math.exp(3 * dot) * pop[i];
        total += w[i];
      }
      boolean[] taken = new boolean[items];
      int count = Math.min(items, Math.max(1, perUser - 2 + rnd.nextInt(5)));
      for (int c = 0; c < count && k < n; c++) {
        int chosen = -1;
        for (int attempt = 0; attempt < 50 && chosen < 0; attempt++) {
          double x = rnd.nextDouble() * total;
          int i = 0;
          while (i < items - 1 && (x -= w[i]) > 0) {
            i++;
          }
          if (!taken[i]) {
            chosen = i;
          }
        }
        if (chosen < 0) {
          break;
        }
        taken[chosen] = true;
        us[k] = uPerm[u];
        is[k] = iPerm[chosen];
        double dot = 0;
        for (int d = 0; d < dims; d++) {
          dot += ut[u][d] * it[chosen][d];
        }
        rs[k] = (float) Math.max(1, Math.min(5, Math.round(2 + 2 * dot + rnd.nextDouble())));
        ts[k] = 1_000_000L + u * 10_000L + c * 60L + rnd.nextInt(30);
        k++;
      }
    }
    Interactions inter =
        new Interactions(
            userIdx.sorted(),
            itemIdx.sorted(),
            Arrays.copyOf(us, k),
            Arrays.copyOf(is, k),
            Arrays.copyOf(rs, k),
            Arrays.copyOf(ts, k));
    String[] titles = new String[items];
    String[][] genres = new String[items][];
    for (int i = 0; i < items; i++) {
      titles[iPerm[i]] = "A " + TOPICS[topic[i]] + " story number " + i;
      genres[iPerm[i]] = new String[] {TOPICS[topic[i]]};
    }
    Attributes itemAttrs =
        Attributes.of(
            inter.itemIndex(),
            new Attributes.TextField("title", titles),
            new Attributes.CategoricalField("genres", genres));
    return new Dataset("synthetic-" + seed, inter, itemAttrs, null);
  }

  private static IdIndex numbered(String prefix, int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = prefix + i;
    }
    return IdIndex.of(ids);
  }
}
