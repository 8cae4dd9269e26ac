package dev.flm.text;

import dev.flm.data.IdIndex;
import dev.flm.model.ItemFilter;
import dev.flm.model.Provenance;
import dev.flm.model.Recommendations;
import dev.flm.model.TopK;
import java.util.List;
import java.util.Objects;

/**
 * The zero-shot {@code text} model: items are the unit vectors of their texts, a user is the
 * (recency- and rating-weighted) mean of the vectors of items in their history, optionally blended
 * with the vector of their own text, and scores are cosine similarities. Needs no interactions for
 * an item, so new items are scored like any other; a new user needs only a history or a text.
 * Immutable and thread-safe. Users without history and unknown users ({@code -1}) get items by
 * training popularity.
 *
 * <p>Text given at recommendation time ({@link #scoreUserText}, {@link #scoreNewItems}) is encoded
 * with the same encoder the model was built with, opened once per process through {@link
 * SharedEncoders}.
 */
public final class TextRecommender implements ColdStartScorer {
  private final IdIndex users;
  private final IdIndex items;
  private final int dim;
  private final float[] itemMat;
  private final float[] userMat;
  private final float[] popularity;
  private final float[] center;
  private final TextModelConfig config;
  private final String encoderId;
  private final Provenance provenance;
  private volatile TextEncoder encoder;

  TextRecommender(
      IdIndex users,
      IdIndex items,
      int dim,
      float[] itemMat,
      float[] userMat,
      float[] popularity,
      float[] center,
      TextModelConfig config,
      String encoderId,
      Provenance provenance) {
    this.users = users;
    this.items = items;
    this.dim = dim;
    this.itemMat = itemMat;
    this.userMat = userMat;
    this.popularity = popularity;
    this.center = center;
    this.config = config;
    this.encoderId = encoderId;
    this.provenance = provenance;
    if (itemMat.length != items.size() * dim || userMat.length != users.size() * dim) {
      throw new IllegalArgumentException("vector matrices do not match the indices and dim " + dim);
    }
  }

