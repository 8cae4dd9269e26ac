package dev.flm.cli;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import dev.flm.data.io.ReadOptions;
import dev.flm.io.AtomicFiles;
import dev.flm.model.ItemFilter;
import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import dev.flm.model.TopK;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flm recommend}: top-K items for every user of a file with a saved model, as {@code
 * user<TAB>item<TAB>score} rows.
 */
@Command(
    name = "recommend",
    mixinStandardHelpOptions = true,
    description = {
      "Recommend items with a saved model for every user in a file.",
      "Writes user<TAB>item<TAB>score rows under the header line 'user item score', up to K"
          + " per user, best first, ties broken by item id."
    })
final class RecommendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Model folder written by 'flm train'.")
  Path modelDir;

  @Option(
      names = "--users-from",
      paramLabel = "FILE",
      description =
          "Users to recommend for, with their histories: a TSV like the train file (header"
              + " 'user item rating timestamp'; rating and timestamp optional). Users the model"
              + " never saw are scored from their history in this file.")
  Path usersFrom;

  @Option(
      names = "--user-text",
      paramLabel = "TEXT",
      description =
          "Instead of --users-from: recommend for one new user described only by this text"
              + " (models with text vectors, e.g. --model text).")
  String userText;

  @Option(
      names = "--item-text",
      paramLabel = "TEXT",
      description =
          "Rank new items known only by their text (repeat for several) for every user of"
              + " --users-from, instead of catalogue items (models with text vectors: flm, text);"
              + " rows name them new-1, new-2, ... in the order given.")
  List<String> itemTexts = new ArrayList<>();

  @Option(
      names = "-k",
      paramLabel = "K",
      defaultValue = "10",
      description = "Items per user (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--exclude-seen",
      description = "Never recommend an item the user has in --users-from.")
  boolean excludeSeen;

  @Option(
      names = "--candidates",
      paramLabel = "FILE",
      description = "Only recommend these items: item ids, one per line.")
  Path candidates;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the recommendations (default: standard output).")
  Path out;

  @Override
  public Integer call() throws IOException, DataFormatException {
    if (k < 1) {
      throw new UserException("-k must be at least 1; k=" + k);
    }
    PrintWriter err = spec.commandLine().getErr();
    if ((usersFrom == null) == (userText == null)) {
      throw new UserException("give exactly one of --users-from FILE and --user-text TEXT");
    }
    Recommender model = ModelFiles.load(modelDir);
    if (userText != null) {
      if (!itemTexts.isEmpty()) {
        throw new UserException("--item-text ranks new items for the users of --users-from");
      }
      return recommendForText(model, err);
    }
    if (!itemTexts.isEmpty()) {
      return recommendNewItems(model, err);
    }
    IdIndex items = model.itemIndex();
    IdIndex modelUsers = model.userIndex();

    Dataset users = DataOptions.load(usersFrom, null, ReadOptions.defaults(), err).dataset();
    Interactions x = users.interactions();
    int nu = users.userIndex().size();
    int[][] history = new int[nu][];
    int[] count = new int[nu];
    int[] itemMap = new int[users.itemIndex().size()];
    for (int i = 0; i < itemMap.length; i++) {
      itemMap[i] = items.indexOf(users.itemIndex().idOf(i));
    }
    for (int e = 0; e < x.size(); e++) {
      if (itemMap[x.items()[e]] >= 0) {
        count[x.users()[e]]++;
      }
    }
    for (int u = 0; u < nu; u++) {
      history[u] = new int[count[u]];
      count[u] = 0;
    }
    for (int e = 0; e < x.size(); e++) {
      int mi = itemMap[x.items()[e]];
      if (mi >= 0) {
        history[x.users()[e]][count[x.users()[e]]++] = mi;
      }
    }

    BitSet allowed = candidates == null ? null : readCandidates(candidates, items, err);
    int unknownUsers = 0;
    for (int u = 0; u < nu; u++) {
      if (modelUsers.indexOf(users.userIndex().idOf(u)) < 0) {
        unknownUsers++;
      }
    }
    if (unknownUsers > 0) {
      err.println(
          "flm: "
              + unknownUsers
              + " of "
              + nu
              + " users are not in the model; they are scored from their history in "
              + usersFrom.getFileName());
    }

    Recommendations[] recs = new Recommendations[nu];
    try (ProgressBar bar = ProgressBar.start("recommending", nu)) {
      IntStream.range(0, nu)
          .parallel()
          .forEach(
              u -> {
                int mu = modelUsers.indexOf(users.userIndex().idOf(u));
                float[] scores = new float[items.size()];
                if (mu >= 0) {
                  model.score(mu, scores);
                } else {
                  model.scoreHistory(history[u], scores);
                }
                int[] seen = null;
                if (excludeSeen) {
                  seen = history[u].clone();
                  Arrays.sort(seen);
                }
                recs[u] = TopK.select(scores, k, new ItemFilter(allowed, seen));
                bar.step(1);
              });
    }

    if (out == null) {
      PrintWriter w = spec.commandLine().getOut();
      write(w, users.userIndex(), items, recs);
      w.flush();
    } else {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      AtomicFiles.write(
          out,
          os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
            write(w, users.userIndex(), items, recs);
            w.flush();
          });
      err.println("flm: wrote recommendations for " + nu + " users to " + out);
    }
    err.flush();
    return 0;
  }

  private int recommendNewItems(Recommender model, PrintWriter err)
      throws IOException, DataFormatException {
    if (!(model instanceof dev.flm.text.ColdStartScorer cs)) {
      throw new UserException(
          "model '" + model.type() + "' cannot score new items from text; use --model flm or text");
    }
    Dataset users = DataOptions.load(usersFrom, null, ReadOptions.defaults(), err).dataset();
    int nu = users.userIndex().size();
    String[] names = new String[itemTexts.size()];
    for (int j = 0; j < names.length; j++) {
      if (itemTexts.get(j).isBlank()) {
        throw new UserException("--item-text number " + (j + 1) + " is empty");
      }
      names[j] = "new-" + (j + 1);
    }
    IdIndex newItems = IdIndex.of(names);
    Recommendations[] recs = new Recommendations[nu];
    int unknown = 0;
    for (int u = 0; u < nu; u++) {
      int mu = model.userIndex().indexOf(users.userIndex().idOf(u));
      unknown += mu < 0 ? 1 : 0;
      recs[u] = TopK.select(cs.scoreNewItems(mu, itemTexts), k, ItemFilter.ALL);
    }
    if (unknown > 0) {
      err.println("flm: " + unknown + " of " + nu + " users are not in the model (scored as new)");
    }
    PrintWriter w = spec.commandLine().getOut();
    if (out == null) {
      write(w, users.userIndex(), newItems, recs);
      w.flush();
    } else {
      AtomicFiles.write(
          out,
          os -> {
            Writer ww = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
            write(ww, users.userIndex(), newItems, recs);
            ww.flush();
          });
    }
    err.flush();
    return 0;
  }

  private int recommendForText(Recommender model, PrintWriter err)
      throws IOException, DataFormatException {
    if (!(model instanceof dev.flm.text.ColdStartScorer cs)) {
      throw new UserException(
          "model '"
              + model.type()
              + "' cannot score a user from text; train one with --model text");
    }
    if (userText.isBlank()) {
      throw new UserException("--user-text is empty");
    }
    IdIndex items = model.itemIndex();
    BitSet allowed = candidates == null ? null : readCandidates(candidates, items, err);
    float[] scores = new float[items.size()];
    cs.scoreUserText(userText, scores);
    Recommendations[] recs = {TopK.select(scores, k, new ItemFilter(allowed, null))};
    IdIndex one = IdIndex.of("text");
    if (out == null) {
      PrintWriter w = spec.commandLine().getOut();
      write(w, one, items, recs);
      w.flush();
    } else {
      AtomicFiles.write(
          out,
          os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
            write(w, one, items, recs);
            w.flush();
          });
      err.println("flm: wrote recommendations for the text user to " + out);
    }
    err.flush();
    return 0;
  }

  private static void write(Writer w, IdIndex users, IdIndex items, Recommendations[] recs)
      throws IOException {
    w.write("user\titem\tscore\n");
    for (int u = 0; u < recs.length; u++) {
      String uid = users.idOf(u);
      Recommendations r = recs[u];
      for (int j = 0; j < r.size(); j++) {
        w.write(uid);
        w.write('\t');
        w.write(items.idOf(r.items()[j]));
        w.write('\t');
        w.write(formatScore(r.scores()[j]));
        w.write('\n');
      }
    }
  }

  /** A score without exponent notation, as short as round-tripping allows. */
  static String formatScore(float s) {
    String t = Float.toString(s);
    if (t.indexOf('E') >= 0 && Float.isFinite(s)) {
      return new BigDecimal(t).toPlainString();
    }
    return t;
  }

  /** Reads item ids, one per line; ids unknown to the model are reported and skipped. */
  static BitSet readCandidates(Path file, IdIndex items, PrintWriter err)
      throws IOException, DataFormatException {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file, 0, null, "no such file");
    }
    BitSet set = new BitSet(items.size());
    List<String> unknown = new ArrayList<>();
    long unknownCount = 0;
    long line = 0;
    byte[] bytes = Files.readAllBytes(file);
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    for (int start = 0; start < bytes.length; ) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      line++;
      String raw;
      try {
        raw = utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
      } catch (CharacterCodingException e) {
        throw new DataFormatException(file, line, "item", "not valid UTF-8");
      }
      start = end + 1;
      String id = raw.strip();
      if (line == 1 && id.startsWith("\uFEFF")) {
        id = id.substring(1);
      }
      if (id.isEmpty() || id.startsWith("#")) {
        continue;
      }
      if (id.indexOf('\t') >= 0 || id.indexOf(',') >= 0) {
        throw new DataFormatException(
            file, line, "item", "expected one item id per line; got '" + raw + "'");
      }
      int i = items.indexOf(id);
      if (i < 0) {
        unknownCount++;
        if (unknown.size() < 5) {
          unknown.add(id);
        }
      } else {
        set.set(i);
      }
    }
    if (set.isEmpty()) {
      throw new DataFormatException(
          file, 0, null, "no candidate item is known to the model (" + unknownCount + " unknown)");
    }
    if (unknownCount > 0) {
      err.println(
          "flm: "
              + unknownCount
              + " candidate ids are not in the model's catalogue and were skipped, e.g. "
              + unknown);
    }
    return set;
  }
}
