package dev.flm.cli;

import static dev.flm.cli.CliRun.flm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.data.DemoData;
import dev.flm.testing.NoDesktopJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --model flm, then cold-start recommendations from item and user text, as a user runs them.
 */
class FlmCommandsTest {
  @TempDir static Path dir;
  static Path ratings;
  static Path items;

  @BeforeAll
  static void writeData() throws Exception {
    Path demo = CliRun.writeDemo(dir, new DemoData.Config(60, 80, 8, 3));
    ratings = demo.resolve("ratings.tsv");
    items = demo.resolve("items.tsv");
  }

  /** {@code flm train} of a small FLM (hashing encoder, 8 factors) on the demo data. */
  static String[] trainSmallFlm(Path out, int epochs) {
    return new String[] {
      "train",
      "--model",
      "flm",
      "--train",
      ratings.toString(),
      "--items",
      items.toString(),
      "-p",
      "encoder=hashing-64",
      "-p",
      "dim=8",
      "-p",
      "epochs=" + epochs,
      "--out",
      out.toString()
    };
  }

  @Test
  void trainsAVersionedFlmFolderAndRecommendsNewItemsAndForTextUsers() throws Exception {
    Path model = dir.resolve("flm-model");
    CliRun t = flm(trainSmallFlm(model, 3));
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(model.resolve("model.json")).isRegularFile();
    assertThat(model.resolve("training-curve.png")).isRegularFile();
    String manifest = Files.readString(model.resolve("model.json"));
    assertThat(manifest)
        .contains("\"type\" : \"flm\"")
        .contains("flm.arrays")
        .contains("val_ndcg@10");

    CliRun r =
        flm(
            "recommend",
            "--model",
            model.toString(),
            "--users-from",
            ratings.toString(),
            "--item-text",
            "A space adventure",
            "--item-text",
            "A quiet romance",
            "-k",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).isEqualTo("user\titem\tscore");
    assertThat(lines[1]).containsPattern("\tnew-[12]\t");
    assertThat(lines.length).isEqualTo(1 + 2 * 60);

    CliRun u =
        flm("recommend", "--model", model.toString(), "--user-text", "loves space", "-k", "3");
    assertThat(u.code()).as(u.err()).isZero();
    assertThat(u.out().split("\n")).hasSize(4);
  }

  @Test
  void onARuntimeThatCannotDrawTrainAndEvaluateWarnAndKeepTheirResults() throws Exception {
    Path model = dir.resolve("flm-no-desktop");
    NoDesktopJvm.Result t = NoDesktopJvm.run(Main.class, trainSmallFlm(model, 2));
    assertThat(t.exitCode()).as(t.output()).isZero();
    assertThat(t.output()).contains("flm: warning: the training curve was not drawn");
    assertThat(model.resolve("model.json")).isRegularFile();
    assertThat(model.resolve("training-curve.png")).doesNotExist();

    Path report = dir.resolve("report-no-desktop");
    NoDesktopJvm.Result e =
        NoDesktopJvm.run(
            Main.class,
            "evaluate",
            "--interactions",
            ratings.toString(),
            "--protocol",
            "user-temporal",
            "--models",
            "mostpop",
            "--bootstrap",
            "0",
            "--out",
            report.toString());
    assertThat(e.exitCode()).as(e.output()).isZero();
    assertThat(e.output())
        .contains("flm: warning: the report in " + report + " has no charts")
        .contains("report: " + report.toAbsolutePath().normalize());
    assertThat(Files.readString(report.resolve("report.md"))).contains("| mostpop |");
    assertThat(report.resolve("metric-ndcg_at_10.png")).doesNotExist();
  }
}
