package dev.flm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable FLM model on DJL arrays: item vectors {@code q_i = [seen_i] e_i + W_t t_i + W_f f_i
 * + c}, item bias {@code b_i = [seen_i] β_i + w·t_i + β_0}, user vectors {@code p_u = e_u + W_u t_u
 * + pool_{j in H(u)} (W_h t_j + h_j) + c_u}; items without an ID part are scored by the cold-start
 * head {@link #coldItems}. Every part can be switched off by the config. Not thread-safe; one
 * instance per training run.
 */
final class FlmNetwork implements AutoCloseable {
  static final String EMBEDDINGS = "embeddings";
  static final String PROJECTIONS = "projections";
  static final String ENCODER = "encoder";

  final FlmConfig config;
  final int numUsers;
  final int numItems;
  final int dim;
  final int textDim;
  final int featureDim;

  /**
   * The factor the extra features are multiplied by inside the network: one over the root mean
   * square of the listed items' feature-vector lengths, so the features reach the projection at the
   * text vectors' unit length whatever their units. Training is the same for a file and any
   * multiple of it; exported projections are multiplied back ({@link #rawFeatureProjection}), so a
   * saved model takes the features as the file gives them.
   */
  final float featureScale;

  /** The parameters that multiply the extra features: the warm path's and the cold-start head's. */
  static final java.util.Set<String> FEATURE_PROJECTIONS =
      java.util.Set.of("featureW", "coldHeadFeatureW");

  final TextTower tower;
  final boolean useItemText;
  final boolean useUserText;
  final boolean useHistoryText;
  final boolean useHistoryIds;
  final boolean useColdHead;

  private final NDManager manager;
  private final float[] seen;
  private final NDArray seenArr;
  private final NDArray userTextArr; // numUsers x textDim, or null
  private final NDArray featureArr; // numItems x featureDim, or null

  /** Parameters by name, with their learning-rate group. */
  final Map<String, NDArray> params = new LinkedHashMap<>();

  final Map<String, String> groups = new LinkedHashMap<>();

  /** Names for messages where they differ from the parameter's key (encoder parameters). */
  final Map<String, String> labels = new LinkedHashMap<>();

  FlmNetwork(
      FlmConfig config,
      int numUsers,
      int numItems,
      boolean[] seenItems,
      TextTower tower,
      float[][] userText,
      float[][] features,
      long seed,
      NDManager manager) {
    this.config = config;
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.dim = config.dim();
    this.manager = manager;
    this.tower = tower;
    this.textDim = tower == null ? 0 : tower.dim();
    this.featureDim = features == null ? 0 : features[0].length;
    this.featureScale = features == null ? 1f : scaleToUnitLength(features);
    this.useItemText = tower != null && config.itemText();
    this.useHistoryText = tower != null && config.historyText();
    this.useUserText = userText != null && config.userText();
    this.useHistoryIds = config.historyIds();
    this.useColdHead = config.coldHead() && (useItemText || featureDim > 0);
    seen = new float[numItems];
    for (int i = 0; i < numItems; i++) {
      seen[i] = seenItems[i] && config.itemIds() ? 1f : 0f;
    }
    seenArr = manager.create(seen);
    if (tower != null) {
      tower.attach(manager);
    }
    userTextArr =
        useUserText ? manager.create(flatten(userText), new Shape(numUsers, textDim)) : null;
    featureArr =
        features == null
            ? null
            : manager.create(
                scaled(flatten(features), featureScale), new Shape(numItems, featureDim));
    SplittableRandom rnd = new SplittableRandom(seed);
    double idStd = 0.05;
    if (config.itemIds()) {
      add("itemEmb", EMBEDDINGS, normal(rnd, numItems * dim, idStd), numItems, dim);
      add("itemBias", EMBEDDINGS, new float[numItems], numItems);
    }
    if (config.userIds()) {
      add("userEmb", EMBEDDINGS, normal(rnd, numUsers * dim, idStd), numUsers, dim);
    }
    if (useHistoryIds) {
      add("historyEmb", EMBEDDINGS, normal(rnd, numItems * dim, idStd), numItems, dim);
    }
    double projStd = textDim == 0 ? 0 : 1.0 / Math.sqrt(textDim);
    if (useItemText) {
      add("itemTextW", PROJECTIONS, normal(rnd, textDim * dim, projStd), textDim, dim);
      add("textBiasW", PROJECTIONS, new float[textDim], textDim);
    }
    if (useHistoryText) {
      add("historyTextW", PROJECTIONS, normal(rnd, textDim * dim, projStd), textDim, dim);
    }
    if (useUserText) {
      add("userTextW", PROJECTIONS, normal(rnd, textDim * dim, projStd), textDim, dim);
    }
    // Unit-length features start at the text projection's scale (a few features drawn at
    // 1/sqrt(featureDim) would start several times larger than the text part and unsettle
    // training).
    double featureStd = featureDim == 0 ? 0 : textDim > 0 ? projStd : 1.0 / Math.sqrt(featureDim);
    if (featureDim > 0) {
      add("featureW", PROJECTIONS, normal(rnd, featureDim * dim, featureStd), featureDim, dim);
    }
    if (useColdHead) {
      if (useItemText) {
        add("coldHeadTextW", PROJECTIONS, normal(rnd, textDim * dim, projStd), textDim, dim);
        add("coldHeadTextBiasW", PROJECTIONS, new float[textDim], textDim);
      }
      if (featureDim > 0) {
        add(
            "coldHeadFeatureW",
            PROJECTIONS,
            normal(rnd, featureDim * dim, featureStd),
            featureDim,
            dim);
      }
      add("coldHeadBase", PROJECTIONS, new float[dim], dim);
      add("coldHeadBias", PROJECTIONS, new float[1], 1);
    }
    add("itemBase", PROJECTIONS, new float[dim], dim);
    add("userBase", PROJECTIONS, new float[dim], dim);
    add("coldBias", PROJECTIONS, new float[1], 1);
    if (tower != null) {
      int k = 0;
      List<String> names = tower.parameterNames();
      for (NDArray p : tower.parameters()) {
        labels.put("encoder." + k, names.get(k));
        p.setRequiresGradient(true);
        params.put("encoder." + k++, p);
        groups.put("encoder." + (k - 1), ENCODER);
      }
    }
  }

  private void add(String name, String group, float[] init, long... shape) {
    NDArray a = manager.create(init, new Shape(shape));
    a.setRequiresGradient(true);
    params.put(name, a);
    groups.put(name, group);
  }

  private static float[] normal(SplittableRandom rnd, int n, double std) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller from the seeded generator, so initialisation does not depend on the engine.
      double u1 = 1.0 - rnd.nextDouble();
      double u2 = rnd.nextDouble();
      a[i] = (float) (std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    }
    return a;
  }

  /**
   * One over the root mean square length of the non-zero rows (items the feature file lists), or 1
   * when every row is zero.
   */
  static float scaleToUnitLength(float[][] features) {
    double sum = 0;
    int rows = 0;
    for (float[] row : features) {
      double sq = 0;
      for (float v : row) {
        sq += (double) v * v;
      }
      if (sq > 0) {
        sum += sq;
        rows++;
      }
    }
    return rows == 0 ? 1f : (float) (1.0 / Math.sqrt(sum / rows));
  }

  private static float[] scaled(float[] values, float factor) {
    for (int i = 0; i < values.length; i++) {
      values[i] *= factor;
    }
    return values;
  }

  /**
   * The projection {@code name} ({@code featureW} or {@code coldHeadFeatureW}) for features as the
   * file gives them: the trained weights times {@link #featureScale}.
   */
  float[] rawFeatureProjection(String name) {
    NDArray w = params.get(name);
    return w == null ? null : scaled(w.toFloatArray(), featureScale);
  }

  /**
   * The inverse of {@link #rawFeatureProjection}: parameter {@code name}'s value in this network
   * from its value in a saved model ({@code saved} itself for anything but a feature projection).
   */
  float[] fromSaved(String name, float[] saved) {
    return FEATURE_PROJECTIONS.contains(name) ? scaled(saved.clone(), 1f / featureScale) : saved;
  }

  static float[] flatten(float[][] m) {
    int cols = m.length == 0 ? 0 : m[0].length;
    float[] flat = new float[m.length * cols];
    for (int r = 0; r < m.length; r++) {
      System.arraycopy(m[r], 0, flat, r * cols, cols);
    }
    return flat;
  }

  /** Names of the cold-start head's parameters (empty without the head). */
  List<String> coldHeadNames() {
    List<String> out = new ArrayList<>();
    for (String n : params.keySet()) {
      if (n.startsWith("coldHead")) {
        out.add(n);
      }
    }
    return out;
  }

  /** True when {@code item} has an ID part (seen in training, item IDs on). */
  boolean hasIdPart(int item) {
    return seen[item] > 0;
  }

  boolean hasHistory() {
    return useHistoryIds || useHistoryText;
  }

  /**
   * Item vectors and biases for {@code items} (null = all), as {q (n x d), b (n), t}, where t is
   * the tower's text vectors before text dropout (null without item text), for {@link #coldItems}
   * to reuse in the same step. With {@code training}, text/feature dropout and ID dropout apply.
   */
  NDArray[] items(NDManager step, int[] items, boolean training, SplittableRandom rnd) {
    return items(step, items, training, rnd, null);
  }

  /**
   * {@link #items(NDManager, int[], boolean, SplittableRandom)} where only the rows whose item is
   * in {@code current} need the text tower's current vectors (null: every row; see {@link
   * TextTower#forward(NDManager, int[], boolean, int[])}).
   */
  NDArray[] items(
      NDManager step, int[] items, boolean training, SplittableRandom rnd, int[] current) {
    int n = items == null ? numItems : items.length;
    NDArray idx = items == null ? null : step.create(toLong(items));
    NDArray q = null;
    NDArray b = null;
    NDArray mask = null;
    if (config.itemIds()) {
      float[] m = new float[n];
      for (int r = 0; r < n; r++) {
        float s = seen[items == null ? r : items[r]];
        if (training && s > 0 && config.idDropout() > 0 && rnd.nextDouble() < config.idDropout()) {
          s = 0;
        }
        m[r] = s;
      }
      mask = step.create(m);
      NDArray e = gather(params.get("itemEmb"), idx);
      q = e.mul(mask.reshape(n, 1));
      b = gather(params.get("itemBias"), idx).mul(mask);
    }
    NDArray text = null;
    if (useItemText) {
      text =
          current == null || !tower.trainable()
              ? tower.forward(step, items, training)
              : tower.forward(step, items, training, current);
      NDArray t = text;
      if (training && config.textDropout() > 0) {
        t = dropout(step, t, config.textDropout());
      }
      q = plus(q, t.matMul(params.get("itemTextW")));
      b = plus(b, t.matMul(params.get("textBiasW").reshape(textDim, 1)).reshape(n));
    }
    if (featureArr != null) {
      NDArray f = idx == null ? featureArr : featureArr.get(idx);
      if (training && config.textDropout() > 0) {
        f = dropout(step, f, config.textDropout());
      }
      q = plus(q, f.matMul(params.get("featureW")));
    }
    q = plus(q, params.get("itemBase").reshape(1, dim));
    b = plus(b, params.get("coldBias"));
    if (useColdHead && !training) {
      // Items without an ID part (never seen in training) are scored by the cold-start head.
      float[] warm = new float[n];
      for (int r = 0; r < n; r++) {
        warm[r] = seen[items == null ? r : items[r]];
      }
      NDArray w = step.create(warm);
      NDArray cold = w.neg().add(1f);
      NDArray[] c = coldItems(step, items, text);
      q = q.mul(w.reshape(n, 1)).add(c[0].mul(cold.reshape(n, 1)));
      b = b.mul(w).add(c[1].mul(cold));
    }
    return new NDArray[] {q, b, text};
  }

  /**
   * The cold-start head: item vectors and biases from text (and features) alone, {@code q = W_c t +
   * W_cf f + c_c}, {@code b = w_c·t + β_c}, with parameters of its own, so that the warm path keeps
   * its full ID capacity while this path is trained (by an auxiliary loss on the same targets) to
   * rank items on its own. Used for every item without an ID part. No dropout and no random draws
   * here, so that training the head leaves the warm path's random streams, and hence the warm
   * model, exactly as they are without it.
   *
   * @param text the tower's vectors of {@code items} already computed in this step (the third
   *     element of {@link #items}), or null to ask the tower; a trainable tower's vectors must be
   *     reused, or each step would run the encoder, forward and backward, a second time
   */
  NDArray[] coldItems(NDManager step, int[] items, NDArray text) {
    int n = items == null ? numItems : items.length;
    NDArray q = null;
    NDArray b = null;
    if (useItemText) {
      NDArray t = text != null ? text : tower.forward(step, items, false);
      q = t.matMul(params.get("coldHeadTextW"));
      b = t.matMul(params.get("coldHeadTextBiasW").reshape(textDim, 1)).reshape(n);
    }
    if (featureArr != null) {
      NDArray f = items == null ? featureArr : featureArr.get(step.create(toLong(items)));
      q = plus(q, f.matMul(params.get("coldHeadFeatureW")));
    }
    q = q.add(params.get("coldHeadBase").reshape(1, dim));
    NDArray base = params.get("coldHeadBias");
    b = b == null ? base.broadcast(new Shape(n)).add(0) : b.add(base);
    return new NDArray[] {q, b};
  }

  /** Each catalogue item's contribution to a user vector through pooling (numItems x d). */
  NDArray historyVectors(NDManager step, boolean training) {
    NDArray h = null;
    if (useHistoryText) {
      NDArray t = tower.forward(step, null, false);
      if (training && config.textDropout() > 0) {
        t = dropout(step, t, config.textDropout());
      }
      h = t.matMul(params.get("historyTextW"));
    }
    if (useHistoryIds) {
      h = plus(h, params.get("historyEmb"));
    }
    return h;
  }

  /**
   * User vectors for {@code users} given their pooling weights {@code pool} (users.length x
   * numItems, rows already normalised) and {@link #historyVectors}.
   */
  NDArray users(NDManager step, int[] users, NDArray pool, NDArray histVecs) {
    int n = users.length;
    NDArray idx = step.create(toLong(users));
    NDArray p = null;
    if (config.userIds()) {
      p = gather(params.get("userEmb"), idx);
    }
    if (useUserText) {
      p = plus(p, userTextArr.get(idx).matMul(params.get("userTextW")));
    }
    if (histVecs != null && pool != null) {
      p = plus(p, pool.matMul(histVecs));
    }
    NDArray base = params.get("userBase").reshape(1, dim);
    return p == null ? base.broadcast(new Shape(n, dim)).add(0) : p.add(base);
  }

  /** Scores of users against items: {@code sim(p, q) + b}. */
  NDArray logits(NDArray p, NDArray q, NDArray b) {
    if ("cosine".equals(config.score())) {
      p = normalise(p);
      q = Scalars.div(normalise(q), config.temperature());
    }
    return p.matMul(q.transpose()).add(b.reshape(1, -1));
  }

  /** Row scores {@code sim(p_r, q_r) + b_r} for aligned rows. */
  NDArray pairScores(NDArray p, NDArray q, NDArray b) {
    if ("cosine".equals(config.score())) {
      p = normalise(p);
      q = Scalars.div(normalise(q), config.temperature());
    }
    return p.mul(q).sum(new int[] {1}).add(b);
  }

  static NDArray normalise(NDArray x) {
    return x.div(x.norm(new int[] {1}, true).add(1e-8f));
  }

  static NDArray softplus(NDArray x) {
    return Activation.softPlus(x);
  }

  private NDArray gather(NDArray table, NDArray idx) {
    return idx == null ? table : table.get(idx);
  }

  private static NDArray plus(NDArray a, NDArray b) {
    return a == null ? b : a.add(b);
  }

  private static NDArray dropout(NDManager step, NDArray x, double rate) {
    NDArray keep =
        step.randomUniform(0f, 1f, x.getShape()).gte(rate).toType(DataType.FLOAT32, false);
    return Scalars.div(x.mul(keep), 1 - rate);
  }

  static long[] toLong(int[] a) {
    long[] l = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      l[i] = a[i];
    }
    return l;
  }

  /** Names of the parameters in {@code group}. */
  List<String> names(String group) {
    List<String> out = new ArrayList<>();
    groups.forEach(
        (n, g) -> {
          if (g.equals(group)) {
            out.add(n);
          }
        });
    return out;
  }

  @Override
  public void close() {
    if (tower != null) {
      tower.close();
    }
  }
}
