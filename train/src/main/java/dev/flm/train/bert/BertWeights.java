package dev.flm.train.bert;

import dev.flm.text.onnx.OnnxModel;
import dev.flm.text.onnx.OnnxNode;
import dev.flm.text.onnx.OnnxTensor;
import dev.flm.train.bert.Safetensors.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The weights of a BERT encoder under HuggingFace names and layouts ({@code
 * encoder.layer.0.attention.self.query.weight}, linear weights stored output × input), with the
 * configuration they belong to.
 *
 * <p>Imported from an ONNX export (where linear weights are MatMul initializers stored input ×
 * output and named only through their node, e.g. node {@code
 * /encoder/layer.0/attention/self/query/MatMul} reads {@code onnx::MatMul_885}) or from a
 * HuggingFace folder ({@code config.json} + {@code model.safetensors}). Every import checks that
 * each tensor the configuration needs is present with the right shape and fails naming the tensor
 * otherwise.
 */
public final class BertWeights {
  public static final String SAFETENSORS = "model.safetensors";
  public static final String CONFIG = "config.json";

  private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");
  private static final Pattern MATMUL_NODE =
      Pattern.compile("^/?((?:encoder/layer\\.\\d+/)?[A-Za-z_/.0-9]+?)/MatMul$");
  private static final List<String> LAYER_LINEARS =
      List.of(
          "attention.self.query",
          "attention.self.key",
          "attention.self.value",
          "attention.output.dense",
          "intermediate.dense",
          "output.dense");
  private static final List<String> LAYER_NORMS =
      List.of("attention.output.LayerNorm", "output.LayerNorm");

  private final BertConfig config;
  private final Map<String, Tensor> tensors;

