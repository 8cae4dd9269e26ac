package dev.flm.train.bert;

import dev.flm.text.ModelCatalogue;
import dev.flm.text.OnnxEncoder;
import dev.flm.text.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The bundled fp32 catalogue models, extracted from the class path, for tests. */
final class BundledModels {
  static final List<String> FP32 =
      List.of("all-minilm-l6-v2", "bge-small-en-v1.5", "bge-small-zh-v1.5", "e5-small-v2");

  private BundledModels() {}

  static Path folder(String name) throws IOException {
    return ModelCatalogue.extract(ModelCatalogue.entry(name));
  }

  static OnnxModel onnx(String name) throws IOException {
    return OnnxModel.read(folder(name).resolve("model.onnx"));
  }

  static OnnxEncoder onnxEncoder(String name) throws IOException {
    return ModelCatalogue.open(name, OnnxEncoder.Options.defaults().withThreads(2, 1));
  }
}
