package dev.flm.hybrid;

import dev.flm.data.IdIndex;
import dev.flm.data.SparseMatrix;
import dev.flm.model.FactorScorer;
import dev.flm.model.ItemFilter;
import dev.flm.model.Provenance;
import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import dev.flm.model.TopK;
import dev.flm.util.Parallel;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Serves a trained FLM model (hybrid factorization over text vectors) from its exported arrays
 * ({@link FlmParts}) with plain Java: training needs the autograd engine of the {@code train}
 * module, scoring does not. Immutable and thread-safe.
 *
 * <p>Unknown users ({@code -1}) get the user vector of someone with no id, text or history, which
 * ranks items by their bias (a learned popularity). New users are folded in from a handful of items
 * ({@link #scoreHistory}) or from their text ({@link #userVector}); new items from their text
 * vector ({@link #coldItem}), all without retraining.
 */
public final class FlmRecommender implements Recommender {
  /** The registered model type name. */
  public static final String TYPE = "flm";

  private final IdIndex users;
  private final IdIndex items;
  private final FlmParts parts;
  private final Provenance provenance;
  private final String encoder;
  private final int itemsWithoutText;
  private final float[]
      scoringItems; // item vectors, normalised and divided by temperature for cosine
  private final Map<String, byte[]> attachments;
  private final FactorScorer scorer;
  private final ItemNeighbours neighbours;

  /**
   * @param encoder name of the text encoder whose vectors the model expects, or "none"
   * @param itemsWithoutText catalogue items that had no text at training time (for reports)
   */
  public FlmRecommender(
      IdIndex users,
      IdIndex items,
      FlmParts parts,
      String encoder,
      int itemsWithoutText,
      Provenance provenance) {
    this(users, items, parts, encoder, itemsWithoutText, provenance, Map.of());
  }

  /**
   * @param attachments files saved verbatim into the model folder beside the arrays, by file name
   *     (e.g. {@code training-curve.png})
   */
  public FlmRecommender(
      IdIndex users,
      IdIndex items,
      FlmParts parts,
      String encoder,
      int itemsWithoutText,
      Provenance provenance,
      Map<String, byte[]> attachments) {
    this(users, items, parts, null, encoder, itemsWithoutText, provenance, attachments);
  }

  /**
   * @param neighbours the item-item term added to the factor scores, or null for none
   */
  public FlmRecommender(
      IdIndex users,
      IdIndex items,
      FlmParts parts,
      ItemNeighbours neighbours,
      String encoder,
      int itemsWithoutText,
      Provenance provenance,
      Map<String, byte[]> attachments) {
    this.neighbours = neighbours;
    this.attachments = Collections.unmodifiableMap(new LinkedHashMap<>(attachments));
    this.users = Objects.requireNonNull(users, "users");
    this.items = Objects.requireNonNull(items, "items");
    this.parts = Objects.requireNonNull(parts, "parts");
    this.encoder = encoder == null ? "none" : encoder;
    this.itemsWithoutText = itemsWithoutText;
    this.provenance = provenance;
    if (parts.numUsers() != users.size()) {
      throw new IllegalArgumentException(
          "userVectors has " + parts.numUsers() + " rows; user index has " + users.size());
    }
    if (parts.numItems() != items.size()) {
      throw new IllegalArgumentException(
          "itemVectors has " + parts.numItems() + " rows; item index has " + items.size());
    }
    float[] q = parts.itemVectors();
    if (parts.cosine()) {
      int d = parts.dim();
      q = q.clone();
      float scale = 1f / parts.temperature();
      for (int i = 0; i < parts.numItems(); i++) {
        normalise(q, i * d, d, scale);
      }
    }
    if (neighbours != null
        && (neighbours.numItems() != items.size() || neighbours.numUsers() != users.size())) {
      throw new IllegalArgumentException(
          "item-item term covers "
              + neighbours.numUsers()
              + " users and "
              + neighbours.numItems()
              + " items; the model has "
              + users.size()
              + " and "
              + items.size());
    }
    this.scoringItems = q;
    this.scorer = new FactorScorer(q, parts.itemBias(), parts.dim());
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public IdIndex userIndex() {
    return users;
  }

  @Override
  public IdIndex itemIndex() {
    return items;
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  /** The exported arrays (shared, treat as read-only). */
  public FlmParts parts() {
    return parts;
  }

  /** The item-item term, or null when the model has none. */
  public ItemNeighbours neighbours() {
    return neighbours;
  }

  /** Name of the text encoder the model was trained with ("none" when it uses no text). */
  public String encoder() {
    return encoder;
  }

  public int itemsWithoutText() {
    return itemsWithoutText;
  }

  /** Extra files saved with the model (e.g. the training curve), by file name. */
  public Map<String, byte[]> attachments() {
    return attachments;
  }

  @Override
  public void score(int user, float[] out) {
    int d = parts.dim();
    float[] p = new float[d];
    if (user >= 0) {
      System.arraycopy(parts.userVectors(), user * d, p, 0, d);
    } else {
      System.arraycopy(parts.userBase(), 0, p, 0, d);
    }
    scoreVector(p, out);
    if (neighbours != null && user >= 0) {
      neighbours.addForUser(user, out);
    }
  }

  /** Folds in a user from the items they interacted with (dense item indices, oldest first). */
  @Override
  public void scoreHistory(int[] historyItems, float[] out) {
    scoreVector(userVector(null, historyItems), out);
    if (neighbours != null && historyItems != null) {
      neighbours.add(historyItems, 0, historyItems.length, out);
    }
  }

  /**
   * The vector of a user the model did not see: from their text vector (may be null) and history
   * (dense item indices, oldest first; may be null or empty). Parts the model lacks are skipped.
   */
  public float[] userVector(float[] textVector, int[] historyItems) {
    int d = parts.dim();
    float[] p = parts.userBase().clone();
    if (textVector != null) {
      float[] proj = parts.userTextProj() != null ? parts.userTextProj() : parts.historyTextProj();
      if (proj != null) {
        checkDim("user text vector", textVector.length, parts.textDim());
        addProjection(textVector, proj, d, p);
      }
    }
    if (historyItems != null && historyItems.length > 0 && parts.historyVectors() != null) {
      float[] h = parts.historyVectors();
      float[] w =
          FlmParts.poolWeights(historyItems.length, parts.pooling(), parts.recencyHalfLife());
      for (int k = 0; k < historyItems.length; k++) {
        int off = historyItems[k] * d;
        for (int c = 0; c < d; c++) {
          p[c] += w[k] * h[off + c];
        }
      }
    }
    return p;
  }

  /** A new item from its text vector and extra features (either may be null). */
  public ColdItem coldItem(float[] textVector, float[] features) {
    int d = parts.dim();
    float[] q = parts.itemBase().clone();
    float b = parts.coldBias();
    if (textVector != null && parts.itemTextProj() != null) {
      checkDim("item text vector", textVector.length, parts.textDim());
      addProjection(textVector, parts.itemTextProj(), d, q);
      if (parts.textBias() != null) {
        b += dot(textVector, 0, parts.textBias(), 0, textVector.length);
      }
    }
    if (features != null && parts.featureProj() != null) {
      checkDim("feature vector", features.length, parts.featureDim());
      addProjection(features, parts.featureProj(), d, q);
    }
    return new ColdItem(q, b);
  }

  /**
   * Factor scores of every catalogue item for a user vector (from {@link #userVector} or a known
   * user); the item-item term, which needs the user's history, is not included (see {@link #score}
   * and {@link #scoreHistory}).
   */
  public void scoreVector(float[] userVector, float[] out) {
    int d = parts.dim();
    int n = parts.numItems();
    if (out.length != n) {
      throw new IllegalArgumentException("out length must be " + n + "; length=" + out.length);
    }
    float[] p = userVector;
    if (parts.cosine()) {
      p = userVector.clone();
      normalise(p, 0, d, 1f);
    }
    scorer.score(p, 0, out);
  }

  /**
   * Top-{@code k} for every known user at once (blocked, multi-threaded), excluding row {@code u}
   * of {@code exclude} (may be null) and restricted to {@code candidates} (may be null).
   */
  public Recommendations[] topKAllUsers(
      int k, SparseMatrix exclude, BitSet candidates, int threads) {
    if (neighbours != null) {
      return topKOneByOne(k, exclude, candidates, threads);
    }
    float[] users = parts.userVectors();
    if (parts.cosine()) {
      int d = parts.dim();
      users = users.clone();
      for (int u = 0; u < parts.numUsers(); u++) {
        normalise(users, u * d, d, 1f);
      }
    }
    return scorer.topK(users, null, k, exclude, candidates, threads);
  }

  private Recommendations[] topKOneByOne(
      int k, SparseMatrix exclude, BitSet candidates, int threads) {
    int nu = parts.numUsers();
    Recommendations[] out = new Recommendations[nu];
    Parallel.forRange(
        "flm-top-k",
        Parallel.threads(threads),
        nu,
        16,
        (w, from, to) -> {
          float[] s = new float[parts.numItems()];
          for (int u = from; u < to; u++) {
            score(u, s);
            int[] seen = exclude == null || u >= exclude.rows() ? null : exclude.row(u);
            out[u] = TopK.select(s, k, ItemFilter.of(candidates, seen));
          }
        });
    return out;
  }

  /** Score of a new item for a user vector. */
  public float score(float[] userVector, ColdItem item) {
    int d = parts.dim();
    if (parts.cosine()) {
      float[] p = userVector.clone();
      normalise(p, 0, d, 1f);
      float[] q = item.vector().clone();
      normalise(q, 0, d, 1f / parts.temperature());
      return dot(p, 0, q, 0, d) + item.bias();
    }
    return dot(userVector, 0, item.vector(), 0, d) + item.bias();
  }

  /** Vector of a known user (dense index). */
  public float[] knownUserVector(int user) {
    int d = parts.dim();
    float[] p = new float[d];
    System.arraycopy(parts.userVectors(), user * d, p, 0, d);
    return p;
  }

  /** A new item's vector and bias, as computed by {@link #coldItem}. */
  public record ColdItem(float[] vector, float bias) {}

  private static void addProjection(float[] x, float[] proj, int d, float[] acc) {
    for (int r = 0; r < x.length; r++) {
      float v = x[r];
      if (v == 0f) {
        continue;
      }
      int off = r * d;
      for (int k = 0; k < d; k++) {
        acc[k] += v * proj[off + k];
      }
    }
  }

  private static float dot(float[] a, int ao, float[] b, int bo, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int k = 0;
    for (; k + 3 < n; k += 4) {
      s0 += a[ao + k] * b[bo + k];
      s1 += a[ao + k + 1] * b[bo + k + 1];
      s2 += a[ao + k + 2] * b[bo + k + 2];
      s3 += a[ao + k + 3] * b[bo + k + 3];
    }
    for (; k < n; k++) {
      s0 += a[ao + k] * b[bo + k];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static void normalise(float[] v, int off, int d, float scale) {
    double ss = 0;
    for (int k = 0; k < d; k++) {
      ss += (double) v[off + k] * v[off + k];
    }
    float f = ss > 0 ? (float) (scale / Math.sqrt(ss)) : 0f;
    for (int k = 0; k < d; k++) {
      v[off + k] *= f;
    }
  }

  private static void checkDim(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          what + " has dimension " + actual + "; the model expects " + expected);
    }
  }
}
