package dev.flm.train.bert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flm.io.AtomicFiles;
import dev.flm.text.EncoderSpec;
import dev.flm.text.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes fine-tuned encoder weights back into the original ONNX graph (same graph, new
 * initializers), as a local model folder that {@code dev.flm.text.ModelCatalogue#openFolder} opens
 * for serving on ONNX Runtime: {@code model.onnx}, {@code tokenizer.json}, {@code config.json},
 * {@code flm-encoder.json} (pooling, normalisation, prefixes, maximum length) and the weights again
 * as {@code model.safetensors}, so training can resume from them.
 */
public final class EncoderExport {
  public static final String ONNX = "model.onnx";
  public static final String TOKENIZER = "tokenizer.json";
  public static final String FLM_ENCODER = "flm-encoder.json";

  private EncoderExport() {}

  /**
   * Exports {@code weights} into {@code dir}, taking the graph from {@code original} and the
   * tokenizer from {@code tokenizerJson}.
   */
  public static void export(
      BertWeights weights, OnnxModel original, Path tokenizerJson, EncoderSpec spec, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    original.write(dir.resolve(ONNX), weights.toOnnxInitializers(original));
    Path tok = dir.resolve(TOKENIZER);
    if (!Files.isSameFile(tokenizerJson.toAbsolutePath().getParent(), dir.toAbsolutePath())
        || !tokenizerJson.getFileName().toString().equals(TOKENIZER)) {
      Files.copy(tokenizerJson, tok, StandardCopyOption.REPLACE_EXISTING);
    }
    weights.writeHuggingFace(dir);
    writeSpec(spec, dir.resolve(FLM_ENCODER));
  }

  /**
   * The files of an encoder folder as bytes, by name: {@code model.onnx} (the original graph with
   * {@code weights}), {@code tokenizer.json}, {@code config.json} and {@code flm-encoder.json}.
   */
  public static Map<String, byte[]> files(
      BertWeights weights, OnnxModel original, Path tokenizerJson, EncoderSpec spec)
      throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put(ONNX, original.toBytes(weights.toOnnxInitializers(original)));
    m.put(TOKENIZER, Files.readAllBytes(tokenizerJson));
    Path tmp = Files.createTempDirectory("flm-encoder-");
    try {
      weights.config().write(tmp.resolve(BertWeights.CONFIG));
      writeSpec(spec, tmp.resolve(FLM_ENCODER));
      m.put(BertWeights.CONFIG, Files.readAllBytes(tmp.resolve(BertWeights.CONFIG)));
      m.put(FLM_ENCODER, Files.readAllBytes(tmp.resolve(FLM_ENCODER)));
    } finally {
      Files.deleteIfExists(tmp.resolve(BertWeights.CONFIG));
      Files.deleteIfExists(tmp.resolve(FLM_ENCODER));
      Files.deleteIfExists(tmp);
    }
    return m;
  }

  /** Writes FLM's encoder settings file read by the text module for local folders. */
  public static void writeSpec(EncoderSpec spec, Path file) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode n = json.createObjectNode();
    n.put("pooling", spec.pooling().name().toLowerCase(Locale.ROOT));
    n.put("normalize", spec.normalize());
    n.put("queryPrefix", spec.queryPrefix());
    n.put("passagePrefix", spec.passagePrefix());
    n.put("maxLength", spec.maxLength());
    n.put("baseEncoder", spec.id());
    AtomicFiles.write(file, json.writeValueAsBytes(n));
  }
}
