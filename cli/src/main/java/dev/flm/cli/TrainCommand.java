package dev.flm.cli;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.io.DataLoader;
import dev.flm.data.io.LoadResult;
import dev.flm.data.io.ReadOptions;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.Trainer;
import dev.flm.model.TrainingData;
import dev.flm.split.Split;
import java.io.IOException;
import java.io.PrintWriter;
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

/** {@code flm train}: trains a registered model type and saves it to a model folder. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a model and save it to a folder.",
      "Input: a pre-split train file (--train: TSV with header 'user item rating timestamp')"
          + " with an optional item side file (--items, any supported format), or a data set"
          + " (--data DIR or --interactions FILE), used whole or, with --protocol, its train"
          + " part."
    })
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NAME",
      description = "Model type (see 'flm models'), e.g. mostpop, random.")
  String model;

  @Option(
      names = "--train",
      paramLabel = "FILE",
      description = "Train interactions: TSV with header 'user item rating timestamp'.")
  Path train;

  @Option(
      names = "--items",
      paramLabel = "FILE",
      description =
          "Item side file (catalogue and text): movies.csv, RecBole .item, CSV/TSV, JSON Lines.")
  Path items;

  @Mixin DataOptions input;

  @Option(
      names = "--protocol",
      paramLabel = "NAME",
      description =
          "With --data/--interactions: split with this protocol (see 'flm evaluate --help') and"
              + " train on the train part only.")
  String protocol;

  @Option(
      names = "--test-share",
      paramLabel = "X",
      defaultValue = "0.2",
      description = "Share held out by --protocol (default: ${DEFAULT-VALUE}).")
  double testShare;

  @Option(
      names = "--split-seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed of a random --protocol (default: ${DEFAULT-VALUE}).")
  long splitSeed;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Model folder to write (replaced atomically if it exists).")
  Path out;

  @Option(
      names = {"--param", "-p"},
      paramLabel = "KEY=VALUE",
      description = "Model hyperparameter; repeat for several.")
  List<String> params = new ArrayList<>();

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed for every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--fine-tune",
      paramLabel = "MODE",
      description =
          "flm: fine-tune the text encoder's own weights: none, top-N (e.g. top-2) or all"
              + " (same as -p fine-tune=MODE). FLM first trains over the frozen encoder, then"
              + " the encoder unfreezes from that model for -p fine-tune-epochs (default 2;"
              + " -p frozen-first=false: one stage); see docs/fine-tuning.md.")
  String fineTune;

  @Option(
      names = "--init-from",
      paramLabel = "DIR",
      description =
          "flm: start from the encoder and projections of the FLM model saved in this"
              + " folder (same as -p init-from=DIR).")
  Path initFrom;

  @Override
  public Integer call() throws IOException, DataFormatException {
    PrintWriter err = spec.commandLine().getErr();
    ModelType type = ModelType.named(model.toLowerCase(Locale.ROOT));
    if (fineTune != null) {
      params.add("fine-tune=" + fineTune);
    }
    if (initFrom != null) {
      params.add("init-from=" + initFrom);
    }
    Trainer trainer = type.trainer(Params.parse(params));
    Dataset data = load(train, items, input, err);
    String description = train != null ? train.toString() : input.path().toString();
    if (protocol != null) {
      if (train != null) {
        throw new UserException(
            "--protocol splits --data/--interactions; --train is already split");
      }
      Split split = SplitOptions.named(protocol, testShare, splitSeed).split(data);
      data = split.train();
      description += ", train part of " + split.protocol();
    }
    Recommender rec = train(trainer, data, seed, description, err);
    ModelFiles.save(rec, out);
    if (rec instanceof dev.flm.hybrid.FlmRecommender f && f.itemsWithoutText() > 0) {
      err.printf(
          Locale.ROOT,
          "flm: %d of %d items have no text; they are scored from their ID (and features)%n",
          f.itemsWithoutText(),
          f.itemIndex().size());
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf(
        Locale.ROOT,
        "trained %s on %d interactions (%d users, %d items); saved to %s%n",
        type.name(),
        data.interactions().size(),
        data.userIndex().size(),
        data.itemIndex().size(),
        out);
    o.flush();
    return 0;
  }

  /** Trains with a progress bar fed by the trainer's epochs; warnings go to {@code err}. */
  static Recommender train(
      Trainer trainer, Dataset data, long seed, String description, PrintWriter err) {
    try (ProgressBar bar = ProgressBar.start("training " + trainer.type(), 0)) {
      return trainer.train(
          new TrainingData(data, null, seed, bar.asTrainingListener(err), description));
    }
  }

  /** The train file (joined with the items file) or the data set of {@code input}. */
  static Dataset load(Path train, Path items, DataOptions input, PrintWriter err)
      throws IOException, DataFormatException {
    if (train != null && !input.isEmpty()) {
      throw new UserException("give --train FILE or --data/--interactions, not both");
    }
    if (train == null && input.isEmpty()) {
      throw new UserException("no training data: give --train FILE (or --data DIR)");
    }
    ReadOptions options = input.readOptions();
    Path path = train != null ? train : input.path();
    LoadResult r;
    ProgressBar bar = ProgressBar.start("reading " + path.getFileName(), 0);
    try {
      r =
          train != null
              ? DataLoader.loadTrainFile(train, items, options)
              : DataLoader.load(path, items, options);
    } finally {
      bar.close();
    }
    DataOptions.reportSkipped(r.report(), err);
    Dataset data = r.dataset();
    if (data.interactions().size() == 0) {
      throw new UserException(path + ": no interactions");
    }
    return data;
  }
}
