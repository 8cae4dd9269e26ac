package dev.flm.text;

import dev.flm.text.onnx.OnnxGraphBuilder;
import dev.flm.text.onnx.OnnxTensor;
import java.util.List;

/** Tiny ONNX graphs for load-time checks. */
final class OnnxTestModels {
  private OnnxTestModels() {}

  /** Y = Identity(X) with X a float input named {@code inputName} of {@code rank} symbolic dims. */
  static byte[] identity(String inputName, int rank) {
    Object[] dims = new Object[rank];
    for (int r = 0; r < rank; r++) {
      dims[r] = "d" + r;
    }
    return new OnnxGraphBuilder("g", 17)
        .node("Identity", List.of(inputName), List.of("Y"))
        .input(inputName, OnnxTensor.FLOAT, dims)
        .output("Y", OnnxTensor.FLOAT, dims)
        .toBytes();
  }
}
