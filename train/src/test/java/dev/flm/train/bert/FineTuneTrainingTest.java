package dev.flm.train.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.flm.data.Dataset;
import dev.flm.hybrid.FlmRecommender;
import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import dev.flm.model.TrainingListener;
import dev.flm.testing.SyntheticData;
import dev.flm.text.ModelCatalogue;
import dev.flm.text.OnnxEncoder;
import dev.flm.train.FlmConfig;
import dev.flm.train.FlmTrainer;
import dev.flm.train.ForwardingTextTower;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fine-tuning inside FLM's trainer: loss goes down, the right weights change, export, reuse. */
class FineTuneTrainingTest {
  static final Dataset DATA = SyntheticData.generate(120, 60, 12, 7);

  /** Word-hash tokens of each item's text in the tiny model's vocabulary (1 = [CLS]). */
  static long[][][] hashTokens(Dataset ds) {
    int n = ds.itemIndex().size();
    long[][] ids = new long[n][];
    long[][] types = new long[n][];
    for (int i = 0; i < n; i++) {
      String[] words = ds.items().defaultText(i).toLowerCase(Locale.ROOT).split("\\W+");
      List<Long> t = new ArrayList<>();
      t.add(1L);
      for (String w : words) {
        if (!w.isEmpty() && t.size() < 20) {
          t.add(2L + Math.floorMod(w.hashCode(), 57));
        }
      }
      ids[i] = t.stream().mapToLong(Long::longValue).toArray();
      types[i] = new long[ids[i].length];
    }
    return new long[][][] {ids, types};
  }

  @Test
  void topTwoFineTuningReducesTheLossAndChangesOnlyTheTopLayers() {
    long[][][] tok = hashTokens(DATA);
    BertTextTower[] made = new BertTextTower[1];
    FlmTrainer trainer =
        new FlmTrainer(
                FlmConfig.from(
                    Params.parse(
                        List.of(
                            "dim=8",
                            "epochs=4",
                            "loss=sampled-softmax",
                            "negatives=32",
                            "batch-size=256",
                            "encoder-lr=1e-3",
                            "validation-fraction=0"))))
            .withTextTower(
                (ds, cfg, seed) ->
                    made[0] =
                        new BertTextTower(
                            "tiny",
                            TinyBert.weights(3),
                            BertTextTowerTest.SPEC,
                            tok[0],
                            tok[1],
                            new BertTextTower.Options(FineTuneMode.parse("top-2"), 0.1f, 512, 4)));
    List<Double> losses = new ArrayList<>();
    TrainingListener l = (e, total, loss, metrics) -> losses.add(loss);
    Recommender m = trainer.train(new TrainingData(DATA, null, 3, l, "synthetic"));
    assertThat(losses).hasSize(4);
    assertThat(losses.get(3)).isLessThan(losses.get(0));
    assertThat(made[0].steps()).isGreaterThan(0);
    BertWeights before = TinyBert.weights(3);
    BertWeights after = made[0].weights();
    for (String n : before.tensors().keySet()) {
      boolean same = Arrays.equals(before.tensor(n).data(), after.tensor(n).data());
      int layer = BertWeights.layerOf(n);
      if (layer <= 0) {
        assertThat(same).as(n + " is frozen").isTrue();
      } else if (n.endsWith(".weight") && !n.contains("LayerNorm")) {
        assertThat(same).as(n + " trains").isFalse();
      }
    }
    float[] s = new float[DATA.itemIndex().size()];
    m.score(0, s);
    for (float x : s) {
      assertThat(Float.isFinite(x)).isTrue();
    }
  }

