package dev.flm.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flm.io.ModelFolder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pretrained encoders by name. Catalogue models come from the langchain4j embedding artifacts on
 * Maven Central, which carry the ONNX graph and {@code tokenizer.json} as class-path resources;
 * they are extracted once to {@link CacheDirs#models()} because ONNX Runtime reads a file. A name
 * that is an existing directory opens a local HuggingFace/Optimum export instead (see {@link
 * #openFolder(Path, OnnxEncoder.Options)}).
 */
public final class ModelCatalogue {
  private ModelCatalogue() {}

  static final String BGE_EN_QUERY = "Represent this sentence for searching relevant passages: ";
  static final String BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章：";

  /**
   * One catalogue model.
   *
   * @param name catalogue name
   * @param resource class-path resource base: {@code /<resource>.onnx} and {@code
   *     /<resource>-tokenizer.json}
   * @param version artifact version (part of the encoder id, so the cache follows the weights)
   * @param pooling token pooling
   * @param normalize unit-length vectors
   * @param queryPrefix prefix of queries
   * @param passagePrefix prefix of passages
   * @param maxLength maximum tokens
   * @param dimension output dimension
   * @param int8 whether the weights are int8-quantised
   * @param language main language
   */
  public record Entry(
      String name,
      String resource,
      String version,
      Pooling pooling,
      boolean normalize,
      String queryPrefix,
      String passagePrefix,
      int maxLength,
      int dimension,
      boolean int8,
      String language) {

    public EncoderSpec spec() {
      return new EncoderSpec(
          name + "@" + version,
          pooling,
          normalize,
          queryPrefix,
          passagePrefix,
          maxLength,
          dimension);
    }
  }

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    add(
        "all-minilm-l6-v2",
        "all-minilm-l6-v2",
        "1.19.0-beta29",
        Pooling.MEAN,
        "",
        "",
        256,
        384,
        "en");
    add(
        "bge-small-en-v1.5",
        "bge-small-en-v1.5",
        "1.11.0-beta19",
        Pooling.CLS,
        BGE_EN_QUERY,
        "",
        512,
        384,
        "en");
    add(
        "bge-small-zh-v1.5",
        "bge-small-zh-v1.5",
        "1.19.0-beta29",
        Pooling.CLS,
        BGE_ZH_QUERY,
        "",
        512,
        512,
        "zh");
    add(
        "e5-small-v2",
        "e5-small-v2",
        "1.10.0-beta18",
        Pooling.MEAN,
        "query: ",
        "passage: ",
        512,
        384,
        "en");
    addQ("all-minilm-l6-v2-q", "all-minilm-l6-v2", "1.19.0-beta29");
    addQ("bge-small-en-v1.5-q", "bge-small-en-v1.5", "1.11.0-beta19");
    addQ("bge-small-zh-v1.5-q", "bge-small-zh-v1.5", "1.11.0-beta19");
    addQ("e5-small-v2-q", "e5-small-v2", "1.10.0-beta18");
  }

  private static void add(
      String name,
      String resource,
      String version,
      Pooling pooling,
      String q,
      String p,
      int maxLength,
      int dim,
      String lang) {
    ENTRIES.put(
        name, new Entry(name, resource, version, pooling, true, q, p, maxLength, dim, false, lang));
  }

  private static void addQ(String name, String base, String version) {
    Entry b = ENTRIES.get(base);
    ENTRIES.put(
        name,
        new Entry(
            name,
            b.resource() + "-q",
            version,
            b.pooling(),
            b.normalize(),
            b.queryPrefix(),
            b.passagePrefix(),
            b.maxLength(),
            b.dimension(),
            true,
            b.language()));
  }

  /** The default encoder: small, fast, English. */
  public static final String DEFAULT = "all-minilm-l6-v2";

  /** All catalogue entries, fp32 first then int8. */
  public static List<Entry> entries() {
    return List.copyOf(ENTRIES.values());
  }

  /** Catalogue names. */
  public static List<String> names() {
    return List.copyOf(ENTRIES.keySet());
  }

  /** The entry called {@code name}; the error lists the known names. */
  public static Entry entry(String name) {
    Entry e = ENTRIES.get(name);
    if (e == null) {
      throw new IllegalArgumentException(
          "unknown encoder '"
              + name
              + "'; known encoders: "
              + names()
              + " (or give the path of a local model folder)");
    }
    return e;
  }

  /** Opens a catalogue model or local model folder with default run options. */
  public static OnnxEncoder open(String nameOrFolder) throws IOException {
    return open(nameOrFolder, OnnxEncoder.Options.defaults());
  }

  /** Opens a catalogue model by name, or a local model folder when the name is a directory path. */
  public static OnnxEncoder open(String nameOrFolder, OnnxEncoder.Options options)
      throws IOException {
    if (!ENTRIES.containsKey(nameOrFolder) && looksLikePath(nameOrFolder)) {
      return openFolder(Path.of(nameOrFolder), options);
    }
    Entry e = entry(nameOrFolder);
    Path dir = extract(e);
    return OnnxEncoder.open(
        dir.resolve("model.onnx"), dir.resolve("tokenizer.json"), e.spec(), options);
  }

  private static boolean looksLikePath(String s) {
    return s.contains("/")
        || s.contains("\\")
        || s.startsWith(".")
        || Files.isDirectory(Path.of(s));
  }

  /**
   * Extracts a catalogue model's files to {@code <cache>/models/<name>-<version>/} (once; later
   * calls reuse files of the right size) and returns the folder, which has the layout of a local
   * model folder ({@code model.onnx}, {@code tokenizer.json}).
   */
  public static Path extract(Entry e) throws IOException {
    Path dir = CacheDirs.models().resolve(e.name() + "-" + e.version());
    Files.createDirectories(dir);
    copyResource("/" + e.resource() + ".onnx", dir.resolve("model.onnx"), e);
    copyResource("/" + e.resource() + "-tokenizer.json", dir.resolve("tokenizer.json"), e);
    return dir;
  }

  private static void copyResource(String resource, Path target, Entry e) throws IOException {
    URL url = ModelCatalogue.class.getResource(resource);
    if (url == null) {
      throw new IOException(
          "encoder '"
              + e.name()
              + "': class-path resource "
              + resource
              + " not found; add dev.langchain4j:langchain4j-embeddings-"
              + e.resource().replace("v1.5", "v15")
              + ":"
              + e.version()
              + " to the class path");
    }
    URLConnection c = url.openConnection();
    long size = c.getContentLengthLong();
    if (size > 0 && Files.isRegularFile(target) && Files.size(target) == size) {
      return;
    }
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try (InputStream in = c.getInputStream()) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Opens a local model folder: a HuggingFace/Optimum export with {@code model.onnx} (or {@code
   * onnx/model.onnx}), {@code tokenizer.json}, {@code config.json} ({@code hidden_size}, {@code
   * max_position_embeddings}) and optionally sentence-transformers' {@code 1_Pooling/config.json}
   * (mean or CLS pooling), {@code sentence_bert_config.json} ({@code max_seq_length}) and FLM's own
   * {@code flm-encoder.json} ({@code pooling}, {@code normalize}, {@code queryPrefix}, {@code
   * passagePrefix}, {@code maxLength}). Without a pooling config, pooling is mean; vectors are
   * normalised unless {@code flm-encoder.json} says otherwise.
   */
  public static OnnxEncoder openFolder(Path folder, OnnxEncoder.Options options)
      throws IOException {
    return OnnxEncoder.open(
        onnxFile(folder), folder.resolve("tokenizer.json"), folderSpec(folder), options);
  }

  static Path onnxFile(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException(folder + ": model folder not found");
    }
    for (String name : List.of("model.onnx", "onnx/model.onnx")) {
      if (Files.isRegularFile(folder.resolve(name))) {
        return folder.resolve(name);
      }
    }
    throw new IOException(folder + ": no model.onnx (nor onnx/model.onnx) in the model folder");
  }

  /** The spec of a local model folder, read from its config files. */
  public static EncoderSpec folderSpec(Path folder) throws IOException {
    Path onnx = onnxFile(folder);
    if (!Files.isRegularFile(folder.resolve("tokenizer.json"))) {
      throw new IOException(folder.resolve("tokenizer.json") + ": tokenizer file not found");
    }
    ObjectMapper json = new ObjectMapper();
    Path configFile = folder.resolve("config.json");
    if (!Files.isRegularFile(configFile)) {
      throw new IOException(configFile + ": not found (needed for hidden_size)");
    }
    JsonNode config = readJson(json, configFile);
    int dim = config.path("hidden_size").asInt(-1);
    if (dim < 1) {
      throw new IOException(configFile + ": no positive integer field 'hidden_size'");
    }
    int maxLength = Math.min(512, config.path("max_position_embeddings").asInt(512));
    Pooling pooling = Pooling.MEAN;
    Path poolingFile = folder.resolve("1_Pooling/config.json");
    if (Files.isRegularFile(poolingFile)) {
      JsonNode p = readJson(json, poolingFile);
      if (p.path("pooling_mode_cls_token").asBoolean(false)) {
        pooling = Pooling.CLS;
      } else if (!p.path("pooling_mode_mean_tokens").asBoolean(false)) {
        throw new IOException(
            poolingFile + ": only pooling_mode_mean_tokens or pooling_mode_cls_token is supported");
      }
    }
    Path sbert = folder.resolve("sentence_bert_config.json");
    if (Files.isRegularFile(sbert)) {
      maxLength = readJson(json, sbert).path("max_seq_length").asInt(maxLength);
    }
    boolean normalize = true;
    String q = "";
    String p = "";
    Path flm = folder.resolve("flm-encoder.json");
    if (Files.isRegularFile(flm)) {
      JsonNode f = readJson(json, flm);
      if (f.has("pooling")) {
        try {
          pooling = Pooling.parse(f.get("pooling").asText());
        } catch (IllegalArgumentException e) {
          throw new IOException(flm + ": " + e.getMessage(), e);
        }
      }
      normalize = f.path("normalize").asBoolean(normalize);
      q = f.path("queryPrefix").asText("");
      p = f.path("passagePrefix").asText("");
      maxLength = f.path("maxLength").asInt(maxLength);
    }
    String id =
        "local:"
            + folder.toAbsolutePath().normalize().getFileName()
            + "@"
            + ModelFolder.sha256(onnx).substring(0, 16)
            + (maxLength == 512 ? "" : "/L" + maxLength)
            + "/"
            + pooling.name().toLowerCase(java.util.Locale.ROOT)
            + (normalize ? "" : "/raw")
            + (q.isEmpty() && p.isEmpty()
                ? ""
                : "/p" + Integer.toHexString((q + "\0" + p).hashCode()));
    try {
      return new EncoderSpec(id, pooling, normalize, q, p, maxLength, dim);
    } catch (IllegalArgumentException e) {
      throw new IOException(folder + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode readJson(ObjectMapper json, Path file) throws IOException {
    try {
      return json.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }
}
