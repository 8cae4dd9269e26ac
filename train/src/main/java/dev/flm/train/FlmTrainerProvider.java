package dev.flm.train;

import dev.flm.hybrid.FlmTrainerFactory;
import dev.flm.model.Params;
import dev.flm.model.Trainer;

/**
 * Supplies {@link FlmTrainer} to core's {@code flm} model type through {@link FlmTrainerFactory}.
 */
public final class FlmTrainerProvider implements FlmTrainerFactory {
  @Override
  public Trainer create(Params params) {
    return new FlmTrainer(FlmConfig.from(params));
  }
}
