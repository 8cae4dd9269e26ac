package dev.flm.train.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.text.onnx.OnnxModel;
import dev.flm.train.bert.Safetensors.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertWeightsTest {

  @Test
  void configIsInferredFromEveryBundledOnnxGraph() throws Exception {
    Map<String, BertConfig> configs = new LinkedHashMap<>();
    for (String name : BundledModels.FP32) {
      configs.put(name, BertWeights.inferConfig(BundledModels.onnx(name)));
    }
    assertThat(configs.get("all-minilm-l6-v2"))
        .isEqualTo(new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12, "gelu"));
    assertThat(configs.get("bge-small-en-v1.5"))
        .isEqualTo(new BertConfig(30522, 384, 12, 12, 1536, 512, 2, 1e-12, "gelu"));
    assertThat(configs.get("bge-small-zh-v1.5"))
        .isEqualTo(new BertConfig(21128, 512, 4, 8, 2048, 512, 2, 1e-12, "gelu"));
    assertThat(configs.get("e5-small-v2"))
        .isEqualTo(new BertConfig(30522, 384, 12, 12, 1536, 512, 2, 1e-12, "gelu"));
  }

  @Test
  void onnxMatMulWeightsAreTransposedIntoHuggingFaceLayout() throws Exception {
    OnnxModel m = BundledModels.onnx("all-minilm-l6-v2");
    BertWeights w = BertWeights.fromOnnx(m);
    String init = BertWeights.onnxLinearWeights(m).get("encoder.layer.2.intermediate.dense.weight");
    float[] onnx = m.initializer(init).floats(); // 384 x 1536, input x output
    Tensor hf = w.tensor("encoder.layer.2.intermediate.dense.weight"); // 1536 x 384
    assertThat(hf.shape()).containsExactly(1536, 384);
    assertThat(hf.data()[5 * 384 + 7]).isEqualTo(onnx[7 * 1536 + 5]);
    Map<String, float[]> back = w.toOnnxInitializers(m);
    assertThat(Arrays.equals(back.get(init), onnx)).isTrue();
    assertThat(back).hasSize(w.tensors().size());
  }

  @Test
  void huggingFaceFolderRoundTripsTheBundledWeights(@TempDir Path dir) throws Exception {
    BertWeights w = BertWeights.fromOnnx(BundledModels.onnx("all-minilm-l6-v2"));
    w.writeHuggingFace(dir);
    assertThat(dir.resolve("config.json")).exists();
    BertWeights back = BertWeights.readHuggingFace(dir);
    assertThat(back.config()).isEqualTo(w.config());
    assertThat(back.tensors().keySet()).containsExactlyElementsOf(w.tensors().keySet());
    for (String n : w.tensors().keySet()) {
      assertThat(Arrays.equals(back.tensor(n).data(), w.tensor(n).data())).as(n).isTrue();
    }
  }

  @Test
  void bertPrefixAndPoolerOfHuggingFaceCheckpointsAreHandled(@TempDir Path dir) throws Exception {
    BertWeights w = TinyBert.weights(1);
    Map<String, Tensor> prefixed = new LinkedHashMap<>();
    w.tensors().forEach((k, v) -> prefixed.put("bert." + k, v));
    prefixed.put("bert.pooler.dense.weight", new Tensor(new int[] {16, 16}, new float[256]));
    w.config().write(dir.resolve("config.json"));
    Safetensors.write(dir.resolve("model.safetensors"), prefixed);
    BertWeights back = BertWeights.readHuggingFace(dir);
    assertThat(back.tensor("embeddings.word_embeddings.weight").data())
        .isEqualTo(w.tensor("embeddings.word_embeddings.weight").data());
  }

  @Test
  void configWithMoreLayersThanTheWeightsIsRejectedNamingTheMissingTensor(@TempDir Path dir)
      throws Exception {
    TinyBert.weights(1).writeHuggingFace(dir);
    rewriteConfig(dir, "\"num_hidden_layers\" : 3", "\"num_hidden_layers\" : 4");
    assertThatThrownBy(() -> BertWeights.readHuggingFace(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'encoder.layer.3.attention.self.query.weight' is missing")
        .hasMessageContaining("model.safetensors");
  }

  @Test
  void configWithFewerLayersIsRejectedNamingTheExtraTensor(@TempDir Path dir) throws Exception {
    TinyBert.weights(1).writeHuggingFace(dir);
    rewriteConfig(dir, "\"num_hidden_layers\" : 3", "\"num_hidden_layers\" : 2");
    assertThatThrownBy(() -> BertWeights.readHuggingFace(dir))
        .hasMessageContaining("'encoder.layer.2.")
        .hasMessageContaining("does not belong");
  }

  @Test
  void configWithAnotherSizeIsRejectedNamingTheTensorAndBothShapes(@TempDir Path dir)
      throws Exception {
    TinyBert.weights(1).writeHuggingFace(dir);
    rewriteConfig(dir, "\"intermediate_size\" : 32", "\"intermediate_size\" : 24");
    assertThatThrownBy(() -> BertWeights.readHuggingFace(dir))
        .hasMessageContaining("'encoder.layer.0.intermediate.dense.weight' has shape [32, 16]")
        .hasMessageContaining("[24, 16]");
  }

  @Test
  void badConfigValuesNameTheField(@TempDir Path dir) throws Exception {
    TinyBert.weights(1).writeHuggingFace(dir);
    rewriteConfig(dir, "\"num_attention_heads\" : 2", "\"num_attention_heads\" : 3");
    assertThatThrownBy(() -> BertWeights.readHuggingFace(dir))
        .hasMessageContaining("config.json")
        .hasMessageContaining("num_attention_heads");
  }

  private static void rewriteConfig(Path dir, String from, String to) throws IOException {
    Path f = dir.resolve("config.json");
    String s = Files.readString(f);
    assertThat(s).contains(from);
    Files.writeString(f, s.replace(from, to));
  }
}
