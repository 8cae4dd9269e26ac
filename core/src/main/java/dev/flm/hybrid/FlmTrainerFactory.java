package dev.flm.hybrid;

import dev.flm.model.Params;
import dev.flm.model.Trainer;

/**
 * Service interface through which the {@code train} module supplies the FLM trainer (DJL/PyTorch)
 * to {@link FlmModelType}, which lives in core so that loading and serving an FLM model never needs
 * the autograd engine. Registered in {@code META-INF/services/dev.flm.hybrid.FlmTrainerFactory}.
 */
public interface FlmTrainerFactory {

  /** A trainer configured from {@code params}; rejects bad or unknown params naming the field. */
  Trainer create(Params params);
}
