package dev.flm.cf;

import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import dev.flm.data.SparseMatrix;
import dev.flm.model.ItemFilter;
import dev.flm.model.Recommender;
import dev.flm.model.TopK;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** ml-latest-small ratings and the per-user temporal 80/20 split, for CF tests. */
final class MlSmall {
  private MlSmall() {}

  static Interactions load(Path dir) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(dir.resolve("ratings.csv"))) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        rows.add(line.split(","));
      }
    }
    IdIndex.Builder ub = new IdIndex.Builder();
    IdIndex.Builder ib = new IdIndex.Builder();
    for (String[] f : rows) {
      ub.add(f[0]);
      ib.add(f[1]);
    }
    IdIndex u0 = ub.build();
    IdIndex i0 = ib.build();
    int[] up = u0.sortPermutation();
    int[] ip = i0.sortPermutation();
    int n = rows.size();
    int[] us = new int[n];
    int[] is = new int[n];
    float[] rs = new float[n];
    long[] ts = new long[n];
    for (int k = 0; k < n; k++) {
      String[] f = rows.get(k);
      us[k] = up[u0.indexOf(f[0])];
      is[k] = ip[i0.indexOf(f[1])];
      rs[k] = Float.parseFloat(f[2]);
      ts[k] = Long.parseLong(f[3]);
    }
    return new Interactions(u0.permuted(up), i0.permuted(ip), us, is, rs, ts);
  }

  /** {train, test}: per user, the last max(1, round(0.2 n)) events by (timestamp, item) in test. */
  static Interactions[] split(Interactions all) {
    int n = all.size();
    Integer[] order = new Integer[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int c = Integer.compare(all.users()[a], all.users()[b]);
          if (c == 0) {
            c = Long.compare(all.timestamps()[a], all.timestamps()[b]);
          }
          if (c == 0) {
            c = Integer.compare(all.items()[a], all.items()[b]);
          }
          return c;
        });
    int[] train = new int[n];
    int[] test = new int[n];
    int nt = 0;
    int ns = 0;
    int s = 0;
    while (s < n) {
      int e = s;
      while (e < n && all.users()[order[e]] == all.users()[order[s]]) {
        e++;
      }
      int len = e - s;
      int nTest = Math.max(1, (int) Math.round(0.2 * len));
      for (int k = s; k < e; k++) {
        if (k < e - nTest) {
          train[nt++] = order[k];
        } else {
          test[ns++] = order[k];
        }
      }
      s = e;
    }
    return new Interactions[] {
      all.select(Arrays.copyOf(train, nt)), all.select(Arrays.copyOf(test, ns))
    };
  }

  /** Mean NDCG@k over users with test events, ranking all rated items not in the user's train. */
  static double ndcg(Recommender r, Interactions train, Interactions test, int k) {
    SparseMatrix tr = train.toMatrix();
    SparseMatrix te = test.toMatrix();
    float[] scores = new float[r.itemIndex().size()];
    double sum = 0;
    int users = 0;
    for (int u = 0; u < te.rows(); u++) {
      if (te.rowNnz(u) == 0) {
        continue;
      }
      r.score(u, scores);
      int[] ranked = TopK.select(scores, k, ItemFilter.excluding(tr.row(u))).items();
      sum += CfSupport.ndcg(ranked, te.row(u), k);
      users++;
    }
    return sum / users;
  }
}
