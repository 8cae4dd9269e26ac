package dev.flm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.data.Dataset;
import dev.flm.data.DemoData;
import java.io.PrintWriter;
import java.io.StringWriter;
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

  record Run(int code, String out, String err) {}

  static Run flm(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void writeData() throws Exception {
    Dataset demo = DemoData.generate(new DemoData.Config(60, 80, 8, 3));
    DemoData.write(demo, dir.resolve("demo"));
    ratings = dir.resolve("demo/ratings.tsv");
    items = dir.resolve("demo/items.tsv");
  }

  @Test
  void trainsAVersionedFlmFolderAndRecommendsNewItemsAndForTextUsers() throws Exception {
    Path model = dir.resolve("flm-model");
    Run t =
        flm(
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
            "epochs=3",
            "--out",
            model.toString());
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(model.resolve("model.json")).isRegularFile();
    assertThat(model.resolve("training-curve.png")).isRegularFile();
    String manifest = Files.readString(model.resolve("model.json"));
    assertThat(manifest)
        .contains("\"type\" : \"flm\"")
        .contains("flm.arrays")
        .contains("val_ndcg@10");

    Run r =
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

    Run u = flm("recommend", "--model", model.toString(), "--user-text", "loves space", "-k", "3");
    assertThat(u.code()).as(u.err()).isZero();
    assertThat(u.out().split("\n")).hasSize(4);
  }
}
