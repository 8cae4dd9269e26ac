package dev.flm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flm.data.Dataset;
import dev.flm.data.DemoData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flm tune} end to end on small generated data. */
class TuneCommandTest {
  @TempDir Path dir;

  static int flm(StringWriter out, StringWriter err, String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void gridSearchWritesOneRowPerTrialAndTheBestModel() throws Exception {
    Dataset demo = DemoData.generate(new DemoData.Config(120, 80, 15, 3));
    DemoData.write(demo, dir.resolve("demo"));
    Path out = dir.resolve("tuned");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code =
        flm(
            o,
            e,
            "tune",
            "--model",
            "als",
            "--interactions",
            dir.resolve("demo/ratings.tsv").toString(),
            "--space",
            "factors=4,8;reg=0.1,5",
            "--budget",
            "3",
            "-p",
            "iterations=3",
            "--out",
            out.toString());
    assertThat(code).as(e.toString()).isZero();
    assertThat(o.toString()).contains("trial 1", "trial 3", "best of 3 trials");
    JsonNode json = new ObjectMapper().readTree(out.resolve("tune.json").toFile());
    assertThat(json.path("trials")).hasSize(3);
    assertThat(json.path("spaceSize").asInt()).isEqualTo(4);
    assertThat(json.path("best").path("params").path("iterations").asText()).isEqualTo("3");
    String md = Files.readString(out.resolve("tune.md"));
    assertThat(md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| trial"))).hasSize(3);
    assertThat(out.resolve("model/model.json")).exists();
  }

  @Test
  void outOfRangeSpaceValueFailsBeforeTraining() throws Exception {
    Dataset demo = DemoData.generate(new DemoData.Config(30, 20, 5, 3));
    DemoData.write(demo, dir.resolve("demo"));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code =
        flm(
            o,
            e,
            "tune",
            "--model",
            "bpr",
            "--interactions",
            dir.resolve("demo/ratings.tsv").toString(),
            "--space",
            "lr=0.01,-1",
            "--out",
            dir.resolve("t").toString());
    assertThat(code).isEqualTo(1);
    assertThat(e.toString()).contains("lr must be in", "lr=-1");
  }
}