  @Override
  public String type() {
    return TextModelType.NAME;
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

  public TextModelConfig config() {
    return config;
  }

  /** Id of the encoder the item vectors came from. */
  public String encoderId() {
    return encoderId;
  }

  public int dimension() {
    return dim;
  }

  /** A copy of item {@code i}'s unit text vector (zero when the item has no text). */
  public float[] itemVector(int i) {
    float[] v = new float[dim];
    System.arraycopy(itemMat, i * dim, v, 0, dim);
    return v;
  }

  /** All item vectors, one row per dense item index (a copy). */
  public float[][] itemVectors() {
    float[][] m = new float[items.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = itemVector(i);
    }
    return m;
  }

  /** A copy of user {@code u}'s unit vector, all zero when the user had no history. */
  public float[] userVector(int u) {
    float[] v = new float[dim];
    System.arraycopy(userMat, u * dim, v, 0, dim);
    return v;
  }

  @Override
  public void score(int user, float[] out) {
    if (user < 0 || isZero(userMat, user * dim)) {
      System.arraycopy(popularity, 0, out, 0, popularity.length);
      return;
    }
    scoreVector(userMat, user * dim, out);
  }

  @Override
  public void scoreHistory(int[] historyItems, float[] out) {
    float[] v = historyVector(historyItems, null);
    if (isZero(v, 0)) {
      score(-1, out);
    } else {
      scoreVector(v, 0, out);
    }
  }

  /**
   * The unit user vector of a history (dense item indices, oldest first) with optional ratings
   * (null: all liked), weighted as the config says; zero when no item has text.
   */
  public float[] historyVector(int[] historyItems, float[] ratings) {
    return UserVectors.fromHistory(itemMat, dim, historyItems, ratings, config);
  }

  /** Cosine scores of every item against the unit vector {@code userVector}. */
  public void scoreVector(float[] userVector, float[] out) {
    if (userVector.length != dim) {
      throw new IllegalArgumentException(
          "user vector length must be " + dim + "; length=" + userVector.length);
    }
    scoreVector(userVector, 0, out);
  }

  private void scoreVector(float[] u, int off, float[] out) {
    int n = items.size();
    for (int i = 0; i < n; i++) {
      int o = i * dim;
      float s = 0;
      for (int d = 0; d < dim; d++) {
        s += u[off + d] * itemMat[o + d];
      }
      out[i] = s;
    }
  }

  /**
   * The unit vector of a text in the given role, with this model's encoder, centred like the item
   * vectors; comparable with {@link #itemVector} and {@link #userVector}.
   */
  public float[] textVector(String text, Role role) {
    return toModelSpace(encoder().encode(List.of(text), role)[0]);
  }

  /**
   * Maps a raw encoder vector into this model's space: normalise, subtract the centre, normalise.
   */
  public float[] toModelSpace(float[] raw) {
    return UserVectors.toSpace(raw, center);
  }

  /** The mean vector subtracted from every text vector (zero when centring is off). */
  public float[] center() {
    return center.clone();
  }

  /** Scores for a new user who has only a text (encoded as a query). */
  @Override
  public void scoreUserText(String userText, float[] out) {
    scoreUserText(new int[0], userText, 1, out);
  }

  /**
   * Scores for a user with a history (oldest first, may be empty) and a text (may be null): the
   * unit mean of the history vector and the text vector weighted {@code textWeight} (in 0..1).
   */
  public void scoreUserText(int[] historyItems, String userText, double textWeight, float[] out) {
    if (textWeight < 0 || textWeight > 1) {
      throw new IllegalArgumentException("textWeight must be in 0..1; textWeight=" + textWeight);
    }
    float[] h = historyVector(historyItems, null);
    boolean hasText = userText != null && !userText.isBlank();
    if (!hasText && isZero(h, 0)) {
      score(-1, out);
      return;
    }
    float[] v = new float[dim];
    float th = hasText ? (isZero(h, 0) ? 1f : (float) textWeight) : 0f;
    if (hasText) {
      float[] t = textVector(userText, Role.QUERY);
      for (int d = 0; d < dim; d++) {
        v[d] += th * t[d];
      }
    }
    for (int d = 0; d < dim; d++) {
      v[d] += (1 - th) * h[d];
    }
    scoreVector(Vectors.normalizeInPlace(v), 0, out);
  }

  /** Top-{@code k} items for a new user known only by {@code userText}. */
  public Recommendations recommendForText(String userText, int k, ItemFilter filter) {
    float[] s = new float[items.size()];
    scoreUserText(userText, s);
    return TopK.select(s, k, filter);
  }

  /**
   * Scores of new items known only by their texts (encoded as passages) for user {@code user} (-1:
   * an unknown user, who gets 0 for every item).
   */
  @Override
  public float[] scoreNewItems(int user, List<String> itemTexts) {
    float[][] v = encoder().encode(itemTexts, Role.PASSAGE);
    float[] out = new float[v.length];
    if (user < 0) {
      return out;
    }
    for (int k = 0; k < v.length; k++) {
      v[k] = toModelSpace(v[k]);
      float s = 0;
      for (int d = 0; d < dim; d++) {
        s += userMat[user * dim + d] * v[k][d];
      }
      out[k] = s;
    }
    return out;
  }

  /** The {@code k} items most similar to item {@code item}, itself excluded. */
  @Override
  public Recommendations similarItems(int item, int k) {
    Objects.checkIndex(item, items.size());
    float[] s = new float[items.size()];
    scoreVector(itemMat, item * dim, s);
    return TopK.select(s, k, ItemFilter.excluding(new int[] {item}));
  }

  /** The encoder this model's text goes through; opened on first use. */
  public TextEncoder encoder() {
    TextEncoder e = encoder;
    if (e == null) {
      e = SharedEncoders.get(config.encoder());
      if (!e.id().equals(encoderId)) {
        throw new IllegalStateException(
            "this text model was built with encoder "
                + encoderId
                + " but '"
                + config.encoder()
                + "' now opens "
                + e.id()
                + "; retrain the model or give the original encoder");
      }
      encoder = e;
    }
    return e;
  }

  /** Uses {@code e} (same id as the model's) for text given at recommendation time. */
  public TextRecommender withEncoder(TextEncoder e) {
    if (!e.id().equals(encoderId)) {
      throw new IllegalArgumentException(
          "encoder " + e.id() + " differs from the model's " + encoderId);
    }
    this.encoder = e;
    return this;
  }

  float[] itemMatrix() {
    return itemMat;
  }

  float[] userMatrix() {
    return userMat;
  }

  float[] popularity() {
    return popularity;
  }

  private boolean isZero(float[] m, int off) {
    for (int d = 0; d < dim; d++) {
      if (m[off + d] != 0f) {
        return false;
      }
    }
    return true;
  }
}
