package dev.flm.train.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.flm.text.ModelCatalogue;
import dev.flm.text.OnnxEncoder;
import dev.flm.train.Torch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DJL encoder reproduces ONNX Runtime's pooled vectors for every bundled fp32 model. */
class BertParityTest {
  static final List<String> TEXTS =
      List.of(
          "Toy Story (1995). Adventure, Animation, Children, Comedy, Fantasy",
          "Heat",
          "A long text that forces padding of the short ones: a cowboy doll and a space ranger"
              + " learn to get along in a child's bedroom, with jokes for all ages and a chase.",
          "Crouching Tiger, Hidden Dragon (Wo hu cang long) (2000)",
          "卧虎藏龙：一部关于武侠与爱情的电影",
          "");

  static double maxDiff(float[][] a, float[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).hasSameSizeAs(b[i]);
      for (int d = 0; d < a[i].length; d++) {
        max = Math.max(max, Math.abs(a[i][d] - b[i][d]));
      }
    }
    return max;
  }

  static float[][] onnxVectors(OnnxEncoder onnx, OnnxEncoder.Tokens tokens) {
    int[] rows = new int[TEXTS.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    float[][] out = new float[rows.length][];
    onnx.runBatch(tokens, rows, out);
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"all-minilm-l6-v2", "bge-small-en-v1.5", "bge-small-zh-v1.5", "e5-small-v2"})
  void pooledOutputsEqualOnnxRuntime(String name) throws Exception {
    ModelCatalogue.Entry entry = ModelCatalogue.entry(name);
    try (OnnxEncoder onnx = BundledModels.onnxEncoder(name);
        NDManager m = Torch.newManager();
        BertEncoder djl =
            new BertEncoder(
                BertWeights.fromOnnx(BundledModels.onnx(name)),
                entry.pooling(),
                entry.normalize(),
                m)) {
      OnnxEncoder.Tokens tokens = onnx.tokenize(TEXTS);
      float[][] expected = onnxVectors(onnx, tokens);
      float[][] actual = djl.encode(tokens.ids(), tokens.typeIds());
      double diff = maxDiff(expected, actual);
      System.out.printf("parity %s: max |DJL - ONNX Runtime| = %.3g%n", name, diff);
      assertThat(diff).isLessThan(1e-4);
    }
  }

  @Test
  void weightsFromAHuggingFaceFolderGiveTheSameVectors(@TempDir Path dir) throws Exception {
    String name = "all-minilm-l6-v2";
    BertWeights fromOnnx = BertWeights.fromOnnx(BundledModels.onnx(name));
    fromOnnx.writeHuggingFace(dir);
    try (OnnxEncoder onnx = BundledModels.onnxEncoder(name);
        NDManager m = Torch.newManager();
        BertEncoder djl =
            new BertEncoder(
                BertWeights.readHuggingFace(dir), ModelCatalogue.entry(name).pooling(), true, m)) {
      OnnxEncoder.Tokens tokens = onnx.tokenize(TEXTS);
      assertThat(maxDiff(onnxVectors(onnx, tokens), djl.encode(tokens.ids(), tokens.typeIds())))
          .isLessThan(1e-4);
    }
  }
}
