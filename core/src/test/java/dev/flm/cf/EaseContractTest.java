package dev.flm.cf;

import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.testing.RecommenderContract;
import java.util.List;

class EaseContractTest extends RecommenderContract {
  @Override
  protected ModelType type() {
    return new Ease();
  }

  @Override
  protected Params params() {
    return Params.parse(List.of("minItemCount=1", "lambda=10"));
  }
}
