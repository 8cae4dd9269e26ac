package dev.flm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flm.data.Dataset;
import dev.flm.hybrid.FlmRecommender;
import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.TrainingData;
import dev.flm.testing.SyntheticData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init-from}: a new training starts from a saved FLM model's projections. */
class InitFromTest {
  static final Dataset DATA = SyntheticData.generate(80, 50, 10, 3);
  static final List<String> COMMON =
      List.of("encoder=hashing-32", "dim=8", "epochs=2", "validation-fraction=0");

  private static FlmRecommender trainAndSave(Path dir) throws Exception {
    ModelType type = ModelType.named("flm");
    FlmRecommender m =
        (FlmRecommender) type.trainer(Params.parse(COMMON)).train(TrainingData.of(DATA, 1));
    ModelFolder f = ModelFolder.create(dir);
    type.save(m, f);
    f.commit("flm", m.provenance());
    return m;
  }

  @Test
  void projectionsOfASavedModelStartTheNextTraining(@TempDir Path tmp) throws Exception {
    FlmRecommender first = trainAndSave(tmp.resolve("a"));
    Map<String, float[]> init = InitFrom.projections(tmp.resolve("a"));
    assertThat(init.get("itemTextW")).containsExactly(first.parts().itemTextProj());
    assertThat(init.get("historyTextW")).containsExactly(first.parts().historyTextProj());
    assertThat(init.get("userBase")).containsExactly(first.parts().userBase());

    // With a zero projection learning rate, the projections stay where init-from put them.
    List<String> p = new ArrayList<>(COMMON);
    p.add("projection-lr=0");
    FlmRecommender second =
        (FlmRecommender)
            new FlmTrainer(FlmConfig.from(Params.parse(p)))
                .withInitialParameters(init)
                .train(TrainingData.of(DATA, 2));
    assertThat(second.parts().itemTextProj()).containsExactly(first.parts().itemTextProj());
    assertThat(second.parts().textBias()).containsExactly(first.parts().textBias());
    assertThat(second.parts().coldBias()).isEqualTo(first.parts().coldBias());

    FlmRecommender fresh =
        (FlmRecommender)
            new FlmTrainer(FlmConfig.from(Params.parse(p))).train(TrainingData.of(DATA, 2));
    assertThat(fresh.parts().itemTextProj()).isNotEqualTo(first.parts().itemTextProj());
  }

  @Test
  void aSavedFeatureProjectionStartsARunWhoseFeaturesComeInOtherUnits(@TempDir Path tmp)
      throws Exception {
    // Saved projections apply to features as the file gives them; the network scales features to
    // unit length, so init-from must carry the projection across that scale.
    Path unit = features(tmp.resolve("unit.csv"), 1);
    Path large = features(tmp.resolve("large.csv"), 4);
    List<String> p = new ArrayList<>(COMMON);
    p.add("features=" + unit);
    ModelType type = ModelType.named("flm");
    FlmRecommender first =
        (FlmRecommender) type.trainer(Params.parse(p)).train(TrainingData.of(DATA, 1));
    ModelFolder f = ModelFolder.create(tmp.resolve("a"));
    type.save(first, f);
    f.commit("flm", first.provenance());

    List<String> q = new ArrayList<>(COMMON);
    q.add("features=" + large);
    q.add("projection-lr=0");
    FlmRecommender second =
        (FlmRecommender)
            new FlmTrainer(FlmConfig.from(Params.parse(q)))
                .withInitialParameters(InitFrom.projections(tmp.resolve("a")))
                .train(TrainingData.of(DATA, 2));
    float[] saved = first.parts().featureProj();
    float[] carried = second.parts().featureProj();
    assertThat(carried).hasSameSizeAs(saved);
    for (int k = 0; k < saved.length; k++) {
      assertThat(carried[k]).isCloseTo(saved[k], within(1e-6f + 1e-5f * Math.abs(saved[k])));
    }
  }

  private static Path features(Path file, float unit) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < DATA.itemIndex().size(); i++) {
      sb.append(DATA.itemIndex().idOf(i))
          .append(',')
          .append(unit * (i % 4))
          .append(',')
          .append(unit)
          .append('\n');
    }
    return java.nio.file.Files.writeString(file, sb);
  }

  @Test
  void aModelOfAnotherDimensionIsRejectedNamingTheParameter(@TempDir Path tmp) throws Exception {
    trainAndSave(tmp.resolve("a"));
    Map<String, float[]> init = InitFrom.projections(tmp.resolve("a"));
    List<String> p = new ArrayList<>(COMMON);
    p.set(1, "dim=16");
    assertThatThrownBy(
            () ->
                new FlmTrainer(FlmConfig.from(Params.parse(p)))
                    .withInitialParameters(init)
                    .train(TrainingData.of(DATA, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("itemTextW")
        .hasMessageContaining("dim");
  }

  @Test
  void anEncoderFolderHasNoProjections(@TempDir Path tmp) throws Exception {
    assertThat(InitFrom.projections(tmp)).isEmpty();
  }

  @Test
  void aMissingFolderIsRejectedAsAFolderNotAsAnUnknownEncoder(@TempDir Path tmp) {
    Path missing = tmp.resolve("no-such-model");
    List<String> p = new ArrayList<>(COMMON);
    p.add("init-from=" + missing);
    assertThatThrownBy(() -> ModelType.named("flm").trainer(Params.parse(p)))
        .hasMessageContaining("init-from " + missing)
        .hasMessageContaining("no such folder")
        .hasMessageNotContaining("unknown encoder");
  }
}