  /**
   * In a full-softmax step the encoder computes a bounded number of rows with gradients: the step's
   * targets ({@code encoder-items-from=targets}), or a label-free random draw from the items in the
   * softmax ({@code catalogue}), so that positives and negatives move alike.
   */
  @ParameterizedTest
  @ValueSource(strings = {"targets", "catalogue"})
  void fullSoftmaxStepsEncodeTheirTargetsOrALabelFreeDrawFromTheCatalogue(String from) {
    long[][][] tok = hashTokens(DATA);
    FineTuneConfig ft =
        FineTuneConfig.from(Params.parse(List.of("fine-tune=top-2", "encoder-items-from=" + from)));
    assertThat(ft.asMap()).containsEntry("encoder-items-from", from);
    List<int[]> current = new ArrayList<>();
    FlmTrainer trainer =
        new FlmTrainer(
                FlmConfig.from(
                    Params.parse(
                        List.of(
                            "dim=8",
                            "epochs=2",
                            "batch-size=2",
                            "encoder-lr=1e-3",
                            "validation-fraction=0"))))
            .withTextTower(
                (ds, cfg, seed) ->
                    new ForwardingTextTower(
                        new BertTextTower(
                            "tiny",
                            TinyBert.weights(3),
                            BertTextTowerTest.SPEC,
                            tok[0],
                            tok[1],
                            new BertTextTower.Options(
                                FineTuneMode.parse("top-2"),
                                0f,
                                512,
                                4,
                                false,
                                1024,
                                ft.currentFromCatalogue()))) {
                      @Override
                      public NDArray forward(
                          NDManager step, int[] items, boolean training, int[] rows) {
                        if (training && items == null) {
                          current.add(rows.clone());
                        }
                        return inner.forward(step, items, training, rows);
                      }
                    });
    trainer.train(TrainingData.of(DATA, 3));
    int[] counts = DATA.interactions().countsPerItem();
    int seen = (int) Arrays.stream(counts).filter(c -> c > 0).count();
    int mostPerUser = Arrays.stream(DATA.interactions().countsPerUser()).max().orElseThrow();
    assertThat(2 * mostPerUser).isLessThan(seen);
    assertThat(current).hasSizeGreaterThan(2);
    for (int[] c : current) {
      for (int i : c) {
        assertThat(counts[i]).as("item %d has training events", i).isPositive();
      }
      assertThat(Arrays.stream(c).distinct().count()).isEqualTo(c.length);
      if (from.equals("catalogue")) {
        // Every item in the softmax, in a fresh random order each step.
        assertThat(c).hasSize(seen);
      } else {
        // Only the step's positives: at most the two users' items.
        assertThat(c.length).isLessThanOrEqualTo(2 * mostPerUser);
      }
    }
    if (from.equals("catalogue")) {
      assertThat(current.get(0)).isNotEqualTo(current.get(1));
    }
  }

