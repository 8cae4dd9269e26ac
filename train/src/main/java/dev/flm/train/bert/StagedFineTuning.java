package dev.flm.train.bert;

import dev.flm.hybrid.FlmRecommender;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.Trainer;
import dev.flm.model.TrainingData;
import dev.flm.train.FlmConfig;
import dev.flm.train.FlmTrainer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fine-tuning in two stages ({@code frozen-first=true}, the default): FLM is first trained over the
 * frozen encoder's vectors with its own settings (full softmax, early stopped), then the encoder is
 * unfrozen and everything trains on from that model for {@code fine-tune-epochs} with the same
 * loss, the new layers' learning rates scaled by {@code fine-tune-lr-scale} and the encoder at its
 * own, lower rate.
 *
 * <p>Why: new layers trained from random starts send large, noisy gradients into the pretrained
 * weights and spend the expensive encoder epochs on what the frozen vectors already teach ("linear
 * probing, then fine-tuning"). Starting from the frozen model, each encoder epoch refines a good
 * model, and the stage starts by validating that model, so early stopping keeps it whenever no
 * fine-tuning epoch beats it on validation.
 */
public final class StagedFineTuning implements Trainer {
  private final FlmConfig frozen;
  private final FlmConfig tuned;
  private final FineTuneConfig fineTune;
  private final Map<String, float[]> initial;

  /**
   * @param frozen the first stage's configuration (over the frozen encoder)
   * @param tuned the fine-tuning stage's configuration
   * @param fineTune the encoder's settings
   * @param initial parameters to start the first stage from ({@code init-from}), possibly empty
   */
  public StagedFineTuning(
      FlmConfig frozen, FlmConfig tuned, FineTuneConfig fineTune, Map<String, float[]> initial) {
    this.frozen = Objects.requireNonNull(frozen, "frozen");
    this.tuned = Objects.requireNonNull(tuned, "tuned");
    this.fineTune = Objects.requireNonNull(fineTune, "fineTune");
    this.initial = Map.copyOf(initial);
  }

  /**
   * The two configurations from the parameters a user gave: the first stage reads them as plain FLM
   * parameters (the encoder's keys removed); the second keeps its loss (with the full softmax, each
   * step encodes up to {@code encoder-items} of its target items with gradients and takes the rest
   * of the catalogue from the encoder's snapshot), runs {@code fine-tune-epochs} epochs with a
   * tenth of an epoch of warm-up, learning rates {@code fine-tune-lr-scale} times the first's and,
   * unless given, {@code encoder-lr=5e-5} (few steps, from a converged model).
   */
  public static StagedFineTuning of(
      Params given, FineTuneConfig fineTune, Map<String, float[]> init) {
    Map<String, String> first = new LinkedHashMap<>(given.asMap());
    FineTuneConfig.KEYS.forEach(first::remove);
    Map<String, String> firstStage = new LinkedHashMap<>(first);
    // The item-item term is fitted after the factors; the first stage's factors are only a start.
    firstStage.put("item-item", "none");
    FlmConfig frozen = FlmConfig.from(new Params(firstStage));
    Map<String, String> second = new LinkedHashMap<>(first);
    second.putIfAbsent("encoder-lr", "5e-5");
    second.put("epochs", Integer.toString(fineTune.stageEpochs()));
    second.put("warmup-epochs", "0.1");
    second.put("lr", Double.toString(frozen.lr() * fineTune.stageLrScale()));
    second.put("projection-lr", Double.toString(frozen.projectionLr() * fineTune.stageLrScale()));
    FlmConfig tuned = FlmConfig.from(new Params(second));
    return new StagedFineTuning(frozen, tuned, fineTune, init);
  }

  /** The first stage's configuration. */
  public FlmConfig frozenConfig() {
    return frozen;
  }

  /** The fine-tuning stage's configuration. */
  public FlmConfig tunedConfig() {
    return tuned;
  }

  @Override
  public String type() {
    return FlmRecommender.TYPE;
  }

  @Override
  public Recommender train(TrainingData data) {
    FlmTrainer.TrainedStage[] stage = new FlmTrainer.TrainedStage[1];
    // Both stages encode with the same DJL encoder, tokens and truncation, so the fine-tuning
    // stage starts from exactly the vectors the first stage was trained on.
    FineTuneConfig still = fineTune.frozen();
    Recommender first =
        new FlmTrainer(frozen)
            .withTextTower(new BertTowerFactory(still, fineTune.mode()))
            .withInitialParameters(initial)
            .onTrained(t -> stage[0] = t)
            .train(data);
    Map<String, String> hyper = new LinkedHashMap<>(fineTune.asMap());
    frozen
        .asMap()
        .forEach(
            (k, v) -> {
              if (!v.equals(tuned.asMap().get(k))) {
                hyper.put("frozen-stage." + k, v);
              }
            });
    return new FlmTrainer(tuned)
        .withGradientAccumulation(fineTune.accumulate())
        .withTextTower(new BertTowerFactory(fineTune))
        .withStartingModel(stage[0].values())
        .withRecordedHyperparameters(hyper)
        .withEarlierStage(first.provenance().history(), "frozen stage: " + stage[0].outcome())
        .train(data);
  }
}
