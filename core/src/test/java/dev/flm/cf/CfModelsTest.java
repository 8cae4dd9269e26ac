package dev.flm.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import dev.flm.data.SparseMatrix;
import dev.flm.model.ItemFilter;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import dev.flm.testing.SyntheticData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CfModelsTest {
  static final Dataset DATA = SyntheticData.generate(80, 50, 12, 3);

  static Params p(String... kv) {
    return Params.parse(List.of(kv));
  }

  @Test
  void outOfRangeAndUnknownParametersNameFieldValueAndBound() {
    assertThatThrownBy(() -> new Als().trainer(p("factors=0")))
        .hasMessage("factors must be in 1..1024; factors=0");
    assertThatThrownBy(() -> new Bpr().trainer(p("lr=-0.1")))
        .hasMessageContaining("lr must be in")
        .hasMessageContaining("lr=-0.1");
    assertThatThrownBy(() -> new Ease().trainer(p("lambda=0")))
        .hasMessageContaining("lambda must be in")
        .hasMessageContaining("lambda=0.0");
    assertThatThrownBy(() -> new ItemKnn().trainer(p("similarity=pearson")))
        .hasMessageContaining("similarity must be one of cosine, asymmetric, jaccard");
    assertThatThrownBy(() -> new Als().trainer(p("factor=8")))
        .hasMessageContaining("unknown parameter(s) for model 'als': [factor]");
    assertThatThrownBy(() -> new Bpr().trainer(p("negatives=hard")))
        .hasMessageContaining("negatives must be one of uniform, popularity");
  }

  @Test
  void divergingBprStopsNamingModelAndEpochWithoutAModel() {
    Recommender[] out = new Recommender[1];
    assertThatThrownBy(
            () ->
                out[0] =
                    new Bpr()
                        .trainer(
                            p(
                                "lr=10",
                                "reg=0",
                                "initStd=1",
                                "epochs=200",
                                "threads=1",
                                "negCandidates=1"))
                        .train(TrainingData.of(DATA, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bpr: training diverged at epoch")
        .hasMessageContaining("no model was produced");
    assertThat(out[0]).isNull();
  }

  @Test
  void easeRefusesCataloguesAboveMaxItems() {
    assertThatThrownBy(
            () ->
                new Ease()
                    .trainer(p("maxItems=10", "minItemCount=1"))
                    .train(TrainingData.of(DATA, 1)))
        .hasMessageContaining("above maxItems=10")
        .hasMessageContaining("raise maxItems")
        .hasMessageContaining("minItemCount");
  }

  @Test
  void blockedInverseMatchesIdentity() {
    int n = 150;
    SplittableRandom r = new SplittableRandom(5);
    double[] m = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double v = r.nextDouble() - 0.5;
        m[i * n + j] += v;
        m[j * n + i] = m[i * n + j];
      }
      m[i * n + i] += n;
    }
    double[][] inv = new double[n][];
    for (int i = 0; i < n; i++) {
      inv[i] = Arrays.copyOfRange(m, i * n, i * n + n);
    }
    Dense.invertInPlace(inv, n, 2);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += m[i * n + k] * inv[k][j];
        }
        assertThat(s).isCloseTo(i == j ? 1 : 0, org.assertj.core.data.Offset.offset(1e-9));
      }
    }
  }

  @Test
  void alsFoldInReproducesATrainedUser() {
    Als.Model m =
        (Als.Model)
            new Als()
                .trainer(p("factors=8", "iterations=10", "reg=1", "cgSteps=8", "threads=1"))
                .train(TrainingData.of(DATA, 9));
    SparseMatrix x = DATA.interactions().toMatrix();
    for (int u = 0; u < 5; u++) {
      float[] folded = m.foldIn(x.row(u));
      float[] trained = Arrays.copyOfRange(m.userFactors(), u * 8, u * 8 + 8);
      // Items moved once more after the last user step, so agreement is close, not exact.
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int d = 0; d < 8; d++) {
        dot += folded[d] * trained[d];
        na += folded[d] * folded[d];
        nb += trained[d] * trained[d];
      }
      assertThat(dot / Math.sqrt(na * nb)).as("cosine, user %d", u).isGreaterThan(0.99);
      float[] a = new float[DATA.itemIndex().size()];
      m.scoreHistory(x.row(u), a);
      int[] viaFoldIn = dev.flm.model.TopK.select(a, 5, ItemFilter.excluding(x.row(u))).items();
      int[] viaTraining = m.recommend(u, 5, ItemFilter.excluding(x.row(u))).items();
      assertThat(
              Arrays.stream(viaFoldIn)
                  .filter(i -> Arrays.stream(viaTraining).anyMatch(j -> j == i))
                  .count())
          .isGreaterThanOrEqualTo(4);
    }
    float[] none = new float[DATA.itemIndex().size()];
    m.scoreHistory(new int[0], none);
    float[] unknown = new float[none.length];
    m.score(-1, unknown);
    assertThat(none).containsExactly(unknown);
  }

  @Test
  void batchTopKEqualsPerUserRecommend() {
    FactorModel m =
        (FactorModel)
            new Bpr()
                .trainer(p("factors=8", "epochs=5", "threads=1"))
                .train(TrainingData.of(DATA, 2));
    SparseMatrix x = DATA.interactions().toMatrix();
    int[] users = {0, 5, 7, 79};
    Recommendations[] all = m.recommendAll(users, 10, x, null, 2);
    for (int k = 0; k < users.length; k++) {
      assertThat(all[k].items())
          .containsExactly(
              m.recommend(users[k], 10, ItemFilter.excluding(x.row(users[k]))).items());
    }
  }

  @Test
  void iterativeModelsReportValidationMetricAndStopEarly() {
    Interactions in = DATA.interactions();
    int n = in.size();
    int[] train = java.util.stream.IntStream.range(0, n).filter(i -> i % 5 != 0).toArray();
    int[] val = java.util.stream.IntStream.range(0, n).filter(i -> i % 5 == 0).toArray();
    for (String[] cfg :
        new String[][] {
          {"als", "factors=4", "iterations=50", "patience=1", "reg=50"},
          {"bpr", "factors=4", "epochs=400", "evalEvery=1", "patience=1", "threads=1"}
        }) {
      List<Map<String, Double>> seen = new ArrayList<>();
      Recommender r =
          ModelType.named(cfg[0])
              .trainer(p(Arrays.copyOfRange(cfg, 1, cfg.length)))
              .train(
                  new TrainingData(
                      DATA.withInteractions(in.select(train)),
                      in.select(val),
                      4,
                      (e, t, loss, metrics) -> seen.add(metrics),
                      "synthetic"));
      assertThat(seen)
          .as(cfg[0])
          .isNotEmpty()
          .allSatisfy(m -> assertThat(m).containsKey("val_ndcg@10"));
      assertThat(seen.size())
          .as(cfg[0] + " stopped early")
          .isLessThan(cfg[0].equals("als") ? 50 : 400);
      assertThat(r.provenance().history()).containsKey("val_ndcg@10");
    }
  }

  @Test
  void bprIsTheSameModelOnAnyNumberOfThreads() {
    Dataset d = SyntheticData.generate(300, 1100, 20, 5);
    for (String sampling : new String[] {"sampling=event", "sampling=user"}) {
      for (String negatives : new String[] {"negatives=uniform", "negatives=popularity"}) {
        FactorModel[] m = new FactorModel[3];
        int[] threads = {1, 3, 8};
        for (int k = 0; k < threads.length; k++) {
          m[k] =
              (FactorModel)
                  new Bpr()
                      .trainer(
                          p("factors=8", "epochs=4", sampling, negatives, "threads=" + threads[k]))
                      .train(TrainingData.of(d, 11));
        }
        String what = sampling + " " + negatives;
        assertThat(m[0].provenance().hyperparameters()).as(what).containsEntry("blocksUsed", "4");
        for (int k = 1; k < threads.length; k++) {
          assertThat(m[k].userFactors()).as(what).containsExactly(m[0].userFactors());
          assertThat(m[k].itemFactors()).as(what).containsExactly(m[0].itemFactors());
          assertThat(m[k].itemBias()).as(what).containsExactly(m[0].itemBias());
        }
      }
    }
    FactorModel twoBlocks =
        (FactorModel)
            new Bpr()
                .trainer(p("factors=8", "epochs=4", "blocks=2", "threads=2"))
                .train(TrainingData.of(d, 11));
    FactorModel fourBlocks =
        (FactorModel) new Bpr().trainer(p("factors=8", "epochs=4")).train(TrainingData.of(d, 11));
    assertThat(twoBlocks.provenance().hyperparameters()).containsEntry("blocksUsed", "2");
    assertThat(twoBlocks.itemFactors()).isNotEqualTo(fourBlocks.itemFactors());
  }

  @Test
  void bprStrataCoverEveryEventOnceAndKeepNegativesInTheCellsItemBlock() {
    Dataset d = SyntheticData.generate(300, 1100, 20, 5);
    SparseMatrix x = d.interactions().toMatrix();
    int blocks = Bpr.BprTrainer.Strata.blocks(32, x.rows(), x.cols());
    assertThat(blocks).isEqualTo(1100 / Bpr.BprTrainer.Strata.MIN_ITEMS_PER_BLOCK);
    Bpr.BprTrainer.Strata st = new Bpr.BprTrainer.Strata(x, blocks);
    int[] rowOf = new int[x.nnz()];
    for (int u = 0; u < x.rows(); u++) {
      Arrays.fill(rowOf, x.rowPtr()[u], x.rowPtr()[u + 1], u);
    }
    int[] before = null;
    for (int epoch = 0; epoch < 2; epoch++) {
      st.shuffle(x, rowOf, new SplittableRandom(epoch), true, true);
      int[] seen = new int[x.nnz()];
      for (int cell = 0; cell < blocks * blocks; cell++) {
        for (int k = st.cellStart[cell]; k < st.cellStart[cell + 1]; k++) {
          int e = st.cellEvents[k];
          seen[e]++;
          assertThat(st.itemBlock[x.colIdx()[e]]).isEqualTo(cell % blocks);
        }
      }
      assertThat(seen).containsOnly(1);
      for (int c = 0; c < blocks; c++) {
        assertThat(st.itemStart[c + 1] - st.itemStart[c])
            .isBetween(1100 / blocks, 1100 / blocks + 1);
        for (int k = st.popStart[c]; k < st.popStart[c + 1]; k++) {
          assertThat(st.itemBlock[st.popItems[k]]).isEqualTo(c);
        }
      }
      int sampled = Arrays.stream(st.userSamples).sum();
      assertThat(sampled).isCloseTo(x.nnz(), org.assertj.core.data.Offset.offset(blocks * blocks));
      if (before != null) {
        assertThat(st.itemBlock).as("item blocks reshuffled each epoch").isNotEqualTo(before);
      }
      before = st.itemBlock.clone();
    }
  }
}
