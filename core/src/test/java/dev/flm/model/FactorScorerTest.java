package dev.flm.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.data.SparseMatrix;
import java.util.BitSet;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FactorScorerTest {

  /** Brute force: dense scores then {@link TopK}, the reference the blocked scorer must match. */
  static Recommendations reference(
      float[] uf, int u, float[] itf, float[] bias, int f, int k, int[] seen, BitSet cand) {
    int n = itf.length / f;
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      float v = bias == null ? 0 : bias[i];
      for (int d = 0; d < f; d++) {
        v += uf[u * f + d] * itf[i * f + d];
      }
      s[i] = v;
    }
    return TopK.select(s, k, ItemFilter.of(cand, seen));
  }

  @Property(tries = 30, seed = "17")
  void blockedTopKMatchesBruteForce(
      @ForAll @IntRange(min = 1, max = 40) int users,
      @ForAll @IntRange(min = 1, max = 2500) int items,
      @ForAll @IntRange(min = 1, max = 13) int f,
      @ForAll @IntRange(min = 0, max = 30) int k,
      @ForAll boolean withBias,
      @ForAll boolean withCandidates,
      @ForAll @IntRange(min = 1, max = 3) int threads) {
    SplittableRandom rnd = new SplittableRandom(users * 31L + items * 7L + f);
    float[] uf = new float[users * f];
    float[] itf = new float[items * f];
    for (int i = 0; i < uf.length; i++) {
      uf[i] = (float) rnd.nextGaussian();
    }
    for (int i = 0; i < itf.length; i++) {
      // Coarse values make exact ties common, so tie-breaking is tested too.
      itf[i] = Math.round(rnd.nextGaussian() * 2) / 2f;
    }
    float[] bias = null;
    if (withBias) {
      bias = new float[items];
      for (int i = 0; i < items; i++) {
        bias[i] = rnd.nextInt(3);
      }
    }
    int[] r = new int[users * 5];
    int[] c = new int[users * 5];
    for (int p = 0; p < r.length; p++) {
      r[p] = p / 5;
      c[p] = rnd.nextInt(items);
    }
    SparseMatrix seen =
        SparseMatrix.fromCoordinates(users, items, r, c, null, SparseMatrix.Duplicates.KEEP_LAST);
    BitSet cand = null;
    if (withCandidates) {
      cand = new BitSet();
      for (int i = 0; i < items; i++) {
        if (rnd.nextInt(3) == 0) {
          cand.set(i);
        }
      }
    }
    FactorScorer s = new FactorScorer(itf, bias, f);
    Recommendations[] got = s.topK(uf, null, k, seen, cand, threads);
    assertThat(got).hasSize(users);
    for (int u = 0; u < users; u++) {
      Recommendations want = reference(uf, u, itf, bias, f, k, seen.row(u), cand);
      assertThat(got[u].items()).as("user %d", u).containsExactly(want.items());
      for (int p = 0; p < want.size(); p++) {
        assertThat(got[u].scores()[p])
            .isCloseTo(want.scores()[p], org.assertj.core.data.Offset.offset(1e-3f));
      }
    }
  }

  @Test
  void ranksChosenUsersAndScoresOneVector() {
    float[] itf = {1, 0, 0, 1, 1, 1};
    float[] uf = {1, 0, 0, 2};
    FactorScorer s = new FactorScorer(itf, new float[] {0, 0, 0.5f}, 2);
    Recommendations[] r = s.topK(uf, new int[] {1}, 2, null, null, 1);
    assertThat(r[0].items()).containsExactly(2, 1);
    assertThat(r[0].scores()).containsExactly(2.5f, 2f);
    float[] out = new float[3];
    s.score(uf, 0, out);
    assertThat(out).containsExactly(1f, 0f, 1.5f);
  }
}
