package dev.flm.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flm.data.Dataset;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import dev.flm.data.SparseMatrix;
import dev.flm.model.Params;
import dev.flm.model.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EaseSparseWeightsTest {

  /** 40 users x 12 items, random interactions (seeded); item 11 has a single interaction. */
  private static SparseMatrix data() {
    SplittableRandom rnd = new SplittableRandom(7);
    List<Integer> r = new ArrayList<>();
    List<Integer> c = new ArrayList<>();
    for (int u = 0; u < 40; u++) {
      for (int i = 0; i < 11; i++) {
        if (rnd.nextDouble() < 0.3 + 0.05 * (i % 3)) {
          r.add(u);
          c.add(i);
        }
      }
    }
    r.add(3);
    c.add(11);
    return SparseMatrix.fromCoordinates(
        40,
        12,
        r.stream().mapToInt(Integer::intValue).toArray(),
        c.stream().mapToInt(Integer::intValue).toArray(),
        null,
        SparseMatrix.Duplicates.KEEP_LAST);
  }

  @Test
  void keepingEveryWeightScoresExactlyAsTheEaseModel() {
    SparseMatrix x = data();
    SparseMatrix w = Ease.sparseWeights(x, 5, 2, 100, 100, 1);
    Ease.Model model = easeModel(x);
    float[] expected = new float[12];
    for (int u = 0; u < 40; u++) {
      model.score(u, expected);
      float[] got = new float[12];
      for (int j : x.row(u)) {
        for (int p = w.rowPtr()[j]; p < w.rowPtr()[j + 1]; p++) {
          got[w.colIdx()[p]] += w.values()[p];
        }
      }
      for (int i = 0; i < 11; i++) {
        assertThat(got[i]).as("user %d item %d", u, i).isCloseTo(expected[i], within(1e-5f));
      }
      // Item 11 (one interaction, below minItemCount 2) has neither weights nor a score.
      assertThat(got[11]).isZero();
    }
    assertThat(w.rowNnz(11)).isZero();
  }

  @Test
  void eachRowKeepsItsLargestWeightsByMagnitude() {
    SparseMatrix x = data();
    SparseMatrix full = Ease.sparseWeights(x, 5, 2, 100, 100, 1);
    SparseMatrix cut = Ease.sparseWeights(x, 5, 2, 100, 3, 2);
    for (int j = 0; j < 11; j++) {
      assertThat(full.rowNnz(j)).isEqualTo(10);
      assertThat(cut.rowNnz(j)).isEqualTo(3);
      float smallestKept = Float.MAX_VALUE;
      for (int p = cut.rowPtr()[j]; p < cut.rowPtr()[j + 1]; p++) {
        assertThat(cut.values()[p]).isEqualTo(full.get(j, cut.colIdx()[p]));
        smallestKept = Math.min(smallestKept, Math.abs(cut.values()[p]));
      }
      for (int p = full.rowPtr()[j]; p < full.rowPtr()[j + 1]; p++) {
        if (!cut.contains(j, full.colIdx()[p])) {
          assertThat(Math.abs(full.values()[p])).isLessThanOrEqualTo(smallestKept);
        }
      }
      assertThat(cut.contains(j, j)).isFalse();
    }
  }

  private static Ease.Model easeModel(SparseMatrix x) {
    String[] users = new String[40];
    for (int u = 0; u < 40; u++) {
      users[u] = "u" + u;
    }
    String[] items = new String[12];
    for (int i = 0; i < 12; i++) {
      items[i] = "i" + i;
    }
    int[] rows = new int[x.nnz()];
    for (int u = 0; u < 40; u++) {
      for (int p = x.rowPtr()[u]; p < x.rowPtr()[u + 1]; p++) {
        rows[p] = u;
      }
    }
    Interactions events =
        new Interactions(IdIndex.of(users), IdIndex.of(items), rows, x.colIdx(), null, null);
    TrainingData td = TrainingData.of(Dataset.of("random", events), 1);
    return (Ease.Model)
        new Ease()
            .trainer(Params.parse(List.of("lambda=5", "minItemCount=2", "threads=1")))
            .train(td);
  }
}
