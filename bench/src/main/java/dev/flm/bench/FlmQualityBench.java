package dev.flm.bench;

import dev.flm.data.Dataset;
import dev.flm.data.io.DataLoader;
import dev.flm.eval.EvaluationResult;
import dev.flm.eval.Evaluator;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import dev.flm.model.TrainingListener;
import dev.flm.split.Split;
import dev.flm.split.SplitProtocol;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 5 quality benchmark: FLM against the CF models and the zero-shot {@code text} model on
 * MovieLens latest-small, NDCG@10 with full ranking, mean and spread over seeds, on the warm
 * per-user temporal 80/20 split and the cold-item split (candidates = held-out items).
 *
 * <p>Usage: {@code FlmQualityBench DATA_DIR [warm|cold|both] [seeds=3] [first-seed=42] [models=a,b]
 * [flm params key=value ...]}. Models default to every registered CF model present plus {@code
 * text}.
 */
public final class FlmQualityBench {
  private FlmQualityBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/ml-latest-small");
    String which = args.length > 1 ? args[1] : "both";
    int seeds = 3;
    long firstSeed = 42;
    List<String> models = null;
    List<String> flm = new ArrayList<>();
    for (int a = 2; a < args.length; a++) {
      if (args[a].startsWith("first-seed=")) {
        firstSeed = Long.parseLong(args[a].substring(11));
      } else if (args[a].startsWith("seeds=")) {
        seeds = Integer.parseInt(args[a].substring(6));
      } else if (args[a].startsWith("models=")) {
        models = Arrays.asList(args[a].substring(7).split(","));
      } else {
        flm.add(args[a]);
      }
    }
    if (models == null) {
      models = new ArrayList<>();
      for (String m : List.of("mostpop", "itemknn", "bpr", "als", "ease", "text")) {
        if (ModelType.names().contains(m)) {
          models.add(m);
        }
      }
    }
    Dataset data = DataLoader.load(dir);
    if (!which.equals("cold")) {
      run(
          "warm user-temporal(0.2)",
          SplitProtocol.userTemporal(0.2).split(data),
          firstSeed,
          seeds,
          models,
          flm);
    }
    if (!which.equals("warm")) {
      run(
          "cold-item(0.2, 42)",
          SplitProtocol.coldItem(0.2, 42).split(data),
          firstSeed,
          seeds,
          models.stream().filter(m -> m.equals("text")).toList(),
          flm);
    }
  }

  static void run(
      String title, Split split, long firstSeed, int seeds, List<String> models, List<String> flm) {
    Map<String, double[]> ndcg = new LinkedHashMap<>();
    Map<String, double[]> secs = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(models);
    all.add("flm");
    for (String m : all) {
      ndcg.put(m, new double[seeds]);
      secs.put(m, new double[seeds]);
    }
    for (int s = 0; s < seeds; s++) {
      long seed = firstSeed + s;
      Evaluator.Builder ev = Evaluator.builder(split).metrics("ndcg@10").bootstrap(0, 1);
      for (String m : all) {
        Params p = m.equals("flm") ? Params.parse(flm) : Params.empty();
        long t0 = System.nanoTime();
        TrainingListener progress =
            (e, total, loss, metrics) ->
                System.err.printf(
                    "    %s epoch %d/%d loss %.4f %s %.0fs%n",
                    m, e, total, loss, metrics, (System.nanoTime() - t0) / 1e9);
        Recommender r =
            ModelType.named(m)
                .trainer(p)
                .train(new TrainingData(split.train(), null, seed, progress, "ml-latest-small"));
        secs.get(m)[s] = (System.nanoTime() - t0) / 1e9;
        ev.model(m, r);
      }
      EvaluationResult res = ev.run();
      for (String m : all) {
        ndcg.get(m)[s] = res.model(m).mean("ndcg@10");
        System.out.printf(
            "  %s seed %d %-8s ndcg@10 %.4f  (%.1f s)%n",
            title, seed, m, ndcg.get(m)[s], secs.get(m)[s]);
      }
    }
    System.out.printf("%s, NDCG@10 over %d seeds (mean ± sd, train seconds):%n", title, seeds);
    for (String m : all) {
      double[] v = ndcg.get(m);
      double mean = Arrays.stream(v).average().orElse(0);
      double sd =
          Math.sqrt(
              Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, seeds - 1));
      System.out.printf(
          "  %-8s %.4f ± %.4f   %.1f s%n",
          m, mean, sd, Arrays.stream(secs.get(m)).average().orElse(0));
    }
  }
}
