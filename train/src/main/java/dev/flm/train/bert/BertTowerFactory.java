package dev.flm.train.bert;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.flm.data.Attributes;
import dev.flm.data.Dataset;
import dev.flm.text.EncoderSpec;
import dev.flm.text.ModelCatalogue;
import dev.flm.text.Pooling;
import dev.flm.text.TextTemplate;
import dev.flm.text.onnx.OnnxModel;
import dev.flm.train.FlmConfig;
import dev.flm.train.FlmTrainer;
import dev.flm.train.TextTower;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link BertTextTower} for FLM's trainer: loads the encoder (a catalogue model by name,
 * or a local folder with {@code model.onnx} or {@code model.safetensors} + {@code config.json} +
 * {@code tokenizer.json}), checks its weights against its config before any training, and tokenizes
 * every item's default text once.
 */
public final class BertTowerFactory implements FlmTrainer.TowerFactory {
  private final FineTuneConfig fineTune;
  private final FineTuneMode checkedMode;
  private BertTextTower last;
  private Source lastSource;

  public BertTowerFactory(FineTuneConfig fineTune) {
    this(fineTune, fineTune.mode());
  }

  /**
   * A factory whose towers train as {@code fineTune} says but that rejects, as soon as the encoder
   * is loaded, an encoder that {@code laterMode} does not fit (e.g. {@code top-8} of a six-layer
   * model): the frozen first stage of {@link StagedFineTuning} checks the fine-tuning stage's mode
   * before it trains, not after.
   */
  public BertTowerFactory(FineTuneConfig fineTune, FineTuneMode laterMode) {
    this.fineTune = Objects.requireNonNull(fineTune, "fineTune");
    this.checkedMode = Objects.requireNonNull(laterMode, "laterMode");
  }

  /** Where an encoder's graph, tokenizer and settings come from. */
  public record Source(
      String name, BertWeights weights, OnnxModel graph, Path tokenizer, EncoderSpec spec) {}

  /** The tower made last (for export and statistics), or null. */
  public BertTextTower lastTower() {
    return last;
  }

  /** The source of the tower made last, or null. */
  public Source lastSource() {
    return lastSource;
  }

