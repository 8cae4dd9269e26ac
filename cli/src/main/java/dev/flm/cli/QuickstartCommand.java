package dev.flm.cli;

import dev.flm.data.Attributes;
import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.DemoData;
import dev.flm.data.Interactions;
import dev.flm.data.io.ReadOptions;
import dev.flm.eval.EvaluationResult;
import dev.flm.model.ItemFilter;
import dev.flm.model.ModelType;
import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import dev.flm.split.Split;
import dev.flm.split.SplitProtocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flm quickstart}: the whole loop in one command, offline. Loads MovieLens (or generates the
 * synthetic demo data set), splits it per user by time, trains the quick models, evaluates them on
 * the same candidates, writes a report and shows a few recommendations.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the whole loop once, offline: data, split, training, evaluation, report.",
      "Without --data it generates FLM's synthetic demo data set (books with titles,"
          + " descriptions and categories; readers with hidden tastes). With --data it reads"
          + " a data folder such as MovieLens latest-small. Splits per user by time, trains"
          + " the quick models, prints the metrics table, an example and the report folder."
    })
final class QuickstartCommand implements Callable<Integer> {

  /**
   * Models the quickstart runs when they are registered, in table order: the ones that train in
   * seconds on the demo data. Add a model here in one entry.
   */
  static final List<String> MODELS =
      List.of("random", "mostpop", "itemknn", "als", "bpr", "ease", "text");

  /**
   * Models left out on data with more items than {@link #SMALL_CATALOGUE}: EASE's cost grows with
   * items squared, the text model encodes every item's text.
   */
  static final Set<String> SMALL_CATALOGUE_ONLY = Set.of("ease", "text");

  static final int SMALL_CATALOGUE = 5000;

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "A data folder (e.g. MovieLens latest-small) instead of the demo data.")
  Path data;

  @Option(
      names = "--models",
      split = ",",
      paramLabel = "NAME",
      description = "Models to run (default: the quick ones registered in this build).")
  List<String> models;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Report folder (default: reports/quickstart-TIMESTAMP).")
  Path out;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description =
          "Seed for the demo data, training and the bootstrap (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException, DataFormatException {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = out != null ? out : Experiment.defaultReportDir("quickstart");
    Dataset ds;
    if (data == null) {
      DemoData.Config std = DemoData.Config.standard();
      ds =
          DemoData.generate(new DemoData.Config(std.users(), std.items(), std.meanPerUser(), seed));
      Path files = DemoData.write(ds, dir.resolve("demo-data"));
      o.println("FLM quickstart on the synthetic demo data set (generated; not real data).");
      o.println(
          "Its files, to try 'flm train --data DIR' and 'flm recommend' on: "
              + files.toAbsolutePath().normalize());
    } else {
      ds = DataOptions.load(data, null, ReadOptions.defaults(), err).dataset();
      o.println("FLM quickstart on " + data);
    }
    Interactions x = ds.interactions();
    o.printf("%d users, %d items, %d interactions%n", x.numUsers(), x.numItems(), x.size());

    List<String> names = models != null ? models : defaultModels(ds.itemIndex().size());
    List<Experiment.ModelSpec> specs = Experiment.specs(names, List.of());
    Split split = SplitProtocol.userTemporal(0.2).split(ds);
    o.println("split: " + split.protocol());
    o.flush();
    Experiment.Outcome outcome =
        Experiment.run(ds, split, specs, null, 1000, seed, models == null, err);
    EvaluationResult result = outcome.result();
    Experiment.writeReport(
        result,
        dir,
        Map.of(
            "data",
            data == null
                ? "FLM synthetic demo data (DemoData, seed " + seed + ")"
                : data.toString(),
            "command",
            "flm quickstart"),
        err);

    o.println();
    o.print(Experiment.table(result));
    o.println();
    showExample(ds, split, result, outcome, o);
    o.println("report: " + dir.toAbsolutePath().normalize());
    o.flush();
    return 0;
  }

  static List<String> defaultModels(int items) {
    Set<String> registered = ModelType.all().keySet();
    List<String> out = new ArrayList<>();
    for (String m : MODELS) {
      if (registered.contains(m)
          && (items <= SMALL_CATALOGUE || !SMALL_CATALOGUE_ONLY.contains(m))) {
        out.add(m);
      }
    }
    return out;
  }

  /** Top 5 of the best model for the first test user, with item titles. */
  private static void showExample(
      Dataset ds, Split split, EvaluationResult result, Experiment.Outcome outcome, PrintWriter o) {
    if (result.users().isEmpty()) {
      return;
    }
    String best = result.models().get(0).name();
    double bestScore = -1;
    for (EvaluationResult.ModelResult m : result.models()) {
      EvaluationResult.MetricValue v = m.metrics().get("ndcg@10");
      if (v != null && v.mean() > bestScore) {
        bestScore = v.mean();
        best = m.name();
      }
    }
    Recommender model = outcome.models().get(best);
    String userId = result.users().get(0);
    int u = ds.userIndex().indexOf(userId);
    Interactions train = split.train().interactions();
    List<Integer> seen = new ArrayList<>();
    for (int k = 0; k < train.size(); k++) {
      if (train.users()[k] == u) {
        seen.add(train.items()[k]);
      }
    }
    int[] seenSorted = seen.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    Recommendations r = model.recommend(u, 5, ItemFilter.excluding(seenSorted));
    o.printf("user %s had %d items in train, the last ones:%n", userId, seen.size());
    for (int k = Math.max(0, seen.size() - 3); k < seen.size(); k++) {
      o.println("    " + label(ds.items(), seen.get(k)));
    }
    o.printf("%s recommends:%n", best);
    Set<Integer> test = new java.util.HashSet<>();
    Interactions te = split.test().interactions();
    for (int k = 0; k < te.size(); k++) {
      if (te.users()[k] == u) {
        test.add(te.items()[k]);
      }
    }
    for (int j = 0; j < r.size(); j++) {
      int i = r.items()[j];
      o.println("  " + (test.contains(i) ? "* " : "  ") + label(ds.items(), i));
    }
    o.println("  (* = in the user's test items)");
    o.println();
  }

  private static String label(Attributes items, int i) {
    String id = items.index().idOf(i);
    Attributes.Field f = items.field("title");
    String text;
    if (f instanceof Attributes.TextField t && t.values()[i] != null) {
      text = t.values()[i];
    } else {
      text = items.defaultText(i);
    }
    Attributes.Field c =
        items.field("genres") != null ? items.field("genres") : items.field("categories");
    if (c instanceof Attributes.CategoricalField cf
        && cf.values()[i] != null
        && cf.values()[i].length > 0) {
      text += " [" + String.join(", ", Arrays.asList(cf.values()[i])) + "]";
    }
    if (text.length() > 90) {
      text = text.substring(0, 87) + "...";
    }
    return id + "  " + text;
  }
}
