package dev.flm.cli;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.eval.EvaluationResult;
import dev.flm.split.Split;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flm evaluate}: several models on one split, one report. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare several models on one split and write a report.",
      "Trains every model on the same train part and evaluates them on the same test users"
          + " and candidates (full ranking over all rated items the user has not seen in"
          + " train; ties broken by item id). Writes a report folder (report.md, report.json,"
          + " per-user.tsv, PNG charts, provenance) and prints the metrics table."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataOptions input;

  @Option(
      names = "--items",
      paramLabel = "FILE",
      description = "Item side file to join to --interactions (catalogue and text).")
  Path items;

  @Mixin SplitOptions split;

  @Option(
      names = "--validation-share",
      paramLabel = "X",
      description =
          "Carve a validation set from train with the same protocol and this share, for models"
              + " that stop early; every model then trains on the rest.")
  Double validationShare;

  @Option(
      names = "--models",
      split = ",",
      paramLabel = "NAME",
      defaultValue = "mostpop,random",
      description =
          "Models to compare, comma-separated (default: ${DEFAULT-VALUE}; see 'flm models')."
              + " LABEL=TYPE adds a second configuration of a type under its own name, e.g."
              + " flm,flm-top2=flm -p flm-top2.fine-tune=top-2.")
  List<String> models;

  @Option(
      names = {"--param", "-p"},
      paramLabel = "MODEL.KEY=VALUE",
      description = "Hyperparameter of one model, e.g. itemknn.k=50; repeat for several.")
  List<String> params = new ArrayList<>();

  @Option(
      names = "--metrics",
      split = ",",
      paramLabel = "NAME",
      description = "Metrics, e.g. ndcg@10,recall@10,auc (default: a standard set at 10 and 20).")
  List<String> metrics;

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Bootstrap resamples per confidence interval; 0 for none (default: ${DEFAULT-VALUE}).")
  int bootstrap;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed for training and the bootstrap (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Report folder (default: reports/evaluate-TIMESTAMP).")
  Path out;

  @Override
  public Integer call() throws IOException, DataFormatException {
    PrintWriter err = spec.commandLine().getErr();
    List<Experiment.ModelSpec> specs = Experiment.specs(models, params);
    Dataset data = input.load(items, err).dataset();
    Split s = split.protocol().split(data);
    if (validationShare != null) {
      s = s.withValidation(SplitOptions.named(split.protocol, validationShare, split.splitSeed));
    }
    EvaluationResult result =
        Experiment.run(data, s, specs, metrics, bootstrap, seed, false, err).result();
    Path dir =
        Experiment.writeReport(
            result,
            out != null ? out : Experiment.defaultReportDir("evaluate"),
            orderedRunSettings(),
            err);
    PrintWriter o = spec.commandLine().getOut();
    o.println(s.protocol());
    o.printf(
        "%d test users (%d skipped: no test item among the candidates)%n",
        result.users().size(), result.skippedUsers());
    o.println();
    o.print(Experiment.table(result));
    o.println();
    o.println("report: " + dir.toAbsolutePath().normalize());
    o.flush();
    return 0;
  }

  /** The command line as given, so that a report says exactly how it was made. */
  private String commandLine() {
    StringBuilder sb = new StringBuilder("flm");
    for (String a : spec.commandLine().getParseResult().originalArgs()) {
      boolean plain = a.matches("[A-Za-z0-9_@%+=:,./-]+");
      sb.append(' ').append(plain ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }

  /** Data and command line, in that order in every report (a {@code Map.of} order varies). */
  private Map<String, String> orderedRunSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("data", input.path().toString());
    m.put("command", commandLine());
    return m;
  }
}
