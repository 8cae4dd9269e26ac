package dev.flm.cf;

import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import java.nio.file.Path;
import java.util.Arrays;

public class TuneMain {
  public static void main(String[] args) throws Exception {
    Interactions all = MlSmall.load(Path.of("/work/shared/data/ml-latest-small"));
    Interactions[] sp = MlSmall.split(all);
    boolean val = Boolean.getBoolean("val");
    if (val) {
      sp = MlSmall.split(sp[0]);
    }
    System.out.println(
        "train " + sp[0].size() + " test " + sp[1].size() + " items " + all.numItems());
    String model = args[0];
    for (int a = 1; a < args.length; a++) {
      Params p = Params.parse(Arrays.asList(args[a].split(" ")));
      long t0 = System.nanoTime();
      Recommender r =
          ModelType.named(model).trainer(p).train(TrainingData.of(Dataset.of("ml", sp[0]), 42));
      double t = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "%s [%s] ndcg=%.4f time=%.1fs%n", model, args[a], MlSmall.ndcg(r, sp[0], sp[1], 10), t);
    }
  }
}
