package dev.flm.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two ALS row solvers (factor-major gather and explicit {@code f x f} system) take the same
 * conjugate-gradient steps on the same system, and both converge to its exact solution.
 */
class AlsRowSolverTest {
  static final int F = 16;
  static final int ITEMS = 300;
  static final int ROW = 120;

  final SplittableRandom rnd = new SplittableRandom(11);
  final float[][] y = new float[ITEMS][F];
  final int[] col = new int[ROW];
  final float[] val = new float[ROW];
  final float alpha = 2f;
  final double reg = 0.5;
  float[][] gram;

  AlsRowSolverTest() {
    for (float[] row : y) {
      for (int a = 0; a < F; a++) {
        row[a] = (float) (rnd.nextGaussian() * 0.3);
      }
    }
    for (int j = 0; j < ROW; j++) {
      col[j] = j * 2 + rnd.nextInt(2);
      val[j] = 1 + rnd.nextInt(5);
    }
    gram = Als.AlsTrainer.gram(y, F, 1);
    for (int a = 0; a < F; a++) {
      gram[a][a] += (float) reg;
    }
  }

  float[] start() {
    float[] x = new float[F];
    SplittableRandom r = new SplittableRandom(5);
    for (int a = 0; a < F; a++) {
      x[a] = (float) r.nextGaussian() * 0.1f;
    }
    return x;
  }

  Als.AlsTrainer.RowSystem system(int steps) {
    return new Als.AlsTrainer.RowSystem(col, val, alpha, y, gram, F, steps);
  }

  float[] gathered(int steps) {
    float[] x = start();
    Als.AlsTrainer.cgRow(system(steps), 0, ROW, x, new Als.AlsTrainer.RowScratch(F));
    return x;
  }

  float[] dense(int steps) {
    float[] x = start();
    Als.AlsTrainer.denseRow(system(steps), 0, ROW, x, new Als.AlsTrainer.RowScratch(F));
    return x;
  }

  /** {@code (YᵀY + reg I + Σ (c-1) y yᵀ) x = Σ c y} solved directly in double precision. */
  double[] exact() {
    double[] a = new double[F * F];
    double[] b = new double[F];
    for (int p = 0; p < F; p++) {
      for (int q = 0; q < F; q++) {
        a[p * F + q] = gram[p][q];
      }
    }
    for (int j = 0; j < ROW; j++) {
      float[] yi = y[col[j]];
      double cm1 = alpha * val[j];
      for (int p = 0; p < F; p++) {
        b[p] += (1 + cm1) * yi[p];
        for (int q = 0; q < F; q++) {
          a[p * F + q] += cm1 * yi[p] * yi[q];
        }
      }
    }
    return Dense.solveSpd(a, b, F);
  }

  @Test
  void bothSolversTakeTheSameConjugateGradientSteps() {
    float[] g = gathered(3);
    float[] d = dense(3);
    float[] x0 = start();
    double moved = 0;
    for (int a = 0; a < F; a++) {
      assertThat(d[a]).as("factor %d", a).isCloseTo(g[a], within(1e-4f));
      moved += Math.abs(g[a] - x0[a]);
    }
    assertThat(moved).as("three steps move the row").isGreaterThan(0.1);
  }

  @Test
  void bothSolversConvergeToTheExactSolution() {
    double[] x = exact();
    float[] g = gathered(F * 4);
    float[] d = dense(F * 4);
    for (int a = 0; a < F; a++) {
      assertThat((double) g[a]).as("gathered factor %d", a).isCloseTo(x[a], within(1e-3));
      assertThat((double) d[a]).as("dense factor %d", a).isCloseTo(x[a], within(1e-3));
    }
  }
}
