package dev.flm.cli;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flm data}: look at, clean and split data sets. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Inspect, clean and split data sets.",
    subcommands = {DataCommand.Stats.class})
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
}