  @Test
  void fineTunedEncoderIsSavedInTheModelFolderAndReusedByInitFrom(@TempDir Path tmp)
      throws Exception {
    ModelType type = ModelType.named("flm");
    List<String> common =
        List.of(
            "dim=8",
            "epochs=1",
            "batch-size=512",
            "negatives=64",
            "max-tokens=16",
            "encoder-lr=5e-4",
            "validation-fraction=0");
    List<String> p = new ArrayList<>(common);
    p.add("fine-tune=top-1");
    Recommender m = type.trainer(Params.parse(p)).train(TrainingData.of(DATA, 4));
    Path dir = tmp.resolve("model");
    ModelFolder f = ModelFolder.create(dir);
    type.save(m, f);
    f.commit("flm", m.provenance());
    Path enc = dir.resolve(BertTextTower.ENCODER_DIR);
    assertThat(enc.resolve("model.onnx")).isRegularFile();
    assertThat(enc.resolve("flm-encoder.json")).isRegularFile();
    ModelFolder.open(dir); // checksums of the encoder files verify

    List<String> texts = List.of(DATA.items().defaultText(0), DATA.items().defaultText(5));
    float[][] tuned;
    float[][] base;
    try (OnnxEncoder served =
            ModelCatalogue.openFolder(enc, OnnxEncoder.Options.defaults().withThreads(2, 1));
        OnnxEncoder original = BundledModels.onnxEncoder("all-minilm-l6-v2")) {
      tuned = served.encode(texts);
      base = original.encode(texts);
    }
    assertThat(BertParityTest.maxDiff(tuned, base)).isGreaterThan(1e-5);

    // Cold start from a loaded folder (`flm recommend --item-text`) encodes with the tuned encoder.
    FlmRecommender loaded = (FlmRecommender) type.load(ModelFolder.open(dir));
    dev.flm.text.ColdStartScorer cold =
        (dev.flm.text.ColdStartScorer) dev.flm.train.FlmColdStart.adapt(loaded, dir);
    float[] scored = cold.scoreNewItems(0, List.of(texts.get(1)));
    float expected = loaded.score(loaded.knownUserVector(0), loaded.coldItem(tuned[1], null));
    float withBase = loaded.score(loaded.knownUserVector(0), loaded.coldItem(base[1], null));
    assertThat(scored[0]).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-4f));
    assertThat(Math.abs(expected - withBase)).isGreaterThan(1e-6f);

    List<String> again = new ArrayList<>(common);
    again.add("init-from=" + dir);
    Params p2 = Params.parse(again);
    BertTowerFactory factory = new BertTowerFactory(FineTuneConfig.from(p2));
    FlmTrainer t = new FlmTrainer(FlmConfig.from(p2)).withTextTower(factory);
    FlmRecommender second = (FlmRecommender) t.train(TrainingData.of(DATA, 5));
    // Its provenance names the model folder the encoder came from, not just "encoder".
    assertThat(second.encoder()).startsWith("model/encoder (fine-tune none)");
    assertThat(factory.lastSource().weights().tensor("encoder.layer.5.output.dense.weight").data())
        .isEqualTo(
            BertWeights.fromOnnx(dev.flm.text.onnx.OnnxModel.read(enc.resolve("model.onnx")))
                .tensor("encoder.layer.5.output.dense.weight")
                .data());
    // Through the model type (as `flm train --init-from`): the projections start from the saved
    // model's, and stay there with a zero projection learning rate.
    List<String> frozenProjections = new ArrayList<>(again);
    frozenProjections.add("projection-lr=0");
    FlmRecommender third =
        (FlmRecommender)
            type.trainer(Params.parse(frozenProjections)).train(TrainingData.of(DATA, 6));
    FlmRecommender saved = (FlmRecommender) type.load(ModelFolder.open(dir));
    assertThat(third.parts().itemTextProj()).containsExactly(saved.parts().itemTextProj());
    assertThat(third.parts().historyTextProj()).containsExactly(saved.parts().historyTextProj());
  }

  @Test
  void localEncoderWhoseConfigDoesNotMatchItsWeightsIsRejectedBeforeTraining(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("enc");
    TinyBert.weights(1).writeHuggingFace(dir);
    Files.copy(
        BundledModels.folder("all-minilm-l6-v2").resolve("tokenizer.json"),
        dir.resolve("tokenizer.json"));
    Path config = dir.resolve("config.json");
    Files.writeString(
        config, Files.readString(config).replace("\"hidden_size\" : 16", "\"hidden_size\" : 32"));
    List<Double> losses = new ArrayList<>();
    TrainingListener l = (e, total, loss, metrics) -> losses.add(loss);
    assertThatThrownBy(
            () ->
                ModelType.named("flm")
                    .trainer(
                        Params.parse(
                            List.of("encoder=" + dir, "fine-tune=top-1", "dim=8", "epochs=1")))
                    .train(new TrainingData(DATA, null, 1, l, "synthetic")))
        .hasMessageContaining("embeddings.word_embeddings.weight")
        .hasMessageContaining("[60, 16]")
        .hasMessageContaining("[60, 32]");
    assertThat(losses).isEmpty();
  }

  @Test
  void gradientAccumulationStillLearnsWithFewerOptimizerSteps() {
    List<String> p =
        List.of(
            "encoder=hashing-32",
            "dim=8",
            "epochs=3",
            "loss=sampled-softmax",
            "negatives=16",
            "batch-size=64",
            "validation-fraction=0");
    List<Double> plain = new ArrayList<>();
    List<Double> accumulated = new ArrayList<>();
    new FlmTrainer(FlmConfig.from(Params.parse(p)))
        .train(new TrainingData(DATA, null, 1, (e, t, l, m) -> plain.add(l), "synthetic"));
    new FlmTrainer(FlmConfig.from(Params.parse(p)))
        .withGradientAccumulation(4)
        .train(new TrainingData(DATA, null, 1, (e, t, l, m) -> accumulated.add(l), "synthetic"));
    assertThat(accumulated.get(2)).isLessThan(accumulated.get(0));
    assertThat(accumulated).isNotEqualTo(plain);
  }
}
