package dev.flm.cf;

/** Small dense linear-algebra kernels on primitive arrays, written so C2 can vectorise them. */
final class Dense {
  private Dense() {}

  /** {@code a[ao..ao+n) · b[bo..bo+n)}; the plain loop is the form C2 vectorises best. */
  static float dot(float[] a, int ao, float[] b, int bo, int n) {
    float s = 0;
    for (int i = 0; i < n; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  /** {@code a[ao..ao+n) · b[bo..bo+n)} in double with four accumulators. */
  static double dot(double[] a, int ao, double[] b, int bo, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[ao + i] * b[bo + i];
      s1 += a[ao + i + 1] * b[bo + i + 1];
      s2 += a[ao + i + 2] * b[bo + i + 2];
      s3 += a[ao + i + 3] * b[bo + i + 3];
    }
    for (; i < n; i++) {
      s0 += a[ao + i] * b[bo + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Solves {@code A x = b} for a symmetric positive-definite {@code n x n} row-major {@code A}
   * (overwritten by its Cholesky factor) by Cholesky decomposition.
   */
  static double[] solveSpd(double[] a, double[] b, int n) {
    choleskyInPlace(a, n);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i] - dot(a, i * n, y, 0, i);
      y[i] = s / a[i * n + i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= a[k * n + i] * x[k];
      }
      x[i] = s / a[i * n + i];
    }
    return x;
  }

  /** Lower Cholesky factor of SPD {@code a} in place (upper triangle left as is). */
  static void choleskyInPlace(double[] a, int n) {
    for (int i = 0; i < n; i++) {
      int io = i * n;
      for (int j = 0; j <= i; j++) {
        int jo = j * n;
        double s = a[io + j] - dot(a, io, a, jo, j);
        if (i == j) {
          if (!(s > 0)) {
            throw new ArithmeticException(
                "matrix is not positive definite at row " + i + " (pivot " + s + ")");
          }
          a[io + i] = Math.sqrt(s);
        } else {
          a[io + j] = s / a[jo + j];
        }
      }
    }
  }

  /**
   * Inverts the {@code n x n} matrix {@code a} (rows) in place by blocked Gauss-Jordan elimination
   * without pivoting (valid for symmetric positive-definite input). Each panel of {@code b} pivots
   * becomes one rank-{@code b} update of every other row, done in column tiles that stay in cache,
   * rows spread over {@code threads} threads; every inner loop indexes its arrays alike, so C2
   * vectorises it.
   */
  static void invertInPlace(double[][] a, int n, int threads) {
    final int b = 64;
    final int tile = 512;
    for (int k0 = 0; k0 < n; k0 += b) {
      int kb = Math.min(b, n - k0);
      int kStart = k0;
      double[] pinv = new double[kb * kb];
      for (int r = 0; r < kb; r++) {
        System.arraycopy(a[k0 + r], k0, pinv, r * kb, kb);
      }
      gaussJordanSmall(pinv, kb, k0);
      // Row panel K: A_Kj <- Pinv A_Kj for j outside K; A_KK <- Pinv.
      double[][] panel = new double[kb][n];
      for (int r = 0; r < kb; r++) {
        double[] pr = panel[r];
        for (int t = 0; t < kb; t++) {
          axpy(pinv[r * kb + t], a[k0 + t], pr, 0, n);
        }
        System.arraycopy(pinv, r * kb, pr, k0, kb);
      }
      for (int r = 0; r < kb; r++) {
        a[k0 + r] = panel[r];
      }
      dev.flm.util.Parallel.forRange(
          "ease-inverse",
          threads,
          n,
          16,
          (w, from, to) -> {
            double[] fRow = new double[kb];
            for (int i = from; i < to; i++) {
              if (i >= kStart && i < kStart + kb) {
                continue;
              }
              double[] ai = a[i];
              System.arraycopy(ai, kStart, fRow, 0, kb);
              java.util.Arrays.fill(ai, kStart, kStart + kb, 0.0);
              for (int j0 = 0; j0 < n; j0 += tile) {
                int j1 = Math.min(n, j0 + tile);
                for (int t = 0; t < kb; t++) {
                  double c = fRow[t];
                  if (c != 0) {
                    axpy(-c, panel[t], ai, j0, j1);
                  }
                }
              }
            }
          });
    }
  }

  /** {@code y[from..to) += c * x[from..to)}. */
  private static void axpy(double c, double[] x, double[] y, int from, int to) {
    for (int j = from; j < to; j++) {
      y[j] += c * x[j];
    }
  }

  /** Plain in-place Gauss-Jordan inverse of a small SPD block; {@code at} names it in errors. */
  private static void gaussJordanSmall(double[] m, int n, int at) {
    for (int k = 0; k < n; k++) {
      double p = m[k * n + k];
      if (!(p > 0) || !Double.isFinite(p)) {
        throw new ArithmeticException(
            "matrix is not positive definite at row " + (at + k) + " (pivot " + p + ")");
      }
      m[k * n + k] = 1;
      for (int j = 0; j < n; j++) {
        m[k * n + j] /= p;
      }
      for (int i = 0; i < n; i++) {
        if (i == k) {
          continue;
        }
        double c = m[i * n + k];
        if (c == 0) {
          continue;
        }
        m[i * n + k] = 0;
        for (int j = 0; j < n; j++) {
          m[i * n + j] -= c * m[k * n + j];
        }
      }
    }
  }
}
