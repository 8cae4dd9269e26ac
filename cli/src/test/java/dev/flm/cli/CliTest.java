package dev.flm.cli;

import static dev.flm.cli.CliRun.flm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flm.data.DemoData;
import dev.flm.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the CLI as a user would, on small generated data in a temporary folder. */
class CliTest {

  @TempDir static Path dir;
  static Path ratings;
  static Path items;

  @BeforeAll
  static void writeData() throws Exception {
    Path demo = CliRun.writeDemo(dir, new DemoData.Config(150, 200, 15, 3));
    ratings = demo.resolve("ratings.tsv");
    items = demo.resolve("items.tsv");
  }

  @Test
  void splitTrainRecommendEvaluate() throws Exception {
    Path split = dir.resolve("split");
    CliRun s =
        flm("data", "split", "--interactions", ratings.toString(), "--out", split.toString());
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(split.resolve("train.tsv")).exists();
    assertThat(split.resolve("test.tsv")).exists();
    assertThat(Files.readAllLines(split.resolve("train.tsv")).get(0))
        .isEqualTo("user\titem\trating\ttimestamp");

    Path model = dir.resolve("models/pop");
    CliRun t =
        flm(
            "train",
            "--model",
            "mostpop",
            "--train",
            split.resolve("train.tsv").toString(),
            "--items",
            items.toString(),
            "--out",
            model.toString(),
            "--seed",
            "7");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(model.resolve("model.json")).exists();
    assertThat(t.out()).contains("200 items");

    Path recs = dir.resolve("recs.tsv");
    CliRun r =
        flm(
            "recommend",
            "--model",
            model.toString(),
            "--users-from",
            split.resolve("train.tsv").toString(),
            "-k",
            "5",
            "--exclude-seen",
            "--out",
            recs.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(recs, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo("user\titem\tscore");
    Map<String, Set<String>> seen = new HashMap<>();
    for (String l : Files.readAllLines(split.resolve("train.tsv")).subList(1, countLines(split))) {
      String[] f = l.split("\t");
      seen.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
    }
    Map<String, List<Float>> perUser = new HashMap<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split("\t");
      assertThat(f).hasSize(3);
      assertThat(seen.get(f[0])).doesNotContain(f[1]);
      perUser.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Float.parseFloat(f[2]));
    }
    assertThat(perUser).hasSize(seen.size());
    for (List<Float> scores : perUser.values()) {
      assertThat(scores).hasSize(5);
      for (int j = 1; j < scores.size(); j++) {
        assertThat(scores.get(j)).isLessThanOrEqualTo(scores.get(j - 1));
      }
    }

    Path cands = dir.resolve("cands.txt");
    Files.writeString(cands, "# two items and one unknown\n1\n2\nno-such-item\n");
    CliRun c =
        flm(
            "recommend",
            "--model",
            model.toString(),
            "--users-from",
            split.resolve("test.tsv").toString(),
            "-k",
            "20",
            "--candidates",
            cands.toString());
    assertThat(c.code()).as(c.err()).isZero();
    assertThat(c.err()).contains("1 candidate ids are not in the model's catalogue");
    List<String> rows = c.out().lines().skip(1).toList();
    assertThat(rows).isNotEmpty();
    assertThat(rows).allSatisfy(l -> assertThat(l.split("\t")[1]).isIn("1", "2"));

    Path newUser = dir.resolve("new-user.tsv");
    Files.writeString(newUser, "user\titem\nnewbie\t1\nnewbie\t2\n");
    CliRun n =
        flm(
            "recommend",
            "--model",
            model.toString(),
            "--users-from",
            newUser.toString(),
            "-k",
            "3",
            "--exclude-seen");
    assertThat(n.code()).as(n.err()).isZero();
    assertThat(n.err()).contains("1 of 1 users are not in the model");
    List<String> newRows = n.out().lines().skip(1).toList();
    assertThat(newRows).hasSize(3);
    assertThat(newRows)
        .allSatisfy(
            l -> {
              assertThat(l.split("\t")[0]).isEqualTo("newbie");
              assertThat(l.split("\t")[1]).isNotIn("1", "2");
            });

    Path badCands = dir.resolve("bad-cands.txt");
    Files.write(badCands, new byte[] {'1', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    CliRun bc =
        flm(
            "recommend",
            "--model",
            model.toString(),
            "--users-from",
            newUser.toString(),
            "--candidates",
            badCands.toString());
    assertThat(bc.code()).isEqualTo(1);
    assertThat(bc.errLines()).hasSize(1);
    assertThat(bc.errLines().get(0)).contains("bad-cands.txt:2").contains("not valid UTF-8");

    Path report = dir.resolve("report");
    CliRun e =
        flm(
            "evaluate",
            "--interactions",
            ratings.toString(),
            "--protocol",
            "user-temporal",
            "--models",
            "mostpop,random",
            "--bootstrap",
            "50",
            "--out",
            report.toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("ndcg@10").contains("mostpop").contains("random");
    assertThat(e.out()).contains("report: " + report.toAbsolutePath().normalize());
    assertThat(report.resolve("report.md")).exists();
    assertThat(report.resolve("metric-ndcg_at_10.png")).exists();
    assertThat(Files.readString(report.resolve("report.md")))
        .contains("| command | flm evaluate --interactions " + ratings)
        .contains("--models mostpop,random --bootstrap 50");
    JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
    double pop = 0;
    double rnd = 0;
    for (JsonNode m : json.get("models")) {
      double ndcg = m.get("metrics").get("ndcg@10").get("mean").asDouble();
      if (m.get("name").asText().equals("mostpop")) {
        pop = ndcg;
      } else {
        rnd = ndcg;
      }
    }
    assertThat(pop).isGreaterThan(rnd);
  }

  private static int countLines(Path split) throws Exception {
    return Files.readAllLines(split.resolve("train.tsv")).size();
  }

  @Test
  void malformedRowIsOneLineNamingFileLineAndField() throws Exception {
    Path bad = dir.resolve("bad.tsv");
    Files.writeString(bad, "user\titem\trating\ttimestamp\n1\t2\t4\t100\n1\t3\tfive\t200\n");
    CliRun r =
        flm(
            "train",
            "--model",
            "mostpop",
            "--train",
            bad.toString(),
            "--out",
            dir.resolve("m").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0))
        .startsWith("flm: error: ")
        .contains("bad.tsv:3")
        .contains("rating");
    assertThat(dir.resolve("m")).doesNotExist();

    CliRun skipped =
        flm(
            "train",
            "--model",
            "mostpop",
            "--train",
            bad.toString(),
            "--skip-bad-rows",
            "--out",
            dir.resolve("m").toString());
    assertThat(skipped.code()).as(skipped.err()).isZero();
    assertThat(skipped.err()).contains("skipped 1 malformed rows").contains("bad.tsv:3");
  }

  @Test
  void otherMistakesAreOneLineWithNonZeroExit() {
    CliRun unknownModel =
        flm(
            "train",
            "--model",
            "nosuch",
            "--train",
            ratings.toString(),
            "--out",
            dir.resolve("x").toString());
    assertThat(unknownModel.code()).isEqualTo(1);
    assertThat(unknownModel.errLines())
        .containsExactly(
            "flm: error: unknown model 'nosuch'; known models: " + dev.flm.model.ModelType.names());

    CliRun missing = flm("data", "stats", "--interactions", dir.resolve("absent.csv").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.errLines()).hasSize(1);
    assertThat(missing.errLines().get(0)).contains("absent.csv");

    CliRun badParam =
        flm(
            "train",
            "--model",
            "mostpop",
            "--train",
            ratings.toString(),
            "--param",
            "nope=1",
            "--out",
            dir.resolve("x").toString());
    assertThat(badParam.code()).isEqualTo(1);
    assertThat(badParam.errLines()).hasSize(1);
    assertThat(badParam.errLines().get(0)).contains("nope");

    CliRun usage = flm("recommend", "--model", "m", "--users-from", "u", "--bogus");
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.errLines())
        .containsExactly("flm: error: Unknown option: '--bogus' (see 'flm recommend --help')");

    CliRun verbose =
        flm("--verbose", "data", "stats", "--interactions", dir.resolve("absent.csv").toString());
    assertThat(verbose.code()).isEqualTo(1);
    assertThat(verbose.err()).contains("\tat ");
  }

  @Test
  void everyCommandHasHelp() {
    List<String[]> paths = new ArrayList<>();
    collect(Main.commandLine(), new ArrayList<>(), paths);
    assertThat(paths.size()).isGreaterThanOrEqualTo(8);
    for (String[] p : paths) {
      String[] args = java.util.Arrays.copyOf(p, p.length + 1);
      args[p.length] = "--help";
      CliRun r = flm(args);
      assertThat(r.code()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).as(String.join(" ", args)).contains("Usage: flm");
    }
  }

  private static void collect(CommandLine cl, List<String> prefix, List<String[]> out) {
    out.add(prefix.toArray(new String[0]));
    for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      List<String> p = new ArrayList<>(prefix);
      p.add(e.getKey());
      collect(e.getValue(), p, out);
    }
  }

