package dev.flm.cli;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import java.io.IOException;
import java.io.PrintWriter;
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
    subcommands = {DataCommand.Stats.class, DataCommand.SplitData.class})
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
        "Print what is in a data set: users, items in the catalogue and rated, interactions,",
        "density, interactions per user and item, text coverage and length."
      })
  static final class Stats implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions input;

    @Override
    public Integer call() throws IOException, DataFormatException {
      PrintWriter out = spec.commandLine().getOut();
      Dataset d = input.load(spec.commandLine().getErr()).dataset();
      Interactions x = d.interactions();
      int rated = 0;
      for (int c : x.countsPerItem()) {
        if (c > 0) {
          rated++;
        }
      }
      out.printf(Locale.ROOT, "data set:      %s%n", d.name());
      out.printf(Locale.ROOT, "users:         %d%n", x.numUsers());
      out.printf(
          Locale.ROOT, "items:         %d in the catalogue, %d rated%n", x.numItems(), rated);
      out.printf(Locale.ROOT, "interactions:  %d%n", x.size());
      out.flush();
      return 0;
    }
  }

  /** {@code flm data split}. */
  @Command(
      name = "split",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Split a data set into train and test files (train-file format: 'user item rating",
        "timestamp', tab-separated), plus items.tsv (the catalogue with its text) and, for",
        "protocols with a fixed candidate set, candidates.txt; split.json records the protocol."
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
