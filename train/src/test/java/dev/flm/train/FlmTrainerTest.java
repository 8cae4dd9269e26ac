package dev.flm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import dev.flm.data.SparseMatrix;
import dev.flm.hybrid.FlmParts;
import dev.flm.hybrid.FlmRecommender;
import dev.flm.hybrid.ItemNeighbours;
import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import dev.flm.model.TrainingListener;
import dev.flm.testing.NoDesktopJvm;
import dev.flm.testing.SyntheticData;
import dev.flm.text.TextTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlmTrainerTest {
  static final Dataset DATA = SyntheticData.generate(300, 200, 20, 7);

  /** Train = each user's earlier 80%, test = the latest 20%. */
  static Dataset[] split(Dataset ds) {
    int[][] parts = UserEvents.holdOutLatest(ds.interactions(), 0.2, 1);
    return new Dataset[] {
      ds.withInteractions(ds.interactions().select(parts[0])),
      ds.withInteractions(ds.interactions().select(parts[1]))
    };
  }

  static double ndcg(Recommender m, Dataset train, Dataset test) {
    int nu = train.userIndex().size();
    int[][] seen = UserEvents.histories(train.interactions(), nu);
    int[][] rel = UserEvents.histories(test.interactions(), nu);
    double sum = 0;
    int n = 0;
    float[] s = new float[train.itemIndex().size()];
    for (int u = 0; u < nu; u++) {
      if (rel[u].length == 0) {
        continue;
      }
      m.score(u, s);
      sum += FlmTrainer.ndcg(s, seen[u], rel[u]);
      n++;
    }
    return sum / n;
  }

  static double popularityNdcg(Dataset train, Dataset test) {
    int ni = train.itemIndex().size();
    int nu = train.userIndex().size();
    float[] pop = new float[ni];
    for (int i : train.interactions().items()) {
      pop[i]++;
    }
    int[][] seen = UserEvents.histories(train.interactions(), nu);
    int[][] rel = UserEvents.histories(test.interactions(), nu);
    double sum = 0;
    int n = 0;
    for (int u = 0; u < nu; u++) {
      if (rel[u].length > 0) {
        sum += FlmTrainer.ndcg(pop.clone(), seen[u], rel[u]);
        n++;
      }
    }
    return sum / n;
  }

  static FlmTrainer trainer(String... kv) {
    List<String> all = new ArrayList<>(List.of("encoder=hashing-64", "dim=16"));
    all.addAll(Arrays.asList(kv));
    return new FlmTrainer(FlmConfig.from(Params.parse(all)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"softmax", "sampled-softmax", "bpr", "bce"})
  void everyLossLearnsTastesBeyondPopularity(String loss) {
    Dataset[] tt = split(DATA);
    Recommender m =
        trainer(
                "loss=" + loss,
                "epochs=15",
                "negatives=" + ("sampled-softmax".equals(loss) ? 64 : 4))
            .train(TrainingData.of(tt[0], 3));
    double flm = ndcg(m, tt[0], tt[1]);
    double pop = popularityNdcg(tt[0], tt[1]);
    assertThat(flm).as("FLM %s vs popularity %s", flm, pop).isGreaterThan(pop * 1.2);
  }

  /** {train without every fifth item, the held-out events}. */
  static Object[] coldItemSplit() {
    Interactions all = DATA.interactions();
    List<Integer> keep = new ArrayList<>();
    List<Integer> cold = new ArrayList<>();
    for (int e = 0; e < all.size(); e++) {
      (all.items()[e] % 5 == 0 ? cold : keep).add(e);
    }
    Dataset train =
        DATA.withInteractions(all.select(keep.stream().mapToInt(Integer::intValue).toArray()));
    return new Object[] {train, all.select(cold.stream().mapToInt(Integer::intValue).toArray())};
  }

  /**
   * NDCG@10 of held-out items ranked among themselves, scored as folded-in new items from the text
   * that training rendered for items.
   */
  static double coldNdcg(FlmRecommender m, Interactions test) {
    HashingTextSource text = new HashingTextSource(64);
    TextTemplate template = TextTemplate.resolve(TextTemplate.AUTO, DATA.items());
    int ni = DATA.itemIndex().size();
    int[][] rel = UserEvents.histories(test, DATA.userIndex().size());
    float[] s = new float[ni];
    double sum = 0;
    int n = 0;
    for (int u = 0; u < rel.length; u++) {
      if (rel[u].length == 0) {
        continue;
      }
      float[] p = m.knownUserVector(u);
      Arrays.fill(s, Float.NEGATIVE_INFINITY);
      for (int i = 0; i < ni; i += 5) {
        s[i] = m.score(p, m.coldItem(text.encode(template.render(DATA.items(), i)), null));
      }
      sum += FlmTrainer.ndcg(s, new int[0], rel[u]);
      n++;
    }
    return sum / n;
  }

  static double randomColdNdcg(Interactions test) {
    int ni = DATA.itemIndex().size();
    int[][] rel = UserEvents.histories(test, DATA.userIndex().size());
    float[] random = new float[ni];
    double sum = 0;
    int n = 0;
    for (int u = 0; u < rel.length; u++) {
      if (rel[u].length == 0) {
        continue;
      }
      for (int i = 0; i < ni; i += 5) {
        random[i] = (float) Math.sin(i * 7.1 + u);
      }
      sum += FlmTrainer.ndcg(random.clone(), coldExcluded(ni), rel[u]);
      n++;
    }
    return sum / n;
  }

  @ParameterizedTest
  @ValueSource(strings = {"cold-head=true", "cold-head=false,id-dropout=0.5"})
  void newItemsAreRankedFromTheirTextAlone(String params) {
    // Hold out every fifth item entirely: the model never sees an interaction with it.
    Object[] split = coldItemSplit();
    List<String> kv = new ArrayList<>(List.of("epochs=15"));
    kv.addAll(Arrays.asList(params.split(",")));
    FlmRecommender m =
        (FlmRecommender)
            trainer(kv.toArray(String[]::new)).train(TrainingData.of((Dataset) split[0], 5));
    Interactions test = (Interactions) split[1];
    assertThat(coldNdcg(m, test)).isGreaterThan(1.5 * randomColdNdcg(test));
  }

  @Test
  void theColdStartHeadRanksNewItemsBetterThanTheWarmVectorsTextPart() {
    // Without ID dropout the text part of a known item's vector never learns to stand alone;
    // the cold-start head is trained to, by its own loss, and leaves the warm path as it was.
    // History dropout 0.5 (the default): 0.4656 vs 0.4609 on this small synthetic set; on MovieLens
    // the head stays well ahead.
    Object[] split = coldItemSplit();
    TrainingData data = TrainingData.of((Dataset) split[0], 5);
    Interactions test = (Interactions) split[1];
    double head =
        coldNdcg(
            (FlmRecommender)
                trainer("epochs=15", "id-dropout=0", "history-dropout=0.5").train(data),
            test);
    double none =
        coldNdcg(
            (FlmRecommender)
                trainer("epochs=15", "id-dropout=0", "history-dropout=0.5", "cold-head=false")
                    .train(data),
            test);
    assertThat(head).as("cold head %s vs warm text part %s", head, none).isGreaterThan(none);
  }

  @Test
  void theColdStartHeadLeavesTheWarmModelAsItIsWithoutIt() {
    // The head's loss sees detached users, draws no random numbers and is left out of clipping:
    // the warm model (users, history vectors, early-stopping epoch) is the one trained without it.
    TrainingData data = TrainingData.of(DATA, 4);
    FlmParts with = ((FlmRecommender) trainer("epochs=4").train(data)).parts();
    FlmParts without =
        ((FlmRecommender) trainer("epochs=4", "cold-head=false").train(data)).parts();
    assertThat(with.itemTextProj()).isNotEqualTo(without.itemTextProj());
    assertThat(with.userVectors()).containsExactly(without.userVectors(), within(1e-5f));
    assertThat(with.historyVectors()).containsExactly(without.historyVectors(), within(1e-5f));
  }

  @Test
  void theItemItemTermAddsScaledEaseWeightsOfTheHistoryAndLeavesTheFactorsAlone() {
    Dataset[] tt = split(DATA);
    TrainingData data = TrainingData.of(tt[0], 5);
    FlmRecommender without = (FlmRecommender) trainer("epochs=4", "item-item=none").train(data);
    FlmRecommender fixed =
        (FlmRecommender) trainer("epochs=4", "item-item-weight=2", "item-item-keep=50").train(data);
    assertThat(without.neighbours()).isNull();
    assertThat(without.provenance().split()).doesNotContain("item-item");
    assertThat(fixed.provenance().split()).contains("item-item weight 2.000");
    // The term is fitted after training: the factor model is the same with and without it.
    assertThat(fixed.parts().userVectors())
        .containsExactly(without.parts().userVectors(), within(1e-5f));
    // Weights: EASE on all training events, 50 kept per item; the users' full training histories.
    SparseMatrix w =
        dev.flm.cf.Ease.sparseWeights(tt[0].interactions().toMatrix(), 300, 5, 1 << 20, 50, 0);
    ItemNeighbours nb = fixed.neighbours();
    assertThat(nb.weight()).isEqualTo(2f);
    assertThat(nb.weights().colIdx()).containsExactly(w.colIdx());
    assertThat(nb.weights().values()).containsExactly(w.values(), within(1e-6f));
    int ni = tt[0].itemIndex().size();
    int[][] hist = UserEvents.histories(tt[0].interactions(), tt[0].userIndex().size());
    float[] factor = new float[ni];
    float[] s = new float[ni];
    for (int u = 0; u < 20; u++) {
      fixed.scoreVector(fixed.knownUserVector(u), factor);
      for (int j : hist[u]) {
        for (int p = w.rowPtr()[j]; p < w.rowPtr()[j + 1]; p++) {
          factor[w.colIdx()[p]] += 2 * w.values()[p];
        }
      }
      fixed.score(u, s);
      assertThat(s).containsExactly(factor, within(1e-4f));
    }
  }

  @Test
  void theItemItemWeightIsChosenOnValidationNeverBelowTheFactorModelAlone() {
    Dataset[] tt = split(DATA);
    FlmRecommender auto = (FlmRecommender) trainer("epochs=4").train(TrainingData.of(tt[0], 5));
    var m =
        java.util.regex.Pattern.compile(
                "item-item weight (\\S+) chosen on validation \\(NDCG@10 ([0-9.]+) without,"
                    + " ([0-9.]+) with\\)")
            .matcher(auto.provenance().split());
    assertThat(m.find()).as(auto.provenance().split()).isTrue();
    double weight = Double.parseDouble(m.group(1));
    assertThat(Double.parseDouble(m.group(3)))
        .isGreaterThanOrEqualTo(Double.parseDouble(m.group(2)));
    if (weight == 0) {
      assertThat(auto.neighbours()).isNull();
    } else {
      assertThat(auto.neighbours().weight())
          .isEqualTo((float) weight, within(1e-3f * (float) weight));
    }
    // Without validation data "auto" cannot choose: no term, and the provenance says why.
    FlmRecommender noVal =
        (FlmRecommender)
            trainer("epochs=2", "validation-fraction=0").train(TrainingData.of(tt[0], 5));
    assertThat(noVal.neighbours()).isNull();
    assertThat(noVal.provenance().split()).contains("auto needs validation data");
  }

  @Test
  void aRunHandsOnItsParametersAndTheChoiceItsProvenanceRecords() {
    Dataset[] tt = split(DATA);
    List<FlmTrainer.TrainedStage> stages = new ArrayList<>();
    FlmRecommender model =
        (FlmRecommender)
            trainer("epochs=4").onTrained(stages::add).train(TrainingData.of(tt[0], 5));
    assertThat(stages).hasSize(1);
    String outcome = stages.get(0).outcome();
    assertThat(outcome).startsWith("best epoch ").contains("item-item weight");
    assertThat(model.provenance().split()).endsWith("; " + outcome);
    assertThat(stages.get(0).values()).containsKey("itemEmb");

    stages.clear();
    FlmRecommender noVal =
        (FlmRecommender)
            trainer("epochs=2", "validation-fraction=0", "item-item=none")
                .onTrained(stages::add)
                .train(TrainingData.of(tt[0], 5));
    assertThat(stages.get(0).outcome()).isEqualTo("no validation");
    assertThat(noVal.provenance().split()).isEqualTo("no validation");
  }

  @Test
  void unseenCatalogueItemsAreScoredExactlyAsFoldedInNewItems() {
    Object[] split = coldItemSplit();
    FlmRecommender m =
        (FlmRecommender)
            trainer("epochs=3", "text-dropout=0").train(TrainingData.of((Dataset) split[0], 5));
    HashingTextSource text = new HashingTextSource(64);
    TextTemplate template = TextTemplate.resolve(TextTemplate.AUTO, DATA.items());
    int d = m.parts().dim();
    for (int i = 0; i < 20; i++) {
      FlmRecommender.ColdItem c =
          m.coldItem(text.encode(List.of(template.render(DATA.items(), i)))[0], null);
      float[] q = Arrays.copyOfRange(m.parts().itemVectors(), i * d, (i + 1) * d);
      if (i % 5 == 0) {
        for (int k = 0; k < d; k++) {
          assertThat(q[k]).isCloseTo(c.vector()[k], within(1e-4f));
        }
        assertThat(m.parts().itemBias()[i]).isCloseTo(c.bias(), within(1e-4f));
      } else {
        assertThat(q).as("known item %d keeps its ID part", i).isNotEqualTo(c.vector());
      }
    }
  }

  @Test
  void theNewItemOffsetMatchesTheNewItemsShareOfValidationEvents() {
    // Two new and two known candidates, all scored 0; one of the user's two validation events
    // goes to a new item (1 + a half, so the offset stays finite): 2·σ(δ) = 1.5, δ = ln 3.
    boolean[] candidate = {true, true, true, true, false};
    boolean[] isNew = {true, true, false, false, false};
    float[] scores = new float[5];
    double d =
        FlmTrainer.newItemOffset(
            scores, 5, candidate, isNew, new int[] {0}, new int[][] {{}}, new int[][] {{0, 2}});
    assertThat(d).isCloseTo(Math.log(3), within(1e-6));
    // Scores of new items raised by c lower the offset by c; history items are no candidates.
    float[] raised = {1.5f, 1.5f, 0, 0, 0, 9f};
    double shifted =
        FlmTrainer.newItemOffset(
            raised,
            6,
            new boolean[] {true, true, true, true, false, true},
            new boolean[] {true, true, false, false, false, false},
            new int[] {0},
            new int[][] {{5}},
            new int[][] {{0, 2, 5}});
    assertThat(shifted).isCloseTo(Math.log(3) - 1.5, within(1e-6));
  }

  @Test
  void theNewItemOffsetIsNegativeWhenNewItemsAreRarelyChosenAndZeroWithoutNewCandidates() {
    boolean[] candidate = {true, true, true, true};
    boolean[] isNew = {true, false, false, false};
    float[] scores = new float[8];
    int[][] targets = {{1, 2}, {3}};
    double d =
        FlmTrainer.newItemOffset(
            scores, 4, candidate, isNew, new int[] {0, 1}, new int[][] {{}, {}}, targets);
    // 3·σ(δ - ln 3) = 0.5
    assertThat(d).isCloseTo(Math.log(3) + Math.log(0.2), within(1e-6));
    assertThat(
            FlmTrainer.newItemOffset(
                scores,
                4,
                candidate,
                new boolean[4],
                new int[] {0, 1},
                new int[][] {{}, {}},
                targets))
        .isZero();
  }

  @Test
  void theNewItemOffsetShiftsOnlyItemsWithoutAnIdPart() {
    // Every fifth item is new: its events are only in the validation set (with every tenth event
    // of the others). Same data and seed: the offset moves the biases of the new items (and the
    // fold-in of new items) by one constant, and leaves users and known items as they are.
    Interactions all = DATA.interactions();
    List<Integer> fit = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    for (int e = 0; e < all.size(); e++) {
      if (e % 10 == 0) {
        val.add(e);
      } else if (all.items()[e] % 5 != 0) {
        fit.add(e);
      }
    }
    TrainingData data =
        new TrainingData(
            DATA.withInteractions(all.select(fit.stream().mapToInt(Integer::intValue).toArray())),
            all.select(val.stream().mapToInt(Integer::intValue).toArray()),
            5,
            null,
            null);
    FlmParts on = ((FlmRecommender) trainer("epochs=4").train(data)).parts();
    FlmParts off =
        ((FlmRecommender) trainer("epochs=4", "new-item-offset=false").train(data)).parts();
    assertThat(on.userVectors()).containsExactly(off.userVectors(), within(1e-6f));
    assertThat(on.itemVectors()).containsExactly(off.itemVectors(), within(1e-6f));
    float delta = on.coldBias() - off.coldBias();
    assertThat(delta).isNotZero();
    int ni = on.numItems();
    int shifted = 0;
    for (int i = 0; i < ni; i++) {
      float diff = on.itemBias()[i] - off.itemBias()[i];
      if (i % 5 == 0) {
        assertThat(diff).as("new item %d", i).isCloseTo(delta, within(1e-5f));
        shifted++;
      } else {
        assertThat(diff).as("known item %d", i).isCloseTo(0f, within(1e-6f));
      }
    }
    assertThat(shifted).isEqualTo((ni + 4) / 5);
  }

  static int[] coldExcluded(int ni) {
    return java.util.stream.IntStream.range(0, ni).filter(i -> i % 5 != 0).toArray();
  }

  @Test
  void nanInTheTextInputStopsTrainingNamingEpochAndGroup() {
    TextSource poisoned =
        new TextSource() {
          @Override
          public String name() {
            return "poisoned";
          }

          @Override
          public int dim() {
            return 8;
          }

          @Override
          public float[][] encode(List<String> texts) {
            float[][] v = new HashingTextSource(8).encode(texts);
            v[3][0] = Float.NaN;
            return v;
          }
        };
    FlmTrainer t = trainer("epochs=3", "text-dropout=0").withTextSource(poisoned);
    assertThatThrownBy(() -> t.train(TrainingData.of(DATA, 1)))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("epoch 1")
        .hasMessageContaining("'projections'")
        .hasMessageContaining("no model was written");
  }

  @Test
  void trainsThroughTheModelTypeAndSavesAVersionedFolderWithCurve(@TempDir Path tmp)
      throws Exception {
    ModelType type = ModelType.named("flm");
    List<Integer> epochs = new ArrayList<>();
    TrainingListener l =
        (e, total, loss, metrics) -> {
          assertThat(metrics).containsKey(FlmTrainer.VAL_METRIC);
          epochs.add(e);
        };
    Recommender m =
        type.trainer(Params.parse(List.of("encoder=hashing-32", "dim=8", "epochs=4")))
            .train(new TrainingData(DATA, null, 2, l, "synthetic"));
    assertThat(epochs).containsExactly(1, 2, 3, 4);
    ModelFolder f = ModelFolder.create(tmp.resolve("m"));
    type.save(m, f);
    f.commit("flm", m.provenance());
    assertThat(tmp.resolve("m").resolve(TrainingCurve.FILE)).isRegularFile();
    byte[] png = Files.readAllBytes(tmp.resolve("m").resolve(TrainingCurve.FILE));
    assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
    Recommender back = type.load(ModelFolder.open(tmp.resolve("m")));
    assertThat(back.provenance().history().get("loss")).hasSize(4);
    assertThat(back.provenance().hyperparameters()).containsEntry("encoder", "hashing-32");
    float[] a = new float[DATA.itemIndex().size()];
    float[] b = new float[a.length];
    for (int u : new int[] {-1, 0, 17}) {
      m.score(u, a);
      back.score(u, b);
      assertThat(b).containsExactly(a);
    }
  }

  @Test
  void aRuntimeThatCannotDrawSavesTheModelWithoutItsCurveAndWarns(@TempDir Path tmp)
      throws Exception {
    NoDesktopJvm.Result run = NoDesktopJvm.run(TrainAndSave.class, tmp.resolve("m").toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("desktop: false")
        .contains("WARNING the training curve was not drawn")
        .contains("java/awt")
        .contains("saved");
    assertThat(tmp.resolve("m").resolve(TrainingCurve.FILE)).doesNotExist();
    ModelType type = ModelType.named("flm");
    Recommender back = type.load(ModelFolder.open(tmp.resolve("m")));
    assertThat(back.provenance().history().get("loss")).hasSize(2);
    Recommender here =
        type.trainer(Params.parse(List.of("encoder=hashing-32", "dim=8", "epochs=2")))
            .train(TrainingData.of(DATA, 2));
    float[] a = new float[DATA.itemIndex().size()];
    float[] b = new float[a.length];
    here.score(3, a);
    back.score(3, b);
    assertThat(b).containsExactly(a);
  }

  /**
   * Child-JVM entry point of the test above: trains a small FLM and saves it to {@code args[0]}.
   */
  public static final class TrainAndSave {
    public static void main(String[] args) throws Exception {
      System.out.println("desktop: " + ModuleLayer.boot().findModule("java.desktop").isPresent());
      TrainingListener l =
          new TrainingListener() {
            @Override
            public void onEpoch(
                int epoch, int totalEpochs, double loss, Map<String, Double> metrics) {}

            @Override
            public void onWarning(String message) {
              System.out.println("WARNING " + message);
            }
          };
      ModelType type = ModelType.named("flm");
      Recommender m =
          type.trainer(Params.parse(List.of("encoder=hashing-32", "dim=8", "epochs=2")))
              .train(new TrainingData(DATA, null, 2, l, "synthetic"));
      ModelFolder f = ModelFolder.create(Path.of(args[0]));
      type.save(m, f);
      f.commit("flm", m.provenance());
      System.out.println("saved");
    }
  }

  @Test
  void resumesAfterAnInterruptionToTheSameModel(@TempDir Path tmp) {
    String ckpt = "checkpoint-dir=" + tmp.resolve("ckpt");
    Recommender straight = trainer("epochs=4", "patience=10").train(TrainingData.of(DATA, 9));
    TrainingListener crash =
        (e, total, loss, metrics) -> {
          if (e == 2) {
            throw new IllegalStateException("interrupted");
          }
        };
    assertThatThrownBy(
            () ->
                trainer("epochs=4", "patience=10", ckpt)
                    .train(new TrainingData(DATA, null, 9, crash, "x")))
        .hasMessage("interrupted");
    List<Integer> resumed = new ArrayList<>();
    Recommender m =
        trainer("epochs=4", "patience=10", ckpt)
            .train(new TrainingData(DATA, null, 9, (e, t, l, x) -> resumed.add(e), "x"));
    assertThat(resumed).containsExactly(3, 4);
    float[] a = new float[DATA.itemIndex().size()];
    float[] b = new float[a.length];
    straight.score(5, a);
    m.score(5, b);
    for (int i = 0; i < a.length; i++) {
      assertThat(b[i]).isCloseTo(a[i], within(1e-4f));
    }
    assertThat(m.provenance().history().get("loss")).hasSize(4);
  }

  @Test
  void extraFeatureFilesWithBadLinesAreRejectedNamingFileAndLine(@TempDir Path tmp)
      throws Exception {
    Path wrongDim = tmp.resolve("features.csv");
    Files.writeString(wrongDim, "itemId,a,b\ni1,0.1,0.2\ni2,0.3\n");
    assertThatThrownBy(
            () -> trainer("epochs=1", "features=" + wrongDim).train(TrainingData.of(DATA, 1)))
        .hasMessageContaining(wrongDim + ":3")
        .hasMessageContaining("expected 2");
    Path unknown = tmp.resolve("unknown.csv");
    Files.writeString(unknown, "i1,0.1,0.2\nnope,0.3,0.4\n");
    assertThatThrownBy(
            () -> trainer("epochs=1", "features=" + unknown).train(TrainingData.of(DATA, 1)))
        .hasMessageContaining(unknown + ":2")
        .hasMessageContaining("unknown item id 'nope'");
  }

  @Test
  void extraFeaturesProjectIntoColdItems(@TempDir Path tmp) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < DATA.itemIndex().size(); i++) {
      sb.append(DATA.itemIndex().idOf(i)).append(',').append(i % 3).append(",1\n");
    }
    Path f = tmp.resolve("f.csv");
    Files.writeString(f, sb);
    FlmRecommender m =
        (FlmRecommender) trainer("epochs=2", "features=" + f).train(TrainingData.of(DATA, 1));
    assertThat(m.parts().featureDim()).isEqualTo(2);
    assertThat(m.coldItem(null, new float[] {1, 1}).vector())
        .isNotEqualTo(m.coldItem(null, new float[] {0, 1}).vector());
  }

  @Test
  void extraFeaturesTrainAlikeWhateverTheirUnitsAndTheSavedModelTakesThemAsGiven(@TempDir Path tmp)
      throws Exception {
    // The same features in two units (x 8 is exact in binary floating point). Before features were
    // scaled to unit length, the larger unit started the feature projection at 8x the outputs and
    // trained another model.
    Path small = tmp.resolve("small.csv");
    Path large = tmp.resolve("large.csv");
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < DATA.itemIndex().size(); i++) {
      float[] v = {i % 3, 1, (i % 5) / 4f};
      String id = DATA.itemIndex().idOf(i);
      a.append(id).append(',').append(v[0]).append(',').append(v[1]).append(',').append(v[2]);
      b.append(id).append(',').append(8 * v[0]).append(',').append(8 * v[1]).append(',');
      b.append(8 * v[2]);
      a.append('\n');
      b.append('\n');
    }
    Files.writeString(small, a);
    Files.writeString(large, b);
    FlmRecommender ms =
        (FlmRecommender) trainer("epochs=2", "features=" + small).train(TrainingData.of(DATA, 1));
    FlmRecommender ml =
        (FlmRecommender) trainer("epochs=2", "features=" + large).train(TrainingData.of(DATA, 1));
    float[] projS = ms.parts().featureProj();
    float[] projL = ml.parts().featureProj();
    for (int k = 0; k < projS.length; k++) {
      assertThat(8 * projL[k]).isCloseTo(projS[k], within(1e-4f + 1e-3f * Math.abs(projS[k])));
    }
    FlmRecommender.ColdItem cs = ms.coldItem(null, new float[] {2, 1, 0.75f});
    FlmRecommender.ColdItem cl = ml.coldItem(null, new float[] {16, 8, 6});
    assertThat(cl.bias()).isCloseTo(cs.bias(), within(1e-4f));
    for (int k = 0; k < cs.vector().length; k++) {
      assertThat(cl.vector()[k]).isCloseTo(cs.vector()[k], within(1e-4f));
    }
    float[] us = new float[DATA.itemIndex().size()];
    float[] ul = new float[us.length];
    ms.scoreHistory(new int[] {0, 3, 5}, us);
    ml.scoreHistory(new int[] {0, 3, 5}, ul);
    for (int i = 0; i < us.length; i++) {
      assertThat(ul[i]).isCloseTo(us[i], within(1e-3f));
    }
    // The features matter: another item's features give another vector.
    assertThat(ms.coldItem(null, new float[] {0, 1, 0}).vector()).isNotEqualTo(cs.vector());
  }

  @Test
  void configRejectsUnknownAndOutOfRangeParameters() {
    assertThatThrownBy(() -> FlmConfig.from(Params.parse(List.of("dims=4"))))
        .hasMessageContaining("dims");
    assertThatThrownBy(() -> FlmConfig.from(Params.parse(List.of("loss=hinge"))))
        .hasMessageContaining("loss must be one of");
    assertThat(FlmConfig.defaults().asMap()).containsEntry("loss", "softmax");
  }

  @Test
  void aCatalogueTooLargeForTheItemItemTermIsRefusedBeforeTrainingNamingTheKeys() {
    // 200 synthetic items; with a cap of 50 the term cannot be fitted. No epoch may run first.
    List<Integer> epochs = new ArrayList<>();
    assertThatThrownBy(
            () ->
                trainer("epochs=2", "item-item-min-count=1", "item-item-max-items=50")
                    .train(new TrainingData(DATA, null, 1, (e, t, l, m) -> epochs.add(e), "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item-item-max-items=50")
        .hasMessageContaining("item-item-min-count")
        .hasMessageContaining("item-item=none");
    assertThat(epochs).isEmpty();
    // The same data trains with the term left out.
    assertThat(
            ((FlmRecommender)
                    trainer(
                            "epochs=1",
                            "item-item-min-count=1",
                            "item-item-max-items=50",
                            "item-item=none")
                        .train(TrainingData.of(DATA, 1)))
                .neighbours())
        .isNull();
  }

  @Test
  void theItemItemSizeCheckCountsItemsByDistinctUsersAsEaseModelsThem() {
    // Every event three times: EASE binarises, so it models the same items as before.
    Interactions once = DATA.interactions();
    int[] rows = new int[once.size() * 3];
    for (int k = 0; k < rows.length; k++) {
      rows[k] = k % once.size();
    }
    Interactions thrice = once.select(rows);
    int min = 35;
    int[] users = new int[once.numItems()];
    for (int i : once.toMatrix().colIdx()) {
      users[i]++;
    }
    int modelled = 0;
    for (int c : users) {
      modelled += c >= min ? 1 : 0;
    }
    int byEvents = 0;
    for (int c : thrice.countsPerItem()) {
      byEvents += c >= min ? 1 : 0;
    }
    assertThat(modelled).isPositive().isLessThan(byEvents);
    FlmConfig fits =
        FlmConfig.from(
            Params.parse(List.of("item-item-min-count=" + min, "item-item-max-items=" + modelled)));
    FlmTrainer.checkItemItemSize(fits, thrice);
    FlmConfig tooSmall =
        FlmConfig.from(
            Params.parse(
                List.of("item-item-min-count=" + min, "item-item-max-items=" + (modelled - 1))));
    assertThatThrownBy(() -> FlmTrainer.checkItemItemSize(tooSmall, thrice))
        .hasMessageContaining("would model " + modelled + " items");
  }
}