  /** Checks {@code tensors} against {@code config}; extra tensors are an error. */
  public BertWeights(BertConfig config, Map<String, Tensor> tensors, String origin) {
    this.config = config;
    Map<String, int[]> expected = expectedShapes(config);
    Map<String, Tensor> ordered = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : expected.entrySet()) {
      Tensor t = tensors.get(e.getKey());
      if (t == null) {
        throw new IllegalArgumentException(
            origin
                + ": tensor '"
                + e.getKey()
                + "' is missing (needed by a config with "
                + config.numLayers()
                + " layers, hidden size "
                + config.hiddenSize()
                + ")");
      }
      if (!Arrays.equals(t.shape(), e.getValue())) {
        throw new IllegalArgumentException(
            origin
                + ": tensor '"
                + e.getKey()
                + "' has shape "
                + Arrays.toString(t.shape())
                + " but the config needs "
                + Arrays.toString(e.getValue()));
      }
      ordered.put(e.getKey(), t);
    }
    for (String name : tensors.keySet()) {
      if (!expected.containsKey(name)) {
        throw new IllegalArgumentException(
            origin + ": tensor '" + name + "' does not belong to a model of this config");
      }
    }
    this.tensors = Collections.unmodifiableMap(ordered);
  }

  public BertConfig config() {
    return config;
  }

  /** Tensors by HuggingFace name, in a fixed order (embeddings, then layer by layer). */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  public Tensor tensor(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "'");
    }
    return t;
  }

  /** A copy with some tensors replaced (same names and shapes). */
  public BertWeights with(Map<String, Tensor> replacements) {
    Map<String, Tensor> m = new LinkedHashMap<>(tensors);
    for (Map.Entry<String, Tensor> e : replacements.entrySet()) {
      if (!m.containsKey(e.getKey())) {
        throw new IllegalArgumentException("no tensor named '" + e.getKey() + "'");
      }
      m.put(e.getKey(), e.getValue());
    }
    return new BertWeights(config, m, "replacement");
  }

  /** The name and shape of every tensor a BERT encoder of this configuration has. */
  public static Map<String, int[]> expectedShapes(BertConfig c) {
    int h = c.hiddenSize();
    Map<String, int[]> m = new LinkedHashMap<>();
    m.put("embeddings.word_embeddings.weight", new int[] {c.vocabSize(), h});
    m.put("embeddings.position_embeddings.weight", new int[] {c.maxPositions(), h});
    m.put("embeddings.token_type_embeddings.weight", new int[] {c.typeVocabSize(), h});
    m.put("embeddings.LayerNorm.weight", new int[] {h});
    m.put("embeddings.LayerNorm.bias", new int[] {h});
    for (int l = 0; l < c.numLayers(); l++) {
      String p = "encoder.layer." + l + ".";
      for (String lin : LAYER_LINEARS) {
        int out = lin.equals("intermediate.dense") ? c.intermediateSize() : h;
        int in = lin.equals("output.dense") ? c.intermediateSize() : h;
        m.put(p + lin + ".weight", new int[] {out, in});
        m.put(p + lin + ".bias", new int[] {out});
      }
      for (String ln : LAYER_NORMS) {
        m.put(p + ln + ".weight", new int[] {h});
        m.put(p + ln + ".bias", new int[] {h});
      }
    }
    return m;
  }

  /** The layer a tensor belongs to, or -1 for the embeddings. */
  public static int layerOf(String name) {
    Matcher m = LAYER.matcher(name);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  // ---------------------------------------------------------------- HuggingFace folders

  /**
   * Reads a HuggingFace folder: {@code config.json} and {@code model.safetensors}. A {@code bert.}
   * prefix is removed; the pooler and integer buffers (position ids) are ignored.
   */
  public static BertWeights readHuggingFace(Path dir) throws IOException {
    Path configFile = dir.resolve(CONFIG);
    Path weightsFile = dir.resolve(SAFETENSORS);
    if (!Files.isRegularFile(configFile)) {
      throw new IOException(dir + ": no " + CONFIG);
    }
    if (!Files.isRegularFile(weightsFile)) {
      throw new IOException(dir + ": no " + SAFETENSORS);
    }
    BertConfig config = BertConfig.read(configFile);
    Map<String, Tensor> raw = Safetensors.read(weightsFile);
    Map<String, Tensor> named = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : raw.entrySet()) {
      String name = e.getKey().startsWith("bert.") ? e.getKey().substring(5) : e.getKey();
      if (name.startsWith("pooler.") || name.startsWith("cls.")) {
        continue;
      }
      named.put(name, e.getValue());
    }
    try {
      return new BertWeights(config, named, weightsFile + " (config " + configFile + ")");
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Writes {@code config.json} and {@code model.safetensors} into {@code dir}. */
  public void writeHuggingFace(Path dir) throws IOException {
    Files.createDirectories(dir);
    config.write(dir.resolve(CONFIG));
    Safetensors.write(dir.resolve(SAFETENSORS), tensors);
  }

  // ---------------------------------------------------------------- ONNX

  /**
   * Imports the weights of an ONNX export of a BERT encoder; the configuration is inferred from the
   * initializers' shapes and the graph (heads from the attention reshape, LayerNorm epsilon from
   * its constant).
   */
  public static BertWeights fromOnnx(OnnxModel model) {
    return fromOnnx(model, inferConfig(model));
  }

  /** Imports the weights of an ONNX export, checked against {@code config}. */
  public static BertWeights fromOnnx(OnnxModel model, BertConfig config) {
    Map<String, Tensor> named = new LinkedHashMap<>();
    Map<String, String> linear = onnxLinearWeights(model);
    Map<String, int[]> expected = expectedShapes(config);
    for (String name : expected.keySet()) {
      String init = linear.get(name);
      if (init != null) {
        OnnxTensor t = model.initializer(init);
        int[] s = t.shape();
        if (s.length != 2) {
          throw new IllegalArgumentException(
              origin(model) + "MatMul weight '" + init + "' for " + name + " is not a matrix");
        }
        named.put(name, new Tensor(new int[] {s[1], s[0]}, transpose(t.floats(), s[0], s[1])));
      } else {
        OnnxTensor t = model.initializers().get(name);
        if (t != null) {
          named.put(name, new Tensor(t.shape(), t.floats()));
        }
      }
    }
    return new BertWeights(config, named, origin(model) + "ONNX");
  }

  /**
   * The initializer data of {@code model} that carries these weights, for {@link OnnxModel#write}:
   * MatMul weights transposed back to input × output under their {@code onnx::MatMul_*} names.
   */
  public Map<String, float[]> toOnnxInitializers(OnnxModel model) {
    Map<String, String> linear = onnxLinearWeights(model);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String init = linear.get(e.getKey());
      Tensor t = e.getValue();
      if (init != null) {
        out.put(init, transpose(t.data(), t.shape()[0], t.shape()[1]));
      } else if (model.initializers().containsKey(e.getKey())) {
        out.put(e.getKey(), t.data());
      } else {
        throw new IllegalArgumentException(
            origin(model) + "the graph has no initializer for tensor '" + e.getKey() + "'");
      }
    }
    return out;
  }

  /** HuggingFace weight name to ONNX initializer name, for every MatMul with a constant weight. */
  static Map<String, String> onnxLinearWeights(OnnxModel model) {
    Map<String, String> out = new HashMap<>();
    for (OnnxNode n : model.nodes()) {
      if (!n.opType().equals("MatMul") || n.inputs().size() != 2) {
        continue;
      }
      String w = n.inputs().get(1);
      if (!model.initializers().containsKey(w)) {
        continue;
      }
      Matcher m = MATMUL_NODE.matcher(n.name());
      if (!m.matches()) {
        continue;
      }
      String name = m.group(1).replace('/', '.') + ".weight";
      if (name.startsWith("bert.")) {
        name = name.substring(5);
      }
      out.put(name, w);
    }
    return out;
  }

  /** Infers the configuration of an ONNX BERT export from its initializers and graph. */
  public static BertConfig inferConfig(OnnxModel model) {
    Map<String, OnnxTensor> init = model.initializers();
    int[] word = shapeOf(model, "embeddings.word_embeddings.weight");
    int[] pos = shapeOf(model, "embeddings.position_embeddings.weight");
    int[] type = shapeOf(model, "embeddings.token_type_embeddings.weight");
    TreeSet<Integer> layers = new TreeSet<>();
    for (String name : init.keySet()) {
      int l = layerOf(name);
      if (l >= 0) {
        layers.add(l);
      }
    }
    if (layers.isEmpty() || layers.last() != layers.size() - 1) {
      throw new IllegalArgumentException(
          origin(model) + "cannot find encoder layers 0..n-1 among the initializers: " + layers);
    }
    int intermediate = shapeOf(model, "encoder.layer.0.intermediate.dense.bias")[0];
    int hidden = word[1];
    Map<String, OnnxNode> byOutput = new HashMap<>();
    for (OnnxNode n : model.nodes()) {
      for (String o : n.outputs()) {
        byOutput.put(o, n);
      }
    }
    int heads = inferHeads(model, byOutput, hidden);
    double eps = inferEps(model, byOutput);
    boolean erf = model.nodes().stream().anyMatch(n -> n.opType().equals("Erf"));
    if (!erf) {
      throw new IllegalArgumentException(
          origin(model) + "the feed-forward activation is not exact (erf) GELU");
    }
    return new BertConfig(
        word[0], hidden, layers.size(), heads, intermediate, pos[0], type[0], eps, "gelu");
  }

  private static int[] shapeOf(OnnxModel model, String name) {
    OnnxTensor t = model.initializers().get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          origin(model) + "initializer '" + name + "' is missing; not a BERT export");
    }
    return t.shape();
  }

  /** Heads from the first 4-element reshape target [batch, seq, heads, headSize] in layer 0. */
  private static int inferHeads(OnnxModel model, Map<String, OnnxNode> byOutput, int hidden) {
    for (OnnxNode n : model.nodes()) {
      if (!n.opType().equals("Concat")
          || n.inputs().size() != 4
          || !n.name().contains("layer.0/attention/self/")) {
        continue;
      }
      Double heads = constant(model, byOutput, n.inputs().get(2));
      Double size = constant(model, byOutput, n.inputs().get(3));
      if (heads != null && size != null && heads * size == hidden) {
        return heads.intValue();
      }
    }
    throw new IllegalArgumentException(
        origin(model) + "cannot infer the number of attention heads; give a config.json");
  }

  /** LayerNorm epsilon: the constant added to the variance of the embeddings' LayerNorm. */
  private static double inferEps(OnnxModel model, Map<String, OnnxNode> byOutput) {
    for (OnnxNode n : model.nodes()) {
      if (n.opType().equals("LayerNormalization")) {
        return n.floatAttribute("epsilon", 1e-5f);
      }
      if (n.opType().equals("Add") && n.name().endsWith("LayerNorm/Add")) {
        for (String in : n.inputs()) {
          Double v = constant(model, byOutput, in);
          if (v != null) {
            return Double.parseDouble(Float.toString(v.floatValue()));
          }
        }
      }
    }
    return 1e-12;
  }

  private static Double constant(OnnxModel model, Map<String, OnnxNode> byOutput, String value) {
    OnnxTensor t = model.initializers().get(value);
    if (t == null) {
      OnnxNode n = byOutput.get(value);
      if (n != null && n.opType().equals("Constant") && n.attributes().containsKey("value")) {
        t = n.attributes().get("value").t();
      }
    }
    return t != null && t.elementCount() == 1 ? t.scalar() : null;
  }

  private static String origin(OnnxModel model) {
    return model.source() == null ? "" : model.source() + ": ";
  }

  /** Transposes a row-major rows × cols matrix. */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[base + c];
      }
    }
    return t;
  }

  /** Names of the tensors of the given layers (embeddings are layer -1). */
  public List<String> namesOfLayers(java.util.function.IntPredicate layer) {
    List<String> out = new ArrayList<>();
    for (String n : tensors.keySet()) {
      if (layer.test(layerOf(n))) {
        out.add(n);
      }
    }
    return out;
  }
}