  @Test
  void cleanReportsEachStepAndWritesATrainFile() throws Exception {
    Path out = dir.resolve("clean/ratings.tsv");
    CliRun r =
        flm(
            "data",
            "clean",
            "--interactions",
            ratings.toString(),
            "--min-rating",
            "4",
            "--k-core",
            "3",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("threshold").contains("k-core").contains("kept ");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0)).startsWith("user\titem");
    assertThat(lines.size()).isGreaterThan(10);
  }

  @Test
  void modelsListsTheBaselines() {
    CliRun r = flm("models");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("mostpop").contains("random");
  }

  @Test
  void quickstartOnDemoDataPrintsTableAndReport() {
    Path out = dir.resolve("qs");
    CliRun r = flm("quickstart", "--models", "random,mostpop", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("synthetic demo data").contains("ndcg@10").contains("mostpop");
    assertThat(r.out()).contains("report: " + out.toAbsolutePath().normalize());
    assertThat(out.resolve("report.json")).exists();
    assertThat(out.resolve("demo-data/ratings.tsv")).exists();
  }

  @Test
  void statsOnMovieLensLatestSmall() {
    Path ml = TestData.requireMlLatestSmall();
    CliRun r = flm("data", "stats", "--data", ml.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("users:\\s+610\\b");
    assertThat(r.out()).containsPattern("interactions:\\s+100836\\b");
    assertThat(r.out()).contains("9742 in the catalogue, 9724 with interactions");
  }
}
