package dev.flm.train;

import dev.flm.hybrid.FlmTrainerFactory;
import dev.flm.model.Params;
import dev.flm.model.Trainer;
import dev.flm.train.bert.BertTowerFactory;
import dev.flm.train.bert.FineTuneConfig;
import dev.flm.train.bert.StagedFineTuning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Supplies {@link FlmTrainer} to core's {@code flm} model type through {@link FlmTrainerFactory}.
 */
public final class FlmTrainerProvider implements FlmTrainerFactory {
  @Override
  public Trainer create(Params params) {
    FineTuneConfig fineTune = FineTuneConfig.from(new Params(params.asMap()));
    Map<String, float[]> init = Map.of();
    if (fineTune.initFrom() != null) {
      try {
        init = InitFrom.projections(fineTune.initFrom());
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    if (fineTune.mode().enabled() && fineTune.frozenFirst()) {
      return StagedFineTuning.of(params, fineTune, init);
    }
    Params p = FineTuneConfig.withFineTuneDefaults(params);
    FineTuneConfig.from(p); // marks the encoder's keys as read
    FlmTrainer trainer =
        new FlmTrainer(FlmConfig.from(p))
            .withGradientAccumulation(fineTune.accumulate())
            .withInitialParameters(init);
    if (fineTune.needsTower()) {
      trainer.withRecordedHyperparameters(fineTune.asMap());
    }
    return fineTune.needsTower() ? trainer.withTextTower(new BertTowerFactory(fineTune)) : trainer;
  }
}
