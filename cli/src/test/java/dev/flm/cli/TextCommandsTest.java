package dev.flm.cli;

import static dev.flm.cli.CliRun.flm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.data.DemoData;
import dev.flm.text.VectorFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** encode, train --model text, similar-items and recommend --user-text as a user runs them. */
class TextCommandsTest {
  @TempDir static Path dir;
  static Path ratings;
  static Path items;

  @BeforeAll
  static void writeData() throws Exception {
    System.setProperty("flm.cache.dir", dir.resolve("cache").toString());
    Path demo = CliRun.writeDemo(dir, new DemoData.Config(60, 80, 8, 3));
    ratings = demo.resolve("ratings.tsv");
    items = demo.resolve("items.tsv");
  }

  @Test
  void encodeWritesVectorsAndReusesTheCache() throws Exception {
    Path texts = dir.resolve("texts.txt");
    Files.writeString(texts, "The weather is lovely today.\n\nHe drove to the stadium.\n");
    Path out = dir.resolve("v.npy");
    CliRun a =
        flm(
            "encode",
            "--encoder",
            "all-minilm-l6-v2-q",
            "--texts",
            texts.toString(),
            "--out",
            out.toString());
    assertThat(a.code()).as(a.err()).isZero();
    assertThat(a.err()).contains("3 texts (2 encoded, 0 from cache)").contains(texts + ":[2]");
    float[][] v = VectorFiles.read(out);
    assertThat(v).hasDimensions(3, 384);
    assertThat(v[1]).containsOnly(0f);
    CliRun b =
        flm(
            "encode",
            "--encoder",
            "all-minilm-l6-v2-q",
            "--texts",
            texts.toString(),
            "--out",
            dir.resolve("v.flmv").toString());
    assertThat(b.err()).contains("(0 encoded, 2 from cache)");
    assertThat(VectorFiles.read(dir.resolve("v.flmv"))).isDeepEqualTo(v);
    CliRun c =
        flm(
            "encode",
            "--no-cache",
            "--encoder",
            "all-minilm-l6-v2-q",
            "--texts",
            texts.toString(),
            "--out",
            out.toString());
    assertThat(c.err()).contains("(2 encoded, 0 from cache)");
  }

  @Test
  void encodeRejectsInvalidUtf8AndUnknownEncoders() throws Exception {
    Path bad = dir.resolve("bad.txt");
    Files.write(bad, new byte[] {'o', 'k', '\n', 'b', (byte) 0xC3, '(', '\n'});
    CliRun r = flm("encode", "--texts", bad.toString(), "--out", dir.resolve("x.npy").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(bad + ":2").contains("invalid UTF-8");
    Path ok = dir.resolve("ok.txt");
    Files.writeString(ok, "x\n");
    CliRun u =
        flm(
            "encode",
            "--encoder",
            "nope",
            "--texts",
            ok.toString(),
            "--out",
            dir.resolve("y.npy").toString());
    assertThat(u.code()).isEqualTo(1);
    assertThat(u.err()).contains("unknown encoder 'nope'");
  }

  @Test
  void trainTextModelThenSimilarItemsAndUserText() throws Exception {
    Path model = dir.resolve("models/text");
    CliRun t =
        flm(
            "train",
            "--model",
            "text",
            "--train",
            ratings.toString(),
            "--items",
            items.toString(),
            "--out",
            model.toString(),
            "-p",
            "encoder=all-minilm-l6-v2-q");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(Files.readString(model.resolve("model.json"))).contains("all-minilm-l6-v2-q@");

    List<String> itemLines = Files.readAllLines(items, StandardCharsets.UTF_8);
    String firstItem = itemLines.get(1).split("\t")[0];
    CliRun s = flm("similar-items", firstItem, "--model", model.toString(), "-k", "4");
    assertThat(s.code()).as(s.err()).isZero();
    List<String> rows = s.out().lines().toList();
    assertThat(rows.get(0)).isEqualTo("item\tscore");
    assertThat(rows).hasSize(5).noneMatch(l -> l.startsWith(firstItem + "\t"));

    CliRun r =
        flm(
            "recommend",
            "--model",
            model.toString(),
            "--user-text",
            "I love mountain hiking",
            "-k",
            "3");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .hasSize(4)
        .allMatch(l -> l.startsWith("user") || l.startsWith("text\t"));

    CliRun both = flm("recommend", "--model", model.toString());
    assertThat(both.code()).isEqualTo(1);
    assertThat(both.err()).contains("exactly one of --users-from");

    CliRun unknown = flm("similar-items", "no-such-item", "--model", model.toString());
    assertThat(unknown.err()).contains("'no-such-item' is not in the model's catalogue");
  }
}
