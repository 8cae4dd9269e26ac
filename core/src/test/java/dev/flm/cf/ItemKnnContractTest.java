package dev.flm.cf;

import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.testing.RecommenderContract;
import java.util.List;

class ItemKnnContractTest extends RecommenderContract {
  @Override
  protected ModelType type() {
    return new ItemKnn();
  }

  @Override
  protected Params params() {
    return Params.parse(List.of("neighbours=10"));
  }
}
