package dev.flm.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local model folders built from the bundled artifacts, and every kind of bad input. */
class LocalFolderAndBadInputTest {
  @TempDir static Path tmp;
  static Path bundled;

  @BeforeAll
  static void extract() throws IOException {
    bundled = ModelCatalogue.extract(ModelCatalogue.entry("all-minilm-l6-v2-q"));
  }

  /** An Optimum-style export folder of the bundled int8 MiniLM, pooling as given. */
  static Path folder(String name, String pooling) throws IOException {
    Path f = tmp.resolve(name);
    Files.createDirectories(f.resolve("1_Pooling"));
    Files.copy(bundled.resolve("model.onnx"), f.resolve("model.onnx"));
    Files.copy(bundled.resolve("tokenizer.json"), f.resolve("tokenizer.json"));
    Files.writeString(
        f.resolve("config.json"),
        "{\"model_type\": \"bert\", \"hidden_size\": 384, \"max_position_embeddings\": 512}");
    if (pooling != null) {
      Files.writeString(
          f.resolve("1_Pooling/config.json"),
          "{\"word_embedding_dimension\": 384, \"pooling_mode_cls_token\": "
              + pooling.equals("cls")
              + ", \"pooling_mode_mean_tokens\": "
              + pooling.equals("mean")
              + "}");
    }
    Files.writeString(f.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 256}");
    return f;
  }

  @Test
  void localFolderEncodesLikeTheCatalogueModel() throws Exception {
    Path f = folder("minilm-mean", "mean");
    List<String> texts = List.of("The weather is lovely today.", "He drove to the stadium.");
    try (OnnxEncoder local = ModelCatalogue.open(f.toString());
        OnnxEncoder cat = ModelCatalogue.open("all-minilm-l6-v2-q")) {
      assertThat(local.id()).startsWith("local:minilm-mean@").isNotEqualTo(cat.id());
      assertThat(local.maxLength()).isEqualTo(256);
      float[][] a = local.encode(texts);
      float[][] b = cat.encode(texts);
      for (int i = 0; i < texts.size(); i++) {
        for (int d = 0; d < 384; d++) {
          assertThat(a[i][d]).isCloseTo(b[i][d], within(1e-6f));
        }
      }
    }
    try (OnnxEncoder cls = ModelCatalogue.open(folder("minilm-cls", "cls").toString())) {
      assertThat(cls.spec().pooling()).isEqualTo(Pooling.CLS);
      assertThat(cls.id()).contains("/cls");
    }
  }

  @Test
  void missingFolderAndFilesAreNamed() throws Exception {
    Path none = tmp.resolve("no-such-model");
    assertThatThrownBy(() -> ModelCatalogue.open(none.toString()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(none.toString())
        .hasMessageContaining("not found");
    Path f = folder("no-tokenizer", "mean");
    Files.delete(f.resolve("tokenizer.json"));
    assertThatThrownBy(() -> ModelCatalogue.open(f.toString()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(f.resolve("tokenizer.json").toString());
    Path g = folder("no-config", null);
    Files.delete(g.resolve("config.json"));
    assertThatThrownBy(() -> ModelCatalogue.open(g.toString()))
        .hasMessageContaining(g.resolve("config.json").toString());
  }

  @Test
  void wrongGraphInputsAreReportedWithTheFile() throws Exception {
    Path f = folder("wrong-inputs", "mean");
    Files.write(f.resolve("model.onnx"), OnnxTestModels.identity("pixel_values", 4));
    assertThatThrownBy(() -> ModelCatalogue.open(f.toString()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(f.resolve("model.onnx").toString())
        .hasMessageContaining("no input 'input_ids'")
        .hasMessageContaining("pixel_values");
    Files.write(f.resolve("model.onnx"), OnnxTestModels.identity("input_ids", 3));
    assertThatThrownBy(() -> ModelCatalogue.open(f.toString()))
        .hasMessageContaining(f.resolve("model.onnx").toString());
    Files.writeString(f.resolve("model.onnx"), "this is not an ONNX file");
    assertThatThrownBy(() -> ModelCatalogue.open(f.toString()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(f.resolve("model.onnx").toString())
        .hasMessageContaining("ONNX Runtime cannot load it");
  }

  @Test
  void emptyLongAndBrokenTextsAreHandledAndCounted() throws Exception {
    try (OnnxEncoder enc = ModelCatalogue.open("all-minilm-l6-v2-q")) {
      String longText = "word ".repeat(2000);
      String broken = "bad \uD800 surrogate and nul \u0000 char";
      Encoded e = enc.encodeWithReport(List.of("", "  ", longText, broken, "fine"), Role.PASSAGE);
      EncodeReport r = e.report();
      assertThat(r.texts()).isEqualTo(5);
      assertThat(r.empty()).isEqualTo(2);
      assertThat(r.truncated()).isEqualTo(1);
      assertThat(r.repaired()).isEqualTo(1);
      assertThat(r.encoded()).isEqualTo(3);
      assertThat(e.vectors()[0]).containsOnly(0f);
      assertThat(Vectors.dot(e.vectors()[2], e.vectors()[2])).isCloseTo(1f, within(1e-4f));
      assertThat(Vectors.dot(e.vectors()[3], e.vectors()[3])).isCloseTo(1f, within(1e-4f));
      assertThat(r.realTokens()).isLessThanOrEqualTo(256 + 40);
      assertThat(r.summary()).contains("1 truncated", "2 empty", "1 repaired");
      // a truncated text is its first 256 tokens (each alone: int8 models quantise per batch)
      float[] head = enc.encode("word ".repeat(254), Role.PASSAGE);
      assertThat(Vectors.cosine(head, enc.encode(longText, Role.PASSAGE))).isGreaterThan(0.99999);
      assertThat(enc.tokenize(List.of(longText)).length(0)).isEqualTo(256);
    }
  }

  @Test
  void closedEncoderRefusesWork() throws Exception {
    OnnxEncoder enc = ModelCatalogue.open("all-minilm-l6-v2-q");
    enc.close();
    enc.close();
    assertThatThrownBy(() -> enc.encode(List.of("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void batchingPadsOnlyToEachBatchsLongest() {
    long[][] ids = new long[10][];
    int[] lens = {5, 50, 7, 9, 48, 6, 5, 51, 8, 5};
    for (int i = 0; i < ids.length; i++) {
      ids[i] = new long[lens[i]];
    }
    OnnxEncoder.Tokens t = new OnnxEncoder.Tokens(ids, ids, new boolean[ids.length]);
    List<int[]> plan = OnnxEncoder.plan(t, 120, 256);
    int seen = 0;
    for (int[] b : plan) {
      int max = Arrays.stream(b).map(i -> lens[i]).max().orElseThrow();
      assertThat(b.length * max).isLessThanOrEqualTo(120);
      assertThat(max).isEqualTo(lens[b[0]]);
      seen += b.length;
    }
    assertThat(seen).isEqualTo(10);
    assertThat(plan.get(0)).containsExactly(7, 1);
  }
}