  @Override
  public TextTower create(Dataset data, FlmConfig config, long seed) {
    String encoder =
        fineTune.initFrom() != null ? fineTune.initFrom().toString() : config.encoder();
    Source src;
    Attributes items = data.items();
    // The same item texts as the frozen encoder's (FlmTrainer.frozenTower) and as serving's: the
    // configured template, which leaves out fields such as MovieLens tags that come from users.
    List<String> texts = TextTemplate.resolve(config.template(), items).renderAll(items);
    long[][][] tokens;
    try {
      src = load(encoder);
      checkedMode.firstTrainableLayer(src.weights().config().numLayers());
      tokens = tokenize(src.tokenizer(), src.spec(), texts, fineTune.maxTokens());
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    double fitShare = 1 - config.validationFraction();
    // Steps per epoch: batches of users for the full softmax, of events for the sampled losses.
    double perEpoch =
        config.loss().equals("softmax")
            ? data.userIndex().size()
            : data.interactions().size() * fitShare;
    int steps = (int) Math.ceil(perEpoch / config.effectiveBatchSize());
    int refreshEvery = Math.max(1, (int) Math.floor(steps * 0.9));
    BertTextTower tower =
        new BertTextTower(
            src.name(),
            src.weights(),
            src.spec(),
            tokens[0],
            tokens[1],
            new BertTextTower.Options(
                fineTune.mode(),
                fineTune.dropout(),
                fineTune.tokenBudget(),
                refreshEvery,
                fineTune.negativesFromSnapshot(),
                fineTune.currentPerStep(),
                fineTune.currentFromCatalogue()));
    if (src.graph() != null) {
      tower.exportWith(src.graph(), src.tokenizer());
    }
    last = tower;
    lastSource = src;
    return tower;
  }

  /** Loads a catalogue encoder by name or a local encoder folder, checking weights vs config. */
  public static Source load(String nameOrFolder) throws IOException {
    Path dir = Path.of(nameOrFolder);
    if (Files.isDirectory(dir)) {
      String label = folderLabel(dir);
      if (Files.isDirectory(dir.resolve("encoder"))) {
        dir = dir.resolve("encoder");
        label = label + "/encoder";
      }
      Path onnxFile =
          Files.isRegularFile(dir.resolve("model.onnx"))
              ? dir.resolve("model.onnx")
              : dir.resolve("onnx/model.onnx");
      boolean hasGraph = Files.isRegularFile(onnxFile);
      BertWeights w;
      OnnxModel graph = null;
      if (Files.isRegularFile(dir.resolve(BertWeights.SAFETENSORS))) {
        w = BertWeights.readHuggingFace(dir);
        if (hasGraph) {
          graph = OnnxModel.read(onnxFile);
        }
      } else {
        if (!hasGraph) {
          throw new IOException(
              dir + ": neither model.safetensors (with config.json) nor model.onnx found");
        }
        graph = OnnxModel.read(onnxFile);
        BertConfig config = BertConfig.read(dir.resolve(BertWeights.CONFIG));
        try {
          w = BertWeights.fromOnnx(graph, config);
        } catch (IllegalArgumentException e) {
          throw new IOException(
              e.getMessage() + " (config " + dir.resolve(BertWeights.CONFIG) + ")", e);
        }
      }
      if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
        throw new IOException(dir.resolve("tokenizer.json") + ": tokenizer file not found");
      }
      EncoderSpec spec =
          hasGraph
              ? ModelCatalogue.folderSpec(dir)
              : new EncoderSpec(
                  "local:" + dir.getFileName(),
                  Pooling.MEAN,
                  true,
                  "",
                  "",
                  Math.min(512, w.config().maxPositions()),
                  w.config().hiddenSize());
      return new Source(label, w, graph, dir.resolve("tokenizer.json"), spec);
    }
    ModelCatalogue.Entry entry = ModelCatalogue.entry(nameOrFolder);
    if (entry.int8()) {
      throw new IllegalArgumentException(
          "encoder '"
              + nameOrFolder
              + "' is int8-quantised and cannot be fine-tuned; use its fp32 version");
    }
    Path folder = ModelCatalogue.extract(entry);
    OnnxModel graph = OnnxModel.read(folder.resolve("model.onnx"));
    return new Source(
        entry.name(),
        BertWeights.fromOnnx(graph),
        graph,
        folder.resolve("tokenizer.json"),
        entry.spec());
  }

  /** The folder's own name ("." and ".." resolved), e.g. {@code ft1} for {@code runs/ft1/}. */
  private static String folderLabel(Path dir) {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return name == null ? dir.toString() : name.toString();
  }

  /** Token ids and type ids of each text (passage prefix, cleaned), empty for a blank text. */
  public static long[][][] tokenize(
      Path tokenizerJson, EncoderSpec spec, List<String> texts, int maxTokens) throws IOException {
    Map<String, String> o = new HashMap<>();
    o.put("addSpecialTokens", "true");
    o.put("padding", "false");
    o.put("truncation", "true");
    o.put("maxLength", Integer.toString(Math.min(spec.maxLength(), maxTokens)));
    int n = texts.size();
    long[][] ids = new long[n][];
    long[][] types = new long[n][];
    try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(tokenizerJson, o)) {
      List<Integer> todo = new ArrayList<>();
      List<String> prepared = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String s = texts.get(i);
        if (s == null || s.isBlank()) {
          ids[i] = new long[0];
          types[i] = new long[0];
        } else {
          todo.add(i);
          prepared.add(spec.passagePrefix() + s);
        }
      }
      int chunk = 4096;
      for (int from = 0; from < prepared.size(); from += chunk) {
        List<String> part = prepared.subList(from, Math.min(prepared.size(), from + chunk));
        Encoding[] enc = tok.batchEncode(part);
        for (int k = 0; k < enc.length; k++) {
          int i = todo.get(from + k);
          ids[i] = enc[k].getIds();
          types[i] = enc[k].getTypeIds();
        }
      }
    } catch (RuntimeException e) {
      throw new IOException(tokenizerJson + ": tokenizer failed: " + e.getMessage(), e);
    }
    return new long[][][] {ids, types};
  }
}
