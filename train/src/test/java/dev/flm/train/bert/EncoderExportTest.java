package dev.flm.train.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.flm.text.ModelCatalogue;
import dev.flm.text.OnnxEncoder;
import dev.flm.text.onnx.OnnxModel;
import dev.flm.train.Torch;
import dev.flm.train.bert.Safetensors.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changed weights written into the original ONNX graph serve the same vectors as DJL. */
class EncoderExportTest {

  @Test
  void exportedOnnxEqualsTheDjlEncoderAfterTheWeightsChanged(@TempDir Path dir) throws Exception {
    String name = "all-minilm-l6-v2";
    ModelCatalogue.Entry entry = ModelCatalogue.entry(name);
    Path folder = BundledModels.folder(name);
    OnnxModel original = OnnxModel.read(folder.resolve("model.onnx"));
    BertWeights base = BertWeights.fromOnnx(original);
    Random r = new Random(7);
    Map<String, Tensor> changed = new LinkedHashMap<>();
    for (String n : base.namesOfLayers(l -> l >= 4 || l == -1)) {
      if (n.equals("embeddings.word_embeddings.weight")) {
        continue;
      }
      Tensor t = base.tensor(n);
      float[] d = t.data().clone();
      for (int i = 0; i < d.length; i++) {
        d[i] += 0.05f * (float) r.nextGaussian();
      }
      changed.put(n, new Tensor(t.shape(), d));
    }
    BertWeights tuned = base.with(changed);
    Path out = dir.resolve("encoder");
    EncoderExport.export(tuned, original, folder.resolve("tokenizer.json"), entry.spec(), out);

    try (NDManager m = Torch.newManager();
        BertEncoder djl = new BertEncoder(tuned, entry.pooling(), entry.normalize(), m);
        OnnxEncoder exported =
            ModelCatalogue.openFolder(out, OnnxEncoder.Options.defaults().withThreads(2, 1));
        OnnxEncoder before = BundledModels.onnxEncoder(name)) {
      OnnxEncoder.Tokens tokens = exported.tokenize(BertParityTest.TEXTS);
      float[][] served = BertParityTest.onnxVectors(exported, tokens);
      float[][] trained = djl.encode(tokens.ids(), tokens.typeIds());
      double diff = BertParityTest.maxDiff(served, trained);
      System.out.printf("export: max |exported ONNX - DJL| = %.3g%n", diff);
      assertThat(diff).isLessThan(1e-4);
      assertThat(BertParityTest.maxDiff(BertParityTest.onnxVectors(before, tokens), served))
          .as("the exported model must differ from the original")
          .isGreaterThan(1e-2);
      assertThat(exported.spec().pooling()).isEqualTo(entry.pooling());
    }
    BertWeights reread = BertWeights.readHuggingFace(out);
    assertThat(reread.tensor("encoder.layer.5.output.dense.weight").data())
        .isEqualTo(tuned.tensor("encoder.layer.5.output.dense.weight").data());
    OnnxModel back = OnnxModel.read(out.resolve("model.onnx"));
    assertThat(back.nodes()).hasSameSizeAs(original.nodes());
    assertThat(back.initializers().keySet())
        .containsExactlyElementsOf(original.initializers().keySet());
  }
}
