package dev.flm.text.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.text.ModelCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelTest {
  static Path file;
  static OnnxModel model;

  @BeforeAll
  static void load() throws Exception {
    file = ModelCatalogue.extract(ModelCatalogue.entry("all-minilm-l6-v2")).resolve("model.onnx");
    model = OnnxModel.read(file);
  }

  @Test
  void readsGraphInputsOutputsAndInitializers() {
    assertThat(model.inputs())
        .extracting(OnnxValueInfo::name)
        .containsExactly("input_ids", "attention_mask", "token_type_ids");
    assertThat(model.outputs())
        .extracting(OnnxValueInfo::name)
        .containsExactly("last_hidden_state");
    assertThat(model.outputs().get(0).dims()).containsExactly(-1, -1, 384);
    assertThat(model.opsets()).containsKey("");
    OnnxTensor word = model.initializer("embeddings.word_embeddings.weight");
    assertThat(word.dims()).containsExactly(30522, 384);
    assertThat(word.dataType()).isEqualTo(OnnxTensor.FLOAT);
    assertThat(word.floats()).hasSize(30522 * 384);
    OnnxNode q =
        model.nodes().stream()
            .filter(n -> n.name().equals("/encoder/layer.0/attention/self/query/MatMul"))
            .findFirst()
            .orElseThrow();
    assertThat(q.opType()).isEqualTo("MatMul");
    assertThat(q.inputs().get(1)).startsWith("onnx::MatMul_");
    assertThat(model.initializer(q.inputs().get(1)).dims()).containsExactly(384, 384);
  }

  @Test
  void writingWithoutReplacementsReproducesTheFileByteForByte() throws Exception {
    assertThat(Arrays.equals(model.toBytes(Map.of()), Files.readAllBytes(file))).isTrue();
  }

  @Test
  void replacedInitializerIsReadBackAndEverythingElseIsKept(@TempDir Path dir) throws Exception {
    String name = "encoder.layer.0.output.dense.bias";
    float[] fresh = new float[384];
    for (int i = 0; i < fresh.length; i++) {
      fresh[i] = i * 0.5f - 7f;
    }
    Path out = dir.resolve("m.onnx");
    model.write(out, Map.of(name, fresh));
    OnnxModel back = OnnxModel.read(out);
    assertThat(back.initializer(name).floats()).containsExactly(fresh);
    assertThat(back.initializer(name).dims()).containsExactly(384);
    assertThat(back.nodes()).hasSameSizeAs(model.nodes());
    assertThat(back.initializer("encoder.layer.1.output.dense.bias").floats())
        .containsExactly(model.initializer("encoder.layer.1.output.dense.bias").floats());
    assertThat(back.initializers().keySet())
        .containsExactlyElementsOf(model.initializers().keySet());
  }

  @Test
  void replacementOfTheWrongSizeIsRejectedNamingTheTensor() {
    assertThatThrownBy(
            () -> model.toBytes(Map.of("encoder.layer.0.output.dense.bias", new float[3])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encoder.layer.0.output.dense.bias")
        .hasMessageContaining("384");
    assertThatThrownBy(() -> model.toBytes(Map.of("no.such.tensor", new float[3])))
        .hasMessageContaining("no.such.tensor");
  }

  @Test
  void truncatedFileIsRejected(@TempDir Path dir) throws Exception {
    byte[] all = Files.readAllBytes(file);
    Path cut = dir.resolve("cut.onnx");
    Files.write(cut, Arrays.copyOf(all, 5000));
    assertThatThrownBy(() -> OnnxModel.read(cut)).hasMessageContaining("cut.onnx");
  }
}
