package dev.flm.text.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxGraphBuilderTest {
  private static final float[] W = {1f, -2f, 0.5f, 3f, 0.25f, -1f};

  private static byte[] matMul() {
    return new OnnxGraphBuilder("mm", 17)
        .node("MatMul", List.of("A", "W"), List.of("Y"))
        .floatInitializer("W", new long[] {2, 3}, W)
        .input("A", OnnxTensor.FLOAT, "batch", 2)
        .output("Y", OnnxTensor.FLOAT, "batch", 3)
        .toBytes();
  }

  @Test
  void whatItWritesReadsBackThroughOnnxModel() {
    OnnxModel m = OnnxModel.parse(matMul());
    assertThat(m.opsets()).containsEntry("", 17L);
    assertThat(m.nodes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.opType()).isEqualTo("MatMul");
              assertThat(n.inputs()).containsExactly("A", "W");
              assertThat(n.outputs()).containsExactly("Y");
            });
    assertThat(m.initializer("W").dims()).containsExactly(2, 3);
    assertThat(m.initializer("W").floats()).containsExactly(W);
    assertThat(m.inputs())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.name()).isEqualTo("A");
              assertThat(v.elementType()).isEqualTo(OnnxTensor.FLOAT);
              assertThat(v.dims()).containsExactly(-1, 2);
            });
    assertThat(m.outputs().get(0).dims()).containsExactly(-1, 3);
  }

  @Test
  void onnxRuntimeRunsWhatItWrites() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] a = {1f, 2f, -1f, 4f};
    try (OrtSession s = env.createSession(matMul(), new OrtSession.SessionOptions());
        ai.onnxruntime.OnnxTensor in =
            ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(a), new long[] {2, 2});
        OrtSession.Result r = s.run(Map.of("A", in))) {
      float[][] y = (float[][]) r.get(0).getValue();
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
          float expected = a[i * 2] * W[j] + a[i * 2 + 1] * W[3 + j];
          assertThat(y[i][j]).as("Y[%d][%d]", i, j).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void badShapesAreRejectedNamingTheValue() {
    OnnxGraphBuilder b = new OnnxGraphBuilder("g", 17);
    assertThatThrownBy(() -> b.floatInitializer("W", new long[] {2, 3}, new float[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'W'")
        .hasMessageContaining("6 elements");
    assertThatThrownBy(() -> b.input("A", OnnxTensor.FLOAT, -1))
        .hasMessageContaining("'A'")
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> b.input("A", OnnxTensor.FLOAT, 2.5))
        .hasMessageContaining("size or a symbolic name");
  }
}
