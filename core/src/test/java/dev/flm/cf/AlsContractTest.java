package dev.flm.cf;

import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.testing.RecommenderContract;
import java.util.List;

class AlsContractTest extends RecommenderContract {
  @Override
  protected ModelType type() {
    return new Als();
  }

  @Override
  protected Params params() {
    return Params.parse(List.of("factors=8", "iterations=4"));
  }
}
