package dev.flm.cli;

import dev.flm.data.Cleaner;
import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.DatasetStats;
import dev.flm.data.io.DataWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flm data}: look at, clean and split data sets. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Inspect, clean and split data sets.",
    subcommands = {DataCommand.Stats.class, DataCommand.Clean.class, DataCommand.SplitData.class})
final class DataCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** {@code flm data stats}. */
  @Command(
      name = "stats",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Print what is in a data set.",
        "Users, items in the catalogue and with interactions, interactions, density,"
            + " interactions per user and per item, ratings, time range, text coverage and text"
            + " length."
      })
  static final class Stats implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions input;

    @Override
    public Integer call() throws IOException, DataFormatException {
      PrintWriter out = spec.commandLine().getOut();
      Dataset d = input.load(spec.commandLine().getErr()).dataset();
      out.print(DatasetStats.of(d).format());
      out.flush();
      return 0;
    }
  }

  /** {@code flm data clean}. */
  @Command(
      name = "clean",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Clean a data set and write it as a train file.",
        "Prints what each step removed. Steps run in this order: drop rows with missing values,"
            + " de-duplicate (keep the latest of each user-item pair), rating threshold to"
            + " implicit feedback, k-core, text normalisation (HTML stripped, whitespace folded)."
      })
  static final class Clean implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions input;

    @Option(
        names = "--items",
        paramLabel = "FILE",
        description = "Item side file to join to --interactions.")
    Path items;

    @Option(
        names = "--keep-missing",
        description = "Keep rows with a missing rating (dropped by default).")
    boolean keepMissing;

    @Option(
        names = "--require-text",
        description = "Also drop interactions with items that have no text.")
    boolean requireText;

    @Option(
        names = "--dedupe",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Keep one interaction per user-item pair, the latest (default: on).")
    boolean dedupe;

    @Option(
        names = "--min-rating",
        paramLabel = "X",
        description = "Keep ratings >= X as implicit feedback (weight 1) and drop the rest.")
    Float minRating;

    @Option(
        names = "--k-core",
        paramLabel = "K",
        defaultValue = "0",
        description = "Iteratively keep users and items with at least K interactions.")
    int kCore;

    @Option(
        names = "--min-user-interactions",
        paramLabel = "N",
        description = "k-core threshold for users only (overrides --k-core for users).")
    Integer minUser;

    @Option(
        names = "--min-item-interactions",
        paramLabel = "N",
        description = "k-core threshold for items only (overrides --k-core for items).")
    Integer minItem;

    @Option(
        names = "--normalize-text",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Strip HTML and fold whitespace in item text (default: on).")
    boolean normalizeText;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Cleaned interactions, train-file format (user item rating timestamp).")
    Path out;

    @Option(
        names = "--items-out",
        paramLabel = "FILE",
        description = "Also write the cleaned item catalogue with its text (TSV).")
    Path itemsOut;

    @Override
    public Integer call() throws IOException, DataFormatException {
      PrintWriter o = spec.commandLine().getOut();
      Dataset d = input.load(items, spec.commandLine().getErr()).dataset();
      Cleaner.Options opts =
          new Cleaner.Options(
              !keepMissing,
              requireText,
              dedupe,
              minRating,
              minUser != null ? minUser : kCore,
              minItem != null ? minItem : kCore,
              normalizeText);
      Cleaner.Result r = Cleaner.clean(d, opts);
      o.print(r.format());
      Dataset c = r.dataset();
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      DataWriter.writeTrainFile(c.interactions(), out);
      if (itemsOut != null) {
        ItemsTsv.write(c.items(), itemsOut);
      }
      o.printf(
          Locale.ROOT,
          "kept %d interactions, %d users, %d items; written to %s%s%n",
          c.interactions().size(),
          c.userIndex().size(),
          c.itemIndex().size(),
          out,
          itemsOut == null ? "" : " and " + itemsOut);
      o.flush();
      return 0;
    }
  }

  /** {@code flm data split}. */
  @Command(
      name = "split",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Split a data set into train and test files.",
        "Writes train.tsv and test.tsv (and validation.tsv) in the train-file format (user, item,"
            + " rating, timestamp; tab-separated, with a header), items.tsv (the catalogue with"
            + " its text), candidates.txt for protocols with a fixed candidate set, and"
            + " split.json with the protocol and counts."
      })
  static final class SplitData implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions input;
    @Mixin SplitOptions split;

    @Option(
        names = "--validation-share",
        paramLabel = "X",
        description =
            "Also carve a validation set from train with the same protocol and this share.")
    Double validationShare;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path out;

    @Override
    public Integer call() throws IOException, DataFormatException {
      Dataset d = input.load(spec.commandLine().getErr()).dataset();
      dev.flm.split.Split s = split.protocol().split(d);
      if (validationShare != null) {
        s = s.withValidation(SplitOptions.named(split.protocol, validationShare, split.splitSeed));
      }
      dev.flm.split.SplitFiles.write(s, out);
      ItemsTsv.write(d.items(), out.resolve("items.tsv"));
      PrintWriter o = spec.commandLine().getOut();
      o.println(s.protocol());
      o.printf(
          Locale.ROOT,
          "train %d, test %d%s interactions; %d test users; written to %s%n",
          s.train().interactions().size(),
          s.test().interactions().size(),
          s.validation() == null ? "" : ", validation " + s.validation().interactions().size(),
          s.numTestUsers(),
          out);
      o.flush();
      return 0;
    }
  }
}
