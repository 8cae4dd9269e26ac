package dev.flm.hybrid;

import java.util.Objects;

/**
 * The exported arrays of a trained FLM model: everything needed to score, and to fold in new items
 * and users, with plain Java (no autograd engine). Matrices are flat row-major {@code float[]}.
 *
 * <p>Scoring: {@code score(u, i) = sim(p_u, q_i) + b_i}, where {@code sim} is the dot product or,
 * when {@code cosine}, the cosine divided by {@code temperature}.
 *
 * <p>Cold start (all projections are linear, so folding in equals what training computed):
 *
 * <ul>
 *   <li>new item with text vector {@code t} (and features {@code f}): {@code q = t·itemTextProj +
 *       f·featureProj + itemBase}, {@code b = t·textBias + coldBias};
 *   <li>new user with text {@code t} and history {@code H} (oldest first): {@code p = userBase +
 *       t·userTextProj + Σ w_j historyVectors[j]}, with recency weights {@code w} normalised for
 *       {@code mean} (sum 1) or {@code sqrtn} (unit length) pooling.
 * </ul>
 *
 * @param dim factor dimension d
 * @param userVectors known users' vectors, numUsers x d
 * @param itemVectors catalogue items' vectors, numItems x d
 * @param itemBias catalogue items' biases, numItems
 * @param cosine score with temperature-scaled cosine instead of the dot product
 * @param temperature cosine temperature (ignored for the dot product)
 * @param userBase user vector of someone with no id, text or history, d
 * @param historyVectors each catalogue item's contribution to a user vector through pooling,
 *     numItems x d, or {@code null} when the model has no history part
 * @param pooling {@code "mean"} or {@code "sqrtn"}
 * @param recencyHalfLife history items are weighted {@code 0.5^(age / recencyHalfLife)}, age 0 for
 *     the newest, before pooling (weights normalised to sum 1 for mean, unit length for sqrtn); 0
 *     weighs all alike
 * @param textDim text vector dimension, 0 when the model uses no text
 * @param itemTextProj textDim x d, or {@code null}
 * @param userTextProj textDim x d, or {@code null} when user text is not modelled
 * @param historyTextProj textDim x d projection of history items' text, or {@code null}; a new
 *     user's own text goes through it when the model has no {@code userTextProj} (the description
 *     is read like the text of one item they liked)
 * @param textBias textDim weights giving a cold item's bias from its text, or {@code null}
 * @param featureDim extra dense feature dimension, 0 when none
 * @param featureProj featureDim x d, or {@code null}
 * @param itemBase constant part of every item vector, d
 * @param coldBias constant part of a cold item's bias
 */
public record FlmParts(
    int dim,
    float[] userVectors,
    float[] itemVectors,
    float[] itemBias,
    boolean cosine,
    float temperature,
    float[] userBase,
    float[] historyVectors,
    String pooling,
    float recencyHalfLife,
    int textDim,
    float[] itemTextProj,
    float[] userTextProj,
    float[] historyTextProj,
    float[] textBias,
    int featureDim,
    float[] featureProj,
    float[] itemBase,
    float coldBias) {

  public FlmParts {
    Objects.requireNonNull(userVectors, "userVectors");
    Objects.requireNonNull(itemVectors, "itemVectors");
    Objects.requireNonNull(itemBias, "itemBias");
    Objects.requireNonNull(userBase, "userBase");
    Objects.requireNonNull(itemBase, "itemBase");
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1; dim=" + dim);
    }
    check("userVectors", userVectors.length % dim, 0);
    check("itemVectors", itemVectors.length, itemBias.length * dim);
    check("userBase", userBase.length, dim);
    check("itemBase", itemBase.length, dim);
    if (historyVectors != null) {
      check("historyVectors", historyVectors.length, itemVectors.length);
    }
    if (!"mean".equals(pooling) && !"sqrtn".equals(pooling)) {
      throw new IllegalArgumentException("pooling must be one of mean, sqrtn; pooling=" + pooling);
    }
    if (itemTextProj != null) {
      check("itemTextProj", itemTextProj.length, textDim * dim);
    }
    if (userTextProj != null) {
      check("userTextProj", userTextProj.length, textDim * dim);
    }
    if (historyTextProj != null) {
      check("historyTextProj", historyTextProj.length, textDim * dim);
    }
    if (textBias != null) {
      check("textBias", textBias.length, textDim);
    }
    if (featureProj != null) {
      check("featureProj", featureProj.length, featureDim * dim);
    }
    if (!(recencyHalfLife >= 0)) {
      throw new IllegalArgumentException(
          "recencyHalfLife must be >= 0; recencyHalfLife=" + recencyHalfLife);
    }
    if (cosine && !(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0; temperature=" + temperature);
    }
  }

  private static void check(String name, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(name + " has length " + actual + "; expected " + expected);
    }
  }

  /**
   * Pooling weights of a history of {@code n} items, oldest first: recency-decayed, normalised as
   * {@code pooling} says. Training and fold-in use this same function.
   */
  public static float[] poolWeights(int n, String pooling, double halfLife) {
    float[] w = new float[n];
    double sum = 0;
    double sq = 0;
    for (int k = 0; k < n; k++) {
      double v = halfLife > 0 ? Math.pow(0.5, (n - 1 - k) / halfLife) : 1.0;
      w[k] = (float) v;
      sum += v;
      sq += v * v;
    }
    double norm = "sqrtn".equals(pooling) ? Math.sqrt(sq) : sum;
    for (int k = 0; k < n; k++) {
      w[k] = (float) (w[k] / norm);
    }
    return w;
  }

  public int numUsers() {
    return userVectors.length / dim;
  }

  public int numItems() {
    return itemBias.length;
  }
}
