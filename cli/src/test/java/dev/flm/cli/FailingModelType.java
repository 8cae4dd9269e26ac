package dev.flm.cli;

import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.Trainer;

/** A model type (tests only) whose training always fails, to test how commands handle that. */
public final class FailingModelType implements ModelType {
  @Override
  public String name() {
    return "test-failing";
  }

  @Override
  public String description() {
    return "test only: training always fails";
  }

  @Override
  public Trainer trainer(Params params) {
    params.checkAllUsed(name());
    return Trainer.of(
        "test-failing",
        data -> {
          throw new IllegalStateException("this model always fails");
        });
  }

  @Override
  public void save(Recommender model, ModelFolder folder) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Recommender load(ModelFolder folder) {
    throw new UnsupportedOperationException();
  }
}
