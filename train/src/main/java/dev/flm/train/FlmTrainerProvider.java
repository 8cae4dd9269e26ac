package dev.flm.train;

import dev.flm.hybrid.FlmTrainerFactory;
import dev.flm.model.Params;
import dev.flm.model.Trainer;
import dev.flm.train.bert.BertTowerFactory;
import dev.flm.train.bert.FineTuneConfig;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Supplies {@link FlmTrainer} to core's {@code flm} model type through {@link FlmTrainerFactory}.
 */
public final class FlmTrainerProvider implements FlmTrainerFactory {
  @Override
  public Trainer create(Params params) {
    Params p = FineTuneConfig.withFineTuneDefaults(params);
    FineTuneConfig fineTune = FineTuneConfig.from(p);
    FlmTrainer trainer =
        new FlmTrainer(FlmConfig.from(p)).withGradientAccumulation(fineTune.accumulate());
    if (fineTune.initFrom() != null) {
      try {
        trainer.withInitialParameters(InitFrom.projections(fineTune.initFrom()));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "init-from " + fineTune.initFrom() + ": " + e.getMessage(), e);
      }
    }
    return fineTune.needsTower() ? trainer.withTextTower(new BertTowerFactory(fineTune)) : trainer;
  }
}
