package dev.flm.cf;

import dev.flm.data.Fingerprints;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import dev.flm.data.SparseMatrix;
import dev.flm.io.ArrayFile;
import dev.flm.io.ModelFolder;
import dev.flm.model.FactorScorer;
import dev.flm.model.ItemFilter;
import dev.flm.model.Provenance;
import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import dev.flm.model.TopK;
import dev.flm.model.TrainingData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Shared plumbing of the CF trainers: provenance, finiteness checks, validation ranking, files. */
final class CfSupport {
  private CfSupport() {}

  static final String COMMON = "common.flma";

  /** Interaction count per item of a user-by-item matrix. */
  static float[] popularity(SparseMatrix x) {
    float[] p = new float[x.cols()];
    for (int c : x.colIdx()) {
      p[c]++;
    }
    return p;
  }

  /** Matrix with every value 1 (binary) or the stored ratings. */
  static SparseMatrix weights(SparseMatrix x, boolean useRatings) {
    return useRatings ? x : x.binarized();
  }

  static Provenance provenance(String type, Map<String, String> hyper, TrainingData data) {
    return Provenance.now(
        type,
        hyper,
        data.dataDescription(),
        Fingerprints.of(data.train().interactions()),
        data.validation() == null ? "train only" : "train with validation for early stopping",
        data.seed(),
        "none");
  }

  /** Throws naming model, epoch and array when {@code a} holds NaN or infinity. */
  static void checkFinite(String model, int epoch, String what, float[] a, String hint) {
    for (float v : a) {
      if (!Float.isFinite(v)) {
        throw new IllegalStateException(
            model
                + ": training diverged at epoch "
                + epoch
                + " ("
                + what
                + " contain "
                + v
                + "); no model was produced. "
                + hint);
      }
    }
  }

  /** {@link #checkFinite(String, int, String, float[], String)} over rows. */
  static void checkFinite(String model, int epoch, String what, float[][] rows, String hint) {
    for (float[] r : rows) {
      checkFinite(model, epoch, what, r, hint);
    }
  }

  /**
   * Validation events grouped by known user, ranked against all items the user did not see in
   * training; NDCG@k with binary gains as in the evaluation protocol.
   */
  static final class Validation {
    final int[] users;
    final int[][] relevant;
    final SparseMatrix seen;
    final int k;

    private Validation(int[] users, int[][] relevant, SparseMatrix seen, int k) {
      this.users = users;
      this.relevant = relevant;
      this.seen = seen;
      this.k = k;
    }

    /** Null when {@code data} has no validation events. */
    static Validation of(TrainingData data, SparseMatrix train, int k) {
      Interactions v = data.validation();
      if (v == null || v.size() == 0) {
        return null;
      }
      SparseMatrix m = v.toMatrix();
      List<Integer> us = new ArrayList<>();
      List<int[]> rel = new ArrayList<>();
      for (int u = 0; u < Math.min(m.rows(), train.rows()); u++) {
        int user = u;
        int[] kept = Arrays.stream(m.row(u)).filter(i -> !train.contains(user, i)).toArray();
        if (kept.length > 0) {
          us.add(u);
          rel.add(kept);
        }
      }
      if (us.isEmpty()) {
        return null;
      }
      return new Validation(
          us.stream().mapToInt(Integer::intValue).toArray(), rel.toArray(new int[0][]), train, k);
    }

    String metricName() {
      return "val_ndcg@" + k;
    }

    /** NDCG@k of a factor model scored in blocks. */
    double ndcg(float[] userFactors, float[] itemFactors, float[] itemBias, int f, int threads) {
      FactorScorer s = new FactorScorer(itemFactors, itemBias, f);
      Recommendations[] recs = s.topK(userFactors, users, k, seen, null, threads);
      return mean(recs);
    }

    /** NDCG@k of any recommender, one user at a time. */
    double ndcg(Recommender r) {
      Recommendations[] recs = new Recommendations[users.length];
      float[] scores = new float[r.itemIndex().size()];
      for (int j = 0; j < users.length; j++) {
        r.score(users[j], scores);
        recs[j] = TopK.select(scores, k, ItemFilter.excluding(seen.row(users[j])));
      }
      return mean(recs);
    }

    private double mean(Recommendations[] recs) {
      double sum = 0;
      for (int j = 0; j < users.length; j++) {
        sum += CfSupport.ndcg(recs[j].items(), relevant[j], k);
      }
      return sum / users.length;
    }
  }

  /** NDCG@k with binary gains; {@code relevantSorted} ascending. */
  static double ndcg(int[] ranked, int[] relevantSorted, int k) {
    double dcg = 0;
    for (int p = 0; p < Math.min(k, ranked.length); p++) {
      if (Arrays.binarySearch(relevantSorted, ranked[p]) >= 0) {
        dcg += 1 / log2(p + 2);
      }
    }
    double idcg = 0;
    for (int p = 0; p < Math.min(k, relevantSorted.length); p++) {
      idcg += 1 / log2(p + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** Writes indices and popularity shared by every CF model. */
  static void saveCommon(CfModel m, ModelFolder folder) throws IOException {
    folder.writeIds("users.flma", m.userIndex());
    folder.writeIds("items.flma", m.itemIndex());
    folder.writeArrays(COMMON, new ArrayFile("cf-common").put("popularity", m.popularity()));
  }

  record Common(IdIndex users, IdIndex items, float[] popularity) {}

  static Common loadCommon(ModelFolder folder) throws IOException {
    IdIndex users = folder.readIds("users.flma");
    IdIndex items = folder.readIds("items.flma");
    float[] pop = folder.readArrays(COMMON, "cf-common").floats("popularity");
    if (pop.length != items.size()) {
      throw new IOException(
          folder.file(COMMON)
              + ": popularity has "
              + pop.length
              + " entries; items "
              + items.size());
    }
    return new Common(users, items, pop);
  }

  static void requireType(Recommender model, Class<?> cls, String type) {
    if (!cls.isInstance(model)) {
      throw new IllegalArgumentException(
          type + " cannot save a model of type " + model.type() + " (" + model.getClass() + ")");
    }
  }
}
