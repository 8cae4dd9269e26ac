package dev.flm.cf;

import dev.flm.data.IdIndex;
import dev.flm.data.SparseMatrix;
import dev.flm.io.ArrayFile;
import dev.flm.io.ModelFolder;
import dev.flm.model.FactorScorer;
import dev.flm.model.ItemFilter;
import dev.flm.model.Provenance;
import dev.flm.model.Recommendations;
import dev.flm.model.TopK;
import java.io.IOException;
import java.util.BitSet;

/**
 * A matrix-factorisation model: {@code score(u, i) = bias[i] + p_u · q_i} over row-major float
 * factor arrays (made by {@link Bpr} and {@link Als}). Unknown users get item popularity. A new
 * user's history is folded in as the mean of its items' factors (ALS overrides this with its exact
 * least-squares fold-in). Immutable and thread-safe.
 */
public class FactorModel extends CfModel {
  static final String FACTORS = "factors.flma";

  private final int factors;
  private final float[] userFactors;
  private final float[] itemFactors;
  private final float[] itemBias;
  private final FactorScorer scorer;

  FactorModel(
      String type,
      IdIndex users,
      IdIndex items,
      Provenance provenance,
      float[] popularity,
      int factors,
      float[] userFactors,
      float[] itemFactors,
      float[] itemBias) {
    super(type, users, items, provenance, popularity);
    if (userFactors.length != (long) users.size() * factors
        || itemFactors.length != (long) items.size() * factors) {
      throw new IllegalArgumentException(
          "factor arrays must be users x factors and items x factors; factors=" + factors);
    }
    this.factors = factors;
    this.userFactors = userFactors;
    this.itemFactors = itemFactors;
    this.itemBias = itemBias;
    this.scorer = new FactorScorer(itemFactors, itemBias, factors);
  }

  public int factors() {
    return factors;
  }

  /** Row-major user factors (shared, read-only). */
  public float[] userFactors() {
    return userFactors;
  }

  /** Row-major item factors (shared, read-only). */
  public float[] itemFactors() {
    return itemFactors;
  }

  /** Per-item bias, or {@code null}. */
  public float[] itemBias() {
    return itemBias;
  }

  /** The blocked scorer over this model's items. */
  public FactorScorer scorer() {
    return scorer;
  }

  @Override
  public void score(int user, float[] out) {
    if (!known(user)) {
      scorePopularity(out);
      return;
    }
    scorer.score(userFactors, user * factors, out);
  }

  @Override
  public void scoreHistory(int[] historyItems, float[] out) {
    if (historyItems == null || historyItems.length == 0) {
      scorePopularity(out);
      return;
    }
    scorer.score(foldIn(historyItems), 0, out);
  }

  /** A user vector for a new user with these items (no retraining). */
  public float[] foldIn(int[] historyItems) {
    float[] u = new float[factors];
    for (int i : historyItems) {
      for (int d = 0; d < factors; d++) {
        u[d] += itemFactors[i * factors + d];
      }
    }
    for (int d = 0; d < factors; d++) {
      u[d] /= historyItems.length;
    }
    return u;
  }

  @Override
  public Recommendations recommend(int user, int k, ItemFilter filter) {
    float[] s = new float[itemIndex().size()];
    score(user, s);
    return TopK.select(s, k, filter);
  }

  /**
   * Top-{@code k} for many known users at once through the blocked scorer.
   *
   * @param users dense user indices
   * @param exclude rows by user index of items never to return (typically training), or null
   * @param candidates items that may be returned, or null for all
   * @param threads worker threads, 0 = one per core
   */
  public Recommendations[] recommendAll(
      int[] users, int k, SparseMatrix exclude, BitSet candidates, int threads) {
    return scorer.topK(userFactors, users, k, exclude, candidates, threads);
  }

  void saveFactors(ModelFolder folder) throws IOException {
    CfSupport.saveCommon(this, folder);
    ArrayFile a =
        new ArrayFile("factors")
            .put("userFactors", userFactors)
            .put("itemFactors", itemFactors)
            .put("factors", new int[] {factors});
    if (itemBias != null) {
      a.put("itemBias", itemBias);
    }
    folder.writeArrays(FACTORS, a);
  }

  /** Arrays read back by {@link #loadFactors}. */
  record Loaded(CfSupport.Common common, int factors, float[] users, float[] items, float[] bias) {}

  static Loaded loadFactors(ModelFolder folder) throws IOException {
    CfSupport.Common c = CfSupport.loadCommon(folder);
    ArrayFile a = folder.readArrays(FACTORS, "factors");
    int f = a.ints("factors")[0];
    float[] uf = a.floats("userFactors");
    float[] itf = a.floats("itemFactors");
    if (f <= 0
        || uf.length != (long) c.users().size() * f
        || itf.length != (long) c.items().size() * f) {
      throw new IOException(
          folder.file(FACTORS)
              + ": factor arrays do not match the saved indices (factors="
              + f
              + ")");
    }
    return new Loaded(c, f, uf, itf, a.has("itemBias") ? a.floats("itemBias") : null);
  }
}
