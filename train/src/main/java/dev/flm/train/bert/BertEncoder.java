package dev.flm.train.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.flm.text.Pooling;
import dev.flm.train.Scalars;
import dev.flm.train.bert.Safetensors.Tensor;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A BERT encoder written as NDArray operations on DJL's PyTorch engine, so that autograd reaches
 * every weight: embeddings (word + position + token type, LayerNorm), then per layer multi-head
 * self-attention with the padding mask, residual + LayerNorm, feed-forward with exact GELU,
 * residual + LayerNorm; then mean or CLS pooling and optional L2 normalisation.
 *
 * <p>The parameters are NDArrays under HuggingFace names, owned by this encoder's manager. Which of
 * them train is the caller's choice ({@link #setTrainable}); activations live in the manager of the
 * input arrays, so a caller that runs each step in a sub-manager frees them by closing it. Not
 * thread-safe.
 */
public final class BertEncoder implements AutoCloseable {
  private static final float MASK_NEGATIVE = -1e9f;

  private final BertConfig config;
  private final Pooling pooling;
  private final boolean normalize;
  private final NDManager manager;
  private final Map<String, NDArray> params = new LinkedHashMap<>();
  private float dropout;

  /** Copies {@code weights} into a new child manager of {@code parent} (device of the parent). */
  public BertEncoder(BertWeights weights, Pooling pooling, boolean normalize, NDManager parent) {
    this.config = weights.config();
    this.pooling = Objects.requireNonNull(pooling, "pooling");
    this.normalize = normalize;
    this.manager = parent.newSubManager();
    for (Map.Entry<String, Tensor> e : weights.tensors().entrySet()) {
      Tensor t = e.getValue();
      NDArray a = manager.create(t.data(), shapeOf(t.shape()));
      a.setName(e.getKey());
      params.put(e.getKey(), a);
    }
  }

