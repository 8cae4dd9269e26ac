package dev.flm.cli;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.split.Split;
import dev.flm.tune.Tuner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flm tune}: hyperparameter search on the validation carve of the train part, then the best
 * configuration retrained on the whole train part and saved with {@code tune.json} and {@code
 * tune.md} beside it.
 */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Search hyperparameters of a model on a validation split and save the best model.",
      "The data is split with --protocol; trials train on a per-user temporal carve of the"
          + " train part and are scored on the carved-off validation events (the test part is"
          + " never used). The best configuration is retrained on the whole train part and saved"
          + " to OUT/model; OUT/tune.md and OUT/tune.json hold one row per trial."
    })
final class TuneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NAME",
      description = "Model type (see 'flm models'), e.g. als, bpr, ease, itemknn.")
  String model;

  @Mixin DataOptions input;

  @Mixin SplitOptions splitOptions;

  @Option(
      names = "--space",
      required = true,
      paramLabel = "SPACE",
      description = "Values to try: 'name=v1,v2;name2=v3,v4', e.g. 'factors=32,64;reg=0.01,0.1'.")
  String space;

  @Option(
      names = "--budget",
      paramLabel = "N",
      description = "At most N trials (default: the whole grid).")
  Integer budget;

  @Option(
      names = "--time-budget",
      paramLabel = "SECONDS",
      description = "Start no new trial after this many seconds.")
  Double timeBudget;

  @Option(
      names = "--search",
      paramLabel = "MODE",
      defaultValue = "grid",
      description = "grid (every point in order) or random (points drawn without replacement).")
  String search;

  @Option(
      names = "--metric",
      paramLabel = "NAME",
      defaultValue = "ndcg@10",
      description = "Validation metric to maximise (default: ${DEFAULT-VALUE}).")
  String metric;

  @Option(
      names = {"--param", "-p"},
      paramLabel = "KEY=VALUE",
      description = "Fixed hyperparameter for every trial; repeat for several.")
  List<String> params = new ArrayList<>();

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed of the search order and of every training (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder for model/, tune.json and tune.md.")
  Path out;

  @Override
  public Integer call() throws IOException, DataFormatException {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ModelType type = ModelType.named(model.toLowerCase(Locale.ROOT));
    Tuner.Mode mode;
    try {
      mode = Tuner.Mode.valueOf(search.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserException("--search must be grid or random; got '" + search + "'");
    }
    Tuner.Builder b =
        Tuner.builder(type, Tuner.Space.parse(space))
            .base(Params.parse(params).asMap())
            .mode(mode)
            .metric(metric)
            .seed(seed)
            .onTrial(
                t -> {
                  o.printf(
                      Locale.ROOT,
                      "trial %d %s: %s (%.1f s)%n",
                      t.number(),
                      t.params(),
                      t.error() != null
                          ? "failed: " + t.error()
                          : String.format(Locale.ROOT, "%s %.4f", metric, t.score()),
                      t.seconds());
                  o.flush();
                });
    if (budget != null) {
      b.maxTrials(budget);
    }
    if (timeBudget != null) {
      b.maxSeconds(timeBudget);
    }
    Tuner tuner = b.build();
    Dataset data = TrainCommand.load(null, null, input, err);
    Split split = splitOptions.protocol().split(data);
    Tuner.Result result = tuner.run(split);
    Files.createDirectories(out);
    Recommender best =
        TrainCommand.train(
            type.trainer(new Params(result.best().params())),
            split.train(),
            seed,
            input.path() + " (train part of " + split.protocol() + ")",
            err);
    ModelFiles.save(best, out.resolve("model"));
    result.write(out);
    o.printf(
        Locale.ROOT,
        "best of %d trials: %s %.4f with %s; model saved to %s, table in %s%n",
        result.trials().size(),
        metric,
        result.best().score(),
        String.join(" ", result.bestParams()),
        out.resolve("model"),
        out.resolve("tune.md"));
    o.flush();
    return 0;
  }
}
