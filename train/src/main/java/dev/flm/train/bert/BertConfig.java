package dev.flm.train.bert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flm.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The shape of a BERT-family encoder, as in a HuggingFace {@code config.json}: sizes, number of
 * layers and heads, the LayerNorm epsilon and the feed-forward activation (only exact {@code gelu}
 * is supported).
 */
public record BertConfig(
    int vocabSize,
    int hiddenSize,
    int numLayers,
    int numHeads,
    int intermediateSize,
    int maxPositions,
    int typeVocabSize,
    double layerNormEps,
    String hiddenAct) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public BertConfig {
    positive("vocab_size", vocabSize);
    positive("hidden_size", hiddenSize);
    positive("num_hidden_layers", numLayers);
    positive("num_attention_heads", numHeads);
    positive("intermediate_size", intermediateSize);
    positive("max_position_embeddings", maxPositions);
    positive("type_vocab_size", typeVocabSize);
    if (hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException(
          "hidden_size must be a multiple of num_attention_heads; hidden_size="
              + hiddenSize
              + ", num_attention_heads="
              + numHeads);
    }
    if (!(layerNormEps > 0 && layerNormEps < 1)) {
      throw new IllegalArgumentException("layer_norm_eps must be in (0, 1); was " + layerNormEps);
    }
    if (!"gelu".equals(hiddenAct)) {
      throw new IllegalArgumentException(
          "hidden_act must be gelu (exact, erf-based); was " + hiddenAct);
    }
  }

  private static void positive(String field, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(field + " must be positive; " + field + "=" + v);
    }
  }

  public int headSize() {
    return hiddenSize / numHeads;
  }

  /** Reads a HuggingFace {@code config.json}; missing optional fields take BERT's defaults. */
  public static BertConfig read(Path file) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": unreadable config: " + e.getMessage(), e);
    }
    try {
      return new BertConfig(
          required(n, "vocab_size", file),
          required(n, "hidden_size", file),
          required(n, "num_hidden_layers", file),
          required(n, "num_attention_heads", file),
          required(n, "intermediate_size", file),
          n.path("max_position_embeddings").asInt(512),
          n.path("type_vocab_size").asInt(2),
          n.path("layer_norm_eps").asDouble(1e-12),
          n.path("hidden_act").asText("gelu"));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static int required(JsonNode n, String field, Path file) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToInt()) {
      throw new IOException(file + ": field '" + field + "' is missing or not an integer");
    }
    return v.asInt();
  }

  /** Writes this configuration as a HuggingFace {@code config.json} (BertModel). */
  public void write(Path file) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("architectures").add("BertModel");
    n.put("model_type", "bert");
    n.put("vocab_size", vocabSize);
    n.put("hidden_size", hiddenSize);
    n.put("num_hidden_layers", numLayers);
    n.put("num_attention_heads", numHeads);
    n.put("intermediate_size", intermediateSize);
    n.put("max_position_embeddings", maxPositions);
    n.put("type_vocab_size", typeVocabSize);
    n.put("layer_norm_eps", layerNormEps);
    n.put("hidden_act", hiddenAct);
    n.put("hidden_dropout_prob", 0.1);
    n.put("attention_probs_dropout_prob", 0.1);
    n.put("position_embedding_type", "absolute");
    n.put("torch_dtype", "float32");
    AtomicFiles.write(file, JSON.writeValueAsBytes(n));
  }
}
