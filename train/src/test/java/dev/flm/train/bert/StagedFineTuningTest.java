package dev.flm.train.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.data.Dataset;
import dev.flm.hybrid.FlmRecommender;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Trainer;
import dev.flm.model.TrainingData;
import dev.flm.testing.SyntheticData;
import dev.flm.train.FlmTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two-stage fine-tuning: FLM over the frozen encoder first, then the encoder unfrozen. */
class StagedFineTuningTest {
  static final Dataset DATA = SyntheticData.generate(90, 40, 10, 11);

  static List<String> params(String... more) {
    List<String> p =
        new ArrayList<>(
            List.of(
                "fine-tune=top-1",
                "dim=8",
                "epochs=3",
                "batch-size=128",
                "max-tokens=16",
                "validation-fraction=0.2"));
    p.addAll(List.of(more));
    return p;
  }

  /** An FLM model trained through the model type (as `flm train`) with {@link #params}. */
  static FlmRecommender train(String... more) {
    return (FlmRecommender)
        ModelType.named("flm").trainer(Params.parse(params(more))).train(TrainingData.of(DATA, 5));
  }

  @Test
  void withNothingToLearnTheFineTuningStageKeepsTheFrozenStagesModel() {
    Params given = Params.parse(params("encoder-lr=0", "fine-tune-lr-scale=0"));
    Trainer trainer = ModelType.named("flm").trainer(given);
    assertThat(trainer).isInstanceOf(StagedFineTuning.class);
    StagedFineTuning staged = (StagedFineTuning) trainer;
    assertThat(staged.frozenConfig().loss()).isEqualTo("softmax");
    assertThat(staged.tunedConfig().loss()).isEqualTo("softmax");
    assertThat(staged.tunedConfig().epochs()).isEqualTo(2);
    assertThat(staged.tunedConfig().encoderLr()).isZero();
    assertThat(staged.tunedConfig().lr()).isZero();
    // The item-item term is fitted once, after the last stage.
    assertThat(staged.frozenConfig().hasItemItem()).isFalse();
    assertThat(staged.tunedConfig().hasItemItem()).isTrue();

    FlmRecommender tuned = (FlmRecommender) trainer.train(TrainingData.of(DATA, 5));
    FineTuneConfig still = FineTuneConfig.from(new Params(given.asMap())).frozen();
    FlmRecommender frozen =
        (FlmRecommender)
            new FlmTrainer(staged.frozenConfig())
                .withTextTower(new BertTowerFactory(still))
                .train(TrainingData.of(DATA, 5));

    assertThat(tuned.parts().itemVectors()).containsExactly(frozen.parts().itemVectors());
    assertThat(tuned.parts().userVectors()).containsExactly(frozen.parts().userVectors());
    assertThat(tuned.parts().itemTextProj()).containsExactly(frozen.parts().itemTextProj());
    assertThat(tuned.provenance().split())
        .startsWith("frozen stage: best epoch")
        .contains("best epoch 0 (no epoch beat the starting model)");
  }

  @Test
  void whenFineTuningOnlyHurtsValidationTheResultIsExactlyTheFrozenStagesModel() {
    // A wild encoder learning rate wrecks the vectors, so epoch 0 (the frozen stage's model) wins
    // and must come back exactly: encoder weights, head, projections and the snapshot they feed.
    // Several steps per epoch, so the encoder's snapshot is not refreshed at every step.
    FlmRecommender wrecked = train("encoder-lr=0.5", "fine-tune-lr-scale=0", "batch-size=16");
    FlmRecommender kept = train("encoder-lr=0", "fine-tune-lr-scale=0", "batch-size=16");
    assertThat(wrecked.provenance().split()).contains("best epoch 0");
    assertThat(wrecked.parts().itemVectors()).containsExactly(kept.parts().itemVectors());
    assertThat(wrecked.parts().userVectors()).containsExactly(kept.parts().userVectors());
    assertThat(wrecked.parts().itemBias()).containsExactly(kept.parts().itemBias());
  }

  @Test
  void theFineTuningStageContinuesTheFrozenStagesCurveAndRecordsBothStages() {
    Trainer trainer = ModelType.named("flm").trainer(Params.parse(params("encoder-lr=1e-3")));
    List<Integer> epochs = new ArrayList<>();
    FlmRecommender m =
        (FlmRecommender)
            trainer.train(
                new TrainingData(DATA, null, 5, (e, t, l, x) -> epochs.add(e), "synthetic"));
    // Three frozen epochs, then two fine-tuning epochs: one curve of five points.
    assertThat(epochs).containsExactly(1, 2, 3, 1, 2);
    Map<String, List<Double>> h = m.provenance().history();
    assertThat(h.get("loss")).hasSize(5);
    assertThat(h.get(FlmTrainer.VAL_METRIC)).hasSize(5);
    Map<String, String> hp = m.provenance().hyperparameters();
    assertThat(hp)
        .containsEntry("fine-tune", "top-1")
        .containsEntry("frozen-first", "true")
        .containsEntry("loss", "softmax")
        .containsEntry("frozen-stage.epochs", "3")
        .containsEntry("frozen-stage.lr", "0.01")
        .containsEntry("lr", "0.001")
        .containsEntry("encoder-lr", "0.001")
        .containsEntry("epochs", "2");
    assertThat(m.encoder()).contains("fine-tune top-1");
  }

  @Test
  void frozenFirstFalseFineTunesFromTheStartAsOneStage() {
    Trainer trainer =
        ModelType.named("flm").trainer(Params.parse(params("frozen-first=false", "epochs=2")));
    assertThat(trainer).isInstanceOf(FlmTrainer.class);
    FlmRecommender m = (FlmRecommender) trainer.train(TrainingData.of(DATA, 5));
    assertThat(m.provenance().history().get("loss")).hasSize(2);
    assertThat(m.provenance().hyperparameters())
        .containsEntry("frozen-first", "false")
        .containsEntry("loss", "sampled-softmax")
        .doesNotContainKey("frozen-stage.loss");
  }

  @Test
  void aFineTuningModeTheEncoderCannotTakeIsRejectedBeforeTheFrozenStageTrains() {
    // all-minilm-l6-v2 has six layers; top-7 used to fail only when the second stage began.
    AtomicInteger epochs = new AtomicInteger();
    Trainer trainer = ModelType.named("flm").trainer(Params.parse(params("fine-tune=top-7")));
    TrainingData data =
        new TrainingData(
            DATA, null, 5, (e, total, loss, metrics) -> epochs.incrementAndGet(), null);
    assertThatThrownBy(() -> trainer.train(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("top-7")
        .hasMessageContaining("(6)");
    assertThat(epochs).as("epochs trained before the error").hasValue(0);
  }
}
