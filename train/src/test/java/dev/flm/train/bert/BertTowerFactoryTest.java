package dev.flm.train.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.flm.data.Attributes;
import dev.flm.data.Dataset;
import dev.flm.model.Params;
import dev.flm.testing.SyntheticData;
import dev.flm.text.OnnxEncoder;
import dev.flm.text.TextTemplate;
import dev.flm.train.FlmConfig;
import dev.flm.train.TextTower;
import dev.flm.train.Torch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BertTowerFactoryTest {
  @Test
  void itemTextsFollowTheTemplateLikeTheFrozenEncodersAndLeaveTagsOut() throws Exception {
    Dataset plain = SyntheticData.generate(20, 6, 3, 2);
    int n = plain.itemIndex().size();
    String[][] tags = new String[n][];
    for (int i = 0; i < n; i++) {
      tags[i] = new String[] {"tagged by users " + i};
    }
    Map<String, Attributes.Field> fields = new LinkedHashMap<>(plain.items().fields());
    fields.put("tags", new Attributes.CategoricalField("tags", tags));
    Dataset tagged =
        new Dataset(
            "tagged", plain.interactions(), new Attributes(plain.items().index(), fields), null);
    FlmConfig cfg = FlmConfig.from(Params.parse(List.of("dim=8")));
    FineTuneConfig ft = FineTuneConfig.from(Params.parse(List.of("fine-tune=top-1")));
    float[][] vectors;
    try (NDManager m = Torch.newManager();
        TextTower t = new BertTowerFactory(ft).create(tagged, cfg, 1)) {
      t.attach(m);
      vectors = t.snapshot();
    }
    List<String> texts =
        TextTemplate.resolve(cfg.template(), tagged.items()).renderAll(tagged.items());
    assertThat(texts.get(0)).doesNotContain("tagged by users");
    float[][] expected;
    try (OnnxEncoder onnx = BundledModels.onnxEncoder("all-minilm-l6-v2")) {
      expected = onnx.encode(texts);
    }
    assertThat(BertParityTest.maxDiff(vectors, expected)).isLessThan(1e-4);
  }
}