  private static Shape shapeOf(int[] s) {
    long[] l = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      l[i] = s[i];
    }
    return new Shape(l);
  }

  public BertConfig config() {
    return config;
  }

  public Pooling pooling() {
    return pooling;
  }

  public boolean normalize() {
    return normalize;
  }

  public NDManager manager() {
    return manager;
  }

  /** Dropout rate applied in training mode to hidden states and attention probabilities. */
  public void setDropout(float rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1); dropout=" + rate);
    }
    this.dropout = rate;
  }

  /** Parameters by HuggingFace name. */
  public Map<String, NDArray> parameters() {
    return params;
  }

  public NDArray parameter(String name) {
    NDArray a = params.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'");
    }
    return a;
  }

  /** Marks exactly {@code names} as requiring gradients; every other parameter is frozen. */
  public void setTrainable(Collection<String> names) {
    for (String n : names) {
      parameter(n);
    }
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      boolean train = names.contains(e.getKey());
      if (e.getValue().hasGradient() != train) {
        e.getValue().setRequiresGradient(train);
      }
    }
  }

  // ------------------------------------------------------------------ forward

  /** Token + position + type embeddings, LayerNorm (and dropout in training): [B, L, H]. */
  public NDArray embed(NDArray ids, NDArray typeIds, boolean training) {
    long len = ids.getShape().get(1);
    if (len > config.maxPositions()) {
      throw new IllegalArgumentException(
          "sequence length " + len + " exceeds max_position_embeddings " + config.maxPositions());
    }
    NDManager m = ids.getManager();
    NDArray word =
        ex(ids).embedding(ids, p("embeddings.word_embeddings.weight"), SparseFormat.DENSE).head();
    NDArray pos = m.arange(0, len, 1, DataType.INT64);
    NDArray posEmb =
        ex(pos)
            .embedding(pos, p("embeddings.position_embeddings.weight"), SparseFormat.DENSE)
            .head();
    NDArray typeEmb =
        ex(typeIds)
            .embedding(typeIds, p("embeddings.token_type_embeddings.weight"), SparseFormat.DENSE)
            .head();
    NDArray x = word.add(posEmb).add(typeEmb);
    x = layerNorm(x, "embeddings.LayerNorm");
    return drop(x, training);
  }

  /** The additive attention mask [B, 1, 1, L] from a 0/1 mask [B, L]. */
  public static NDArray maskBias(NDArray mask) {
    NDArray m = mask.toType(DataType.FLOAT32, false);
    return m.neg().add(1f).mul(MASK_NEGATIVE).expandDims(1).expandDims(1);
  }

  /**
   * Runs layers {@code from} (inclusive) to {@code to} (exclusive) over hidden states [B, L, H].
   */
  public NDArray layers(NDArray x, NDArray maskBias, int from, int to, boolean training) {
    if (from < 0 || to > config.numLayers() || from > to) {
      throw new IllegalArgumentException(
          "layer range must be within 0.." + config.numLayers() + "; was " + from + ".." + to);
    }
    for (int l = from; l < to; l++) {
      x = layer(l, x, maskBias, training);
    }
    return x;
  }

  /** One transformer layer. */
  public NDArray layer(int l, NDArray x, NDArray maskBias, boolean training) {
    String pre = "encoder.layer." + l + ".";
    Shape s = x.getShape();
    long b = s.get(0);
    long len = s.get(1);
    int heads = config.numHeads();
    int hs = config.headSize();
    NDArray q = heads(linear(x, pre + "attention.self.query"), b, len, heads, hs);
    NDArray k = heads(linear(x, pre + "attention.self.key"), b, len, heads, hs);
    NDArray v = heads(linear(x, pre + "attention.self.value"), b, len, heads, hs);
    NDArray scores = Scalars.div(q.matMul(k.transpose(0, 1, 3, 2)), Math.sqrt(hs)).add(maskBias);
    NDArray probs = drop(scores.softmax(-1), training);
    NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, len, config.hiddenSize());
    NDArray attn = drop(linear(ctx, pre + "attention.output.dense"), training);
    x = layerNorm(attn.add(x), pre + "attention.output.LayerNorm");
    NDArray inter = ex(linear(x, pre + "intermediate.dense")).gelu();
    NDArray out = drop(linear(inter, pre + "output.dense"), training);
    return layerNorm(out.add(x), pre + "output.LayerNorm");
  }

  /** Pools [B, L, H] with the 0/1 mask [B, L] into [B, H], normalised if configured. */
  public NDArray pool(NDArray hidden, NDArray mask) {
    NDArray pooled;
    if (pooling == Pooling.CLS) {
      pooled = hidden.get(":, 0, :");
    } else {
      NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(2);
      NDArray sum = hidden.mul(m).sum(new int[] {1});
      NDArray count = m.sum(new int[] {1}).maximum(1f);
      pooled = sum.div(count);
    }
    if (normalize) {
      NDArray norm = pooled.square().sum(new int[] {1}, true).add(1e-24f).sqrt();
      pooled = pooled.div(norm);
    }
    return pooled;
  }

  /** The whole encoder: ids, type ids and 0/1 mask [B, L] to pooled vectors [B, H]. */
  public NDArray forward(NDArray ids, NDArray typeIds, NDArray mask, boolean training) {
    NDArray bias = maskBias(mask);
    NDArray h = layers(embed(ids, typeIds, training), bias, 0, config.numLayers(), training);
    return pool(h, mask);
  }

  /**
   * Pooled vectors of unpadded token sequences (inference, no gradients): pads them into one batch
   * with their 0/1 mask, as a serving runtime would.
   */
  public float[][] encode(long[][] ids, long[][] typeIds) {
    try (NDManager step = manager.newSubManager()) {
      Batch batch = Batch.of(step, ids, typeIds);
      NDArray out = forward(batch.ids(), batch.typeIds(), batch.mask(), false);
      return toRows(out);
    }
  }

  /** A padded batch of token sequences on one manager. */
  public record Batch(NDArray ids, NDArray typeIds, NDArray mask, int[] lengths) {
    /** Pads {@code ids} (and {@code typeIds}, zeros when null) to the longest sequence. */
    public static Batch of(NDManager m, long[][] ids, long[][] typeIds) {
      int b = ids.length;
      int len = 1;
      int[] lengths = new int[b];
      for (int i = 0; i < b; i++) {
        lengths[i] = ids[i].length;
        len = Math.max(len, ids[i].length);
      }
      long[] flat = new long[b * len];
      long[] types = new long[b * len];
      long[] mask = new long[b * len];
      for (int i = 0; i < b; i++) {
        System.arraycopy(ids[i], 0, flat, i * len, ids[i].length);
        if (typeIds != null) {
          System.arraycopy(typeIds[i], 0, types, i * len, typeIds[i].length);
        }
        Arrays.fill(mask, i * len, i * len + ids[i].length, 1L);
      }
      Shape s = new Shape(b, len);
      return new Batch(
          HiddenStateCache.owned(m.create(flat, s)),
          HiddenStateCache.owned(m.create(types, s)),
          HiddenStateCache.owned(m.create(mask, s)),
          lengths);
    }
  }

  /** Copies a [B, H] array into Java rows. */
  public static float[][] toRows(NDArray a) {
    long[] s = a.getShape().getShape();
    float[] flat = a.toType(DataType.FLOAT32, false).toFloatArray();
    int rows = (int) s[0];
    int cols = (int) (flat.length / Math.max(1, rows));
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
    }
    return out;
  }

  // ------------------------------------------------------------------ weights

  /** The current weights as Java arrays (e.g. after fine-tuning, for export). */
  public BertWeights weights() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      NDArray a = e.getValue();
      long[] s = a.getShape().getShape();
      int[] shape = new int[s.length];
      for (int i = 0; i < s.length; i++) {
        shape[i] = (int) s[i];
      }
      m.put(e.getKey(), new Tensor(shape, a.toFloatArray()));
    }
    return new BertWeights(config, m, "encoder");
  }

  /** Overwrites parameters with {@code weights} (same config), keeping trainability. */
  public void load(BertWeights weights) {
    if (!weights.config().equals(config)) {
      throw new IllegalArgumentException(
          "weights of config " + weights.config() + " do not fit this encoder's " + config);
    }
    for (Map.Entry<String, Tensor> e : weights.tensors().entrySet()) {
      NDArray a = params.get(e.getKey());
      boolean grad = a.hasGradient();
      NDArray fresh = manager.create(e.getValue().data(), shapeOf(e.getValue().shape()));
      fresh.setName(e.getKey());
      a.close();
      if (grad) {
        fresh.setRequiresGradient(true);
      }
      params.put(e.getKey(), fresh);
    }
  }

  // ------------------------------------------------------------------ helpers

  private NDArray p(String name) {
    return params.get(name);
  }

  private static NDArrayEx ex(NDArray a) {
    return a.getNDArrayInternal();
  }

  private NDArray linear(NDArray x, String name) {
    return ex(x).linear(x, p(name + ".weight"), p(name + ".bias")).head();
  }

  private NDArray layerNorm(NDArray x, String name) {
    NDList out =
        ex(x)
            .layerNorm(
                x,
                new Shape(config.hiddenSize()),
                p(name + ".weight"),
                p(name + ".bias"),
                (float) config.layerNormEps());
    return out.head();
  }

  private static NDArray heads(NDArray x, long b, long len, int heads, int hs) {
    return x.reshape(b, len, heads, hs).transpose(0, 2, 1, 3);
  }

  private NDArray drop(NDArray x, boolean training) {
    if (!training || dropout == 0f) {
      return x;
    }
    return ex(x).dropout(x, dropout, true).head();
  }

  /** Sums of squares of all parameters, for tests and diagnostics. */
  static double squaredNorm(Collection<NDArray> arrays) {
    double s = 0;
    for (NDArray a : arrays) {
      for (float v : a.toFloatArray()) {
        s += (double) v * v;
      }
    }
    return s;
  }

  @Override
  public void close() {
    manager.close();
  }
}
