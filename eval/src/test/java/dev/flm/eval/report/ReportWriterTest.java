package dev.flm.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flm.data.Dataset;
import dev.flm.eval.EvaluationResult;
import dev.flm.eval.Evaluator;
import dev.flm.eval.TrainingHistory;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import dev.flm.split.CandidateRule;
import dev.flm.split.Split;
import dev.flm.split.SplitProtocol;
import dev.flm.testing.NoDesktopJvm;
import dev.flm.testing.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @TempDir Path tmp;

  static EvaluationResult evaluate(CandidateRule rule) {
    Dataset d = SyntheticData.generate(80, 50, 15, 3);
    Split s = SplitProtocol.userTemporal(0.2).split(d);
    TrainingData td = TrainingData.of(s.train(), 5);
    Recommender pop = ModelType.named("mostpop").trainer(Params.empty()).train(td);
    Recommender rnd = ModelType.named("random").trainer(Params.empty()).train(td);
    TrainingHistory h = new TrainingHistory();
    h.onEpoch(1, 3, 0.9, Map.of("ndcg@10", 0.1));
    h.onEpoch(2, 3, 0.6, Map.of("ndcg@10", 0.15));
    h.onEpoch(3, 3, 0.5, Map.of("ndcg@10", 0.16));
    Recommender curved =
        new Recommender() {
          @Override
          public String type() {
            return pop.type();
          }

          @Override
          public dev.flm.data.IdIndex userIndex() {
            return pop.userIndex();
          }

          @Override
          public dev.flm.data.IdIndex itemIndex() {
            return pop.itemIndex();
          }

          @Override
          public void score(int user, float[] out) {
            pop.score(user, out);
          }

          @Override
          public dev.flm.model.Provenance provenance() {
            return pop.provenance().withHistory(h.history());
          }
        };
    Evaluator.Builder b =
        Evaluator.builder(s).model("mostpop", pop).model("random", rnd).model("curved", curved);
    if (rule != null) {
      b.candidates(rule);
    }
    return b.bootstrap(100, 9).run();
  }

  @Test
  void writesJsonMarkdownChartsAndProvenance() throws Exception {
    EvaluationResult r = evaluate(null);
    List<Path> files = ReportWriter.write(r, tmp, Map.of("command", "flm evaluate --test"));
    assertThat(files.get(0).getFileName().toString()).isEqualTo("report.md");
    assertThat(tmp.resolve("report.json")).isRegularFile();
    assertThat(tmp.resolve("per-user.tsv")).isRegularFile();
    for (String m : r.metrics()) {
      Path png = tmp.resolve("metric-" + m.replace("@", "_at_") + ".png");
      assertThat(png).isRegularFile();
      byte[] head = Files.readAllBytes(png);
      assertThat(head[1]).isEqualTo((byte) 'P');
      assertThat(head[2]).isEqualTo((byte) 'N');
    }
    assertThat(tmp.resolve("training-curved.png")).isRegularFile();
    assertThat(tmp.resolve("training-mostpop.png")).doesNotExist();

    String md = Files.readString(tmp.resolve("report.md"));
    assertThat(md)
        .contains("| model | ndcg@10 | recall@10 |")
        .contains("| mostpop | " + ReportWriter.cell(r.model("mostpop").metrics().get("ndcg@10")))
        .contains(r.dataFingerprint())
        .contains("user-temporal(test=0.2")
        .contains("all rated items not in the user's train")
        .contains("flm evaluate --test")
        .contains("## Paired comparisons")
        .doesNotContain("Sampled ranking");

    JsonNode j = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
    assertThat(j.path("provenance").path("dataFingerprint").asText())
        .isEqualTo(r.dataFingerprint());
    assertThat(j.path("provenance").path("seed").asLong()).isEqualTo(9);
    assertThat(j.path("provenance").path("flmVersion").asText()).isNotBlank();
    JsonNode ndcg = j.path("models").get(0).path("metrics").path("ndcg@10");
    assertThat(ndcg.path("mean").asDouble()).isEqualTo(r.model("mostpop").mean("ndcg@10"));
    assertThat(ndcg.path("ciLow").asDouble()).isLessThanOrEqualTo(ndcg.path("mean").asDouble());
    assertThat(j.path("models").get(0).path("metrics").path("coverage@10").path("ciLow").isNull())
        .isTrue();
    assertThat(j.path("models").get(2).path("provenance").path("history").path("loss").size())
        .isEqualTo(3);

    List<String> tsv = Files.readAllLines(tmp.resolve("per-user.tsv"));
    assertThat(tsv.get(0)).startsWith("model\tuser\tndcg@10");
    assertThat(tsv).hasSize(1 + 3 * r.users().size());
  }

  @Test
  void sampledRankingIsLabelled() throws Exception {
    EvaluationResult r = evaluate(CandidateRule.sampled(20, 1));
    ReportWriter.write(r, tmp);
    assertThat(Files.readString(tmp.resolve("report.md")))
        .contains("Sampled ranking")
        .contains("SAMPLED");
    JsonNode j = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
    assertThat(j.path("provenance").path("sampled").asBoolean()).isTrue();
  }

  @Test
  void aRuntimeThatCannotDrawGetsTheTextFilesAndAWarning() throws Exception {
    NoDesktopJvm.Result run = NoDesktopJvm.run(WriteReport.class, tmp.toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("desktop: false")
        .contains("WARNING the report in " + tmp + " has no charts: they were not drawn (")
        .contains("java/awt")
        .contains("files: report.md report.json per-user.tsv\n");
    assertThat(Files.readString(tmp.resolve("report.md")))
        .contains("| model | ndcg@10 | recall@10 |")
        .contains("The charts were not drawn")
        .doesNotContain(".png");
    assertThat(new ObjectMapper().readTree(tmp.resolve("report.json").toFile()).path("models"))
        .hasSize(3);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("report.md", "report.json", "per-user.tsv");
    }
  }

  /** Child-JVM entry point of the test above: writes a report into {@code args[0]}. */
  public static final class WriteReport {
    public static void main(String[] args) throws Exception {
      System.out.println("desktop: " + ModuleLayer.boot().findModule("java.desktop").isPresent());
      List<String> names = new ArrayList<>();
      for (Path f :
          ReportWriter.write(
              evaluate(null),
              Path.of(args[0]),
              Map.of(),
              m -> System.out.println("WARNING " + m))) {
        names.add(f.getFileName().toString());
      }
      System.out.println("files: " + String.join(" ", names));
    }
  }
}
