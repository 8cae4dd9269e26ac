package dev.flm.cf;

import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.testing.RecommenderContract;
import java.util.List;

class BprContractTest extends RecommenderContract {
  @Override
  protected ModelType type() {
    return new Bpr();
  }

  @Override
  protected Params params() {
    return Params.parse(List.of("factors=8", "epochs=10", "threads=1"));
  }
}
