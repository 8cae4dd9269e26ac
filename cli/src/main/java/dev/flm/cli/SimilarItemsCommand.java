package dev.flm.cli;

import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import dev.flm.text.ColdStartScorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flm similar-items}: the items whose text vectors are closest to an item's. */
@Command(
    name = "similar-items",
    mixinStandardHelpOptions = true,
    description = {
      "Items most similar to an item, by the cosine of their text vectors.",
      "Needs a model that holds item text vectors (e.g. 'flm train --model text')."
          + " Writes item<TAB>score rows, best first."
    })
final class SimilarItemsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ITEM", description = "Item id.")
  String item;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Model folder written by 'flm train --model text'.")
  Path modelDir;

  @Option(
      names = "-k",
      paramLabel = "K",
      defaultValue = "10",
      description = "Items to list (default: ${DEFAULT-VALUE}).")
  int k;

  @Override
  public Integer call() throws IOException {
    if (k < 1) {
      throw new UserException("-k must be at least 1; k=" + k);
    }
    Recommender model = ModelFiles.load(modelDir);
    if (!(model instanceof ColdStartScorer cs)) {
      throw new UserException(
          "model '" + model.type() + "' has no item text vectors; train one with --model text");
    }
    int i = model.itemIndex().indexOf(item);
    if (i < 0) {
      throw new UserException("item '" + item + "' is not in the model's catalogue");
    }
    Recommendations r = cs.similarItems(i, k);
    PrintWriter out = spec.commandLine().getOut();
    out.println("item\tscore");
    for (int j = 0; j < r.size(); j++) {
      out.println(
          model.itemIndex().idOf(r.items()[j])
              + "\t"
              + RecommendCommand.formatScore(r.scores()[j]));
    }
    out.flush();
    return 0;
  }
}
