package dev.flm.cf;

import dev.flm.data.IdIndex;
import dev.flm.data.SparseMatrix;
import dev.flm.io.ArrayFile;
import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Provenance;
import dev.flm.model.Recommender;
import dev.flm.model.Trainer;
import dev.flm.model.TrainingData;
import dev.flm.util.Parallel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Implicit-feedback ALS (Hu, Koren &amp; Volinsky 2008): minimises {@code Σ c_ui (p_ui - x_u·y_i)²
 * + reg (|X|² + |Y|²)} with preference {@code p_ui = 1} for observed pairs and confidence {@code
 * c_ui = 1 + alpha * r_ui}. Each half-iteration solves every row with a few conjugate-gradient
 * steps warm-started from the previous factors (as benfred/implicit does): the Gram matrix {@code
 * YᵀY + reg·I} is computed once per half-iteration, so a row costs {@code O(f² + nnz·f)} per step.
 * One thread per core, per-thread scratch, float arrays.
 *
 * <p>Parameters (defaults in brackets): {@code factors} [64], {@code iterations} [15], {@code reg}
 * [see {@link Config#DEFAULT}], {@code alpha}, {@code cgSteps} [3], {@code weighting} [binary:
 * every interaction counts 1; rating: {@code r_ui} is the rating], {@code patience} [3, in
 * iterations, used only with validation data], {@code initStd} [0.01], {@code threads} [0 = one per
 * core].
 */
public final class Als implements ModelType {
  public static final String NAME = "als";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "implicit ALS (Hu-Koren-Volinsky) with conjugate-gradient row solves";
  }

  /** Validated hyperparameters. */
  public record Config(
      int factors,
      int iterations,
      double reg,
      double alpha,
      int cgSteps,
      boolean useRatings,
      int patience,
      double initStd,
      int threads) {

    public static final Config DEFAULT = new Config(64, 15, 20.0, 1.0, 3, false, 3, 0.01, 0);

    public Config {
      Params.checkRange("factors", factors, 1, 1024);
      Params.checkRange("iterations", iterations, 1, 1000);
      Params.checkRange("reg", reg, 0.0, 1e6);
      Params.checkRange("alpha", alpha, 0.0, 1e6);
      Params.checkRange("cgSteps", cgSteps, 1, 100);
      Params.checkRange("patience", patience, 1, 1000);
      Params.checkRange("initStd", initStd, 1e-6, 1.0);
      Params.checkRange("threads", threads, 0, 1024);
    }

    public static Config from(Params p) {
      Config d = DEFAULT;
      Config c =
          new Config(
              p.getInt("factors", d.factors, 1, 1024),
              p.getInt("iterations", d.iterations, 1, 1000),
              p.getDouble("reg", d.reg, 0.0, 1e6),
              p.getDouble("alpha", d.alpha, 0.0, 1e6),
              p.getInt("cgSteps", d.cgSteps, 1, 100),
              p.getString("weighting", d.useRatings ? "rating" : "binary", "binary", "rating")
                  .equals("rating"),
              p.getInt("patience", d.patience, 1, 1000),
              p.getDouble("initStd", d.initStd, 1e-6, 1.0),
              p.getInt("threads", d.threads, 0, 1024));
      p.checkAllUsed(NAME);
      return c;
    }

    public Map<String, String> asMap() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("factors", String.valueOf(factors));
      m.put("iterations", String.valueOf(iterations));
      m.put("reg", String.valueOf(reg));
      m.put("alpha", String.valueOf(alpha));
      m.put("cgSteps", String.valueOf(cgSteps));
      m.put("weighting", useRatings ? "rating" : "binary");
      m.put("patience", String.valueOf(patience));
      m.put("initStd", String.valueOf(initStd));
      m.put("threads", String.valueOf(threads));
      return m;
    }
  }

  @Override
  public Trainer trainer(Params params) {
    return new AlsTrainer(Config.from(params));
  }

  @Override
  public void save(Recommender model, ModelFolder folder) throws IOException {
    CfSupport.requireType(model, Model.class, NAME);
    Model m = (Model) model;
    m.saveFactors(folder);
    folder.writeArrays(
        "als.flma", new ArrayFile("als").put("regAlpha", new double[] {m.reg, m.alpha}));
  }

  @Override
  public Recommender load(ModelFolder folder) throws IOException {
    FactorModel.Loaded l = FactorModel.loadFactors(folder);
    double[] ra = folder.readArrays("als.flma", "als").doubles("regAlpha");
    return new Model(
        l.common().users(),
        l.common().items(),
        folder.provenance(),
        l.common().popularity(),
        l.factors(),
        l.users(),
        l.items(),
        ra[0],
        ra[1]);
  }

  /**
   * A trained ALS model; {@link #foldIn} solves the user's least-squares problem exactly against
   * the fixed item factors, so a new user is scored as if they had been in training.
   */
  public static final class Model extends FactorModel {
    private final double reg;
    private final double alpha;
    private volatile double[] gram;

    Model(
        IdIndex users,
        IdIndex items,
        Provenance prov,
        float[] pop,
        int f,
        float[] uf,
        float[] itf,
        double reg,
        double alpha) {
      super(NAME, users, items, prov, pop, f, uf, itf, null);
      this.reg = reg;
      this.alpha = alpha;
    }

    @Override
    public float[] foldIn(int[] historyItems) {
      int f = factors();
      float[] y = itemFactors();
      double[] g = gram;
      if (g == null) {
        g = new double[f * f];
        int n = itemIndex().size();
        for (int i = 0; i < n; i++) {
          for (int a = 0; a < f; a++) {
            double ya = y[i * f + a];
            for (int b = 0; b < f; b++) {
              g[a * f + b] += ya * y[i * f + b];
            }
          }
        }
        gram = g;
      }
      double[] a = g.clone();
      double[] rhs = new double[f];
      double c = 1 + alpha;
      for (int d = 0; d < f; d++) {
        a[d * f + d] += reg;
      }
      for (int i : historyItems) {
        for (int p = 0; p < f; p++) {
          double yp = y[i * f + p];
          rhs[p] += c * yp;
          for (int q = 0; q < f; q++) {
            a[p * f + q] += (c - 1) * yp * y[i * f + q];
          }
        }
      }
      double[] x = Dense.solveSpd(a, rhs, f);
      float[] out = new float[f];
      for (int d = 0; d < f; d++) {
        out[d] = (float) x[d];
      }
      return out;
    }
  }

  static final class AlsTrainer implements Trainer {
    private final Config cfg;

    AlsTrainer(Config cfg) {
      this.cfg = cfg;
    }

    @Override
    public String type() {
      return NAME;
    }

    @Override
    public Recommender train(TrainingData data) {
      SparseMatrix raw = data.matrix();
      SparseMatrix x = CfSupport.weights(raw, cfg.useRatings);
      SparseMatrix xt = x.transpose();
      int f = cfg.factors;
      int nu = x.rows();
      int ni = x.cols();
      SplittableRandom rnd = new SplittableRandom(data.seed());
      float[] uf = new float[nu * f];
      float[] itf = new float[ni * f];
      for (int i = 0; i < uf.length; i++) {
        uf[i] = (float) (rnd.nextGaussian() * cfg.initStd);
      }
      for (int i = 0; i < itf.length; i++) {
        itf[i] = (float) (rnd.nextGaussian() * cfg.initStd);
      }
      int threads = Parallel.threads(cfg.threads);
      float[][] ur = rows(uf, f);
      float[][] ir = rows(itf, f);
      CfSupport.Validation val = CfSupport.Validation.of(data, raw, 10);
      List<Double> valHistory = new ArrayList<>();
      double best = Double.NEGATIVE_INFINITY;
      float[] bestU = null;
      float[] bestI = null;
      int sinceBest = 0;
      int done = 0;
      for (int it = 1; it <= cfg.iterations; it++) {
        solve(x, ur, ir, f, threads);
        solve(xt, ir, ur, f, threads);
        uf = flatten(ur, f);
        itf = flatten(ir, f);
        String hint = "lower alpha (" + cfg.alpha + ") or raise reg (" + cfg.reg + ")";
        CfSupport.checkFinite(NAME, it, "user factors", uf, hint);
        CfSupport.checkFinite(NAME, it, "item factors", itf, hint);
        done = it;
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (val != null) {
          double ndcg = val.ndcg(uf, itf, null, f, threads);
          valHistory.add(ndcg);
          metrics.put(val.metricName(), ndcg);
          if (ndcg > best) {
            best = ndcg;
            bestU = uf.clone();
            bestI = itf.clone();
            sinceBest = 0;
          } else if (++sinceBest >= cfg.patience) {
            data.listener().onEpoch(it, cfg.iterations, Double.NaN, metrics);
            break;
          }
        }
        data.listener().onEpoch(it, cfg.iterations, Double.NaN, metrics);
      }
      if (bestU != null) {
        uf = bestU;
        itf = bestI;
      }
      Map<String, String> hyper = cfg.asMap();
      hyper.put("iterationsRun", String.valueOf(done));
      Provenance prov = CfSupport.provenance(NAME, hyper, data);
      if (!valHistory.isEmpty()) {
        prov = prov.withHistory(Map.of("val_ndcg@10", valHistory));
      }
      return new Model(
          data.train().userIndex(),
          data.train().itemIndex(),
          prov,
          CfSupport.popularity(raw),
          f,
          uf,
          itf,
          cfg.reg,
          cfg.alpha);
    }

    /** Recomputes every row of {@code x} (rows of {@code r}) with {@code y} fixed. */
    private void solve(SparseMatrix r, float[][] x, float[][] y, int f, int threads) {
      float[][] gram = gram(y, f, threads);
      for (int d = 0; d < f; d++) {
        gram[d][d] += (float) cfg.reg;
      }
      int[] ptr = r.rowPtr();
      RowSystem m =
          new RowSystem(r.colIdx(), r.values(), (float) cfg.alpha, y, gram, f, cfg.cgSteps);
      RowScratch[] scratch = new RowScratch[threads];
      Parallel.forRange(
          "als",
          threads,
          r.rows(),
          256,
          (w, from, to) -> {
            RowScratch s = scratch[w];
            if (s == null) {
              s = scratch[w] = new RowScratch(f);
            }
            for (int u = from; u < to; u++) {
              if (ptr[u + 1] - ptr[u] > s.denseAbove) {
                denseRow(m, ptr[u], ptr[u + 1], x[u], s);
              } else {
                cgRow(m, ptr[u], ptr[u + 1], x[u], s);
              }
            }
          });
    }

    /**
     * Rows with more than this many entries times {@code f} are solved on an explicit {@code f x f}
     * system ({@link #denseRow}); shorter ones are gathered factor-major once per row ({@link
     * #cgRow}). At 64 factors the switch is at 1,024 entries: beyond it the gathered copy outgrows
     * the L2 cache and every CG step would read the row's factors from memory again.
     */
    static final int DENSE_WORK = 1 << 16;

    /**
     * What every row of one half-iteration shares: the matrix's column indices and values, {@code
     * alpha}, the fixed side's factors {@code y} (one array per row), {@code YᵀY + reg I}, the
     * number of factors and of CG steps.
     */
    record RowSystem(
        int[] col, float[] val, float alpha, float[][] y, float[][] gram, int f, int steps) {}

    /** Per-thread buffers of the row solvers. */
    static final class RowScratch {
      final int denseAbove;
      final float[] r;
      final float[] p;
      final float[] ap;
      final float[] d;
      final float[][] t;
      final float[][] a;
      final float[] b;

      RowScratch(int f) {
        denseAbove = Math.max(1, DENSE_WORK / f);
        r = new float[f];
        p = new float[f];
        ap = new float[f];
        d = new float[denseAbove];
        // One cache line of padding per row so the factor-major stores do not alias in L1.
        t = new float[f][denseAbove + 16];
        a = new float[f][f];
        b = new float[f];
      }
    }

    /**
     * A few conjugate-gradient steps on one row {@code xu} (entries {@code start..end} of the
     * matrix), warm-started from its current factors. The products {@code y_i · v} for the row's
     * items are computed at once from a factor-major copy of their factors made in the first sweep
     * ({@code d += v[a] * t[a]}), so every inner loop is an axpy, the form C2 (JDK 17) vectorises.
     */
    static void cgRow(RowSystem m, int start, int end, float[] xu, RowScratch s) {
      int f = m.f();
      float[][] gram = m.gram();
      int steps = m.steps();
      float[] r = s.r;
      float[] p = s.p;
      float[] ap = s.ap;
      // r = Yᵀ C p(u) - (YᵀY + reg I + Yᵀ (C - I) Y) x
      java.util.Arrays.fill(r, 0f);
      matVec(gram, xu, r, f, -1f);
      pass(m, start, end, xu, r, true, s);
      System.arraycopy(r, 0, p, 0, f);
      float rs = dot(r, r, f);
      for (int step = 0; step < steps && rs >= 1e-20f; step++) {
        java.util.Arrays.fill(ap, 0f);
        matVec(gram, p, ap, f, 1f);
        pass(m, start, end, p, ap, false, s);
        rs = cgStep(xu, r, p, ap, rs, f);
      }
    }

    /**
     * Moves {@code x} along {@code p} given {@code ap = A p}, updates the residual {@code r} and
     * the direction {@code p}; returns the new {@code r·r}, or 0 when the system gives no descent.
     */
    private static float cgStep(float[] x, float[] r, float[] p, float[] ap, float rsOld, int f) {
      float pAp = dot(p, ap, f);
      if (!(pAp > 0)) {
        return 0f;
      }
      float step = rsOld / pAp;
      axpy(step, p, x, f);
      axpy(-step, ap, r, f);
      float rsNew = dot(r, r, f);
      float beta = rsNew / rsOld;
      for (int a = 0; a < f; a++) {
        p[a] = r[a] + beta * p[a];
      }
      return rsNew;
    }

    /**
     * The same conjugate-gradient steps as {@link #cgRow} on an explicit {@code f x f} system
     * {@code A = YᵀY + reg I + Σ (c_i - 1) y_i y_iᵀ}, {@code b = Σ c_i y_i}, built in one sweep
     * over the row. For long rows this reads each {@code y_i} once instead of once per step.
     */
    static void denseRow(RowSystem m, int start, int end, float[] xu, RowScratch s) {
      int[] col = m.col();
      float[] val = m.val();
      float alpha = m.alpha();
      float[][] y = m.y();
      int f = m.f();
      float[][] gram = m.gram();
      int steps = m.steps();
      float[][] a = s.a;
      float[] b = s.b;
      for (int k = 0; k < f; k++) {
        System.arraycopy(gram[k], 0, a[k], 0, f);
      }
      java.util.Arrays.fill(b, 0f);
      int q = start;
      for (; q + 4 <= end; q += 4) {
        float[] y0 = y[col[q]];
        float[] y1 = y[col[q + 1]];
        float[] y2 = y[col[q + 2]];
        float[] y3 = y[col[q + 3]];
        float c0 = alpha * val[q];
        float c1 = alpha * val[q + 1];
        float c2 = alpha * val[q + 2];
        float c3 = alpha * val[q + 3];
        for (int k = 0; k < f; k++) {
          b[k] += (1 + c0) * y0[k] + (1 + c1) * y1[k] + (1 + c2) * y2[k] + (1 + c3) * y3[k];
        }
        for (int r = 0; r < f; r++) {
          float w0 = c0 * y0[r];
          float w1 = c1 * y1[r];
          float w2 = c2 * y2[r];
          float w3 = c3 * y3[r];
          float[] ar = a[r];
          for (int k = r; k < f; k++) {
            ar[k] += w0 * y0[k] + w1 * y1[k] + w2 * y2[k] + w3 * y3[k];
          }
        }
      }
      for (; q < end; q++) {
        float[] y0 = y[col[q]];
        float c0 = alpha * val[q];
        axpy(1 + c0, y0, b, f);
        for (int r = 0; r < f; r++) {
          float w0 = c0 * y0[r];
          float[] ar = a[r];
          for (int k = r; k < f; k++) {
            ar[k] += w0 * y0[k];
          }
        }
      }
      for (int r = 1; r < f; r++) {
        for (int k = 0; k < r; k++) {
          a[r][k] = a[k][r];
        }
      }
      float[] r = s.r;
      float[] p = s.p;
      float[] ap = s.ap;
      System.arraycopy(b, 0, r, 0, f);
      matVec(a, xu, r, f, -1f);
      System.arraycopy(r, 0, p, 0, f);
      float rs = dot(r, r, f);
      for (int step = 0; step < steps && rs >= 1e-20f; step++) {
        java.util.Arrays.fill(ap, 0f);
        matVec(a, p, ap, f, 1f);
        rs = cgStep(xu, r, p, ap, rs, f);
      }
    }

    /**
     * One sweep over the row's entries with {@code d_i = y_i · v}: adds {@code (c_i - (c_i - 1)
     * d_i) y_i} to {@code out} for the residual, {@code (c_i - 1) d_i y_i} otherwise. The residual
     * sweep (the first of a row) also makes the factor-major copy.
     */
    private static void pass(
        RowSystem m, int start, int end, float[] v, float[] out, boolean residual, RowScratch s) {
      int[] col = m.col();
      float[] val = m.val();
      float alpha = m.alpha();
      float[][] y = m.y();
      int f = m.f();
      int n = end - start;
      float[] d = s.d;
      float[][] t = s.t;
      if (residual) {
        for (int j = 0; j < n; j++) {
          float[] yq = y[col[start + j]];
          for (int a = 0; a < f; a++) {
            t[a][j] = yq[a];
          }
        }
      }
      java.util.Arrays.fill(d, 0, n, 0f);
      for (int a = 0; a < f; a++) {
        axpy(v[a], t[a], d, n);
      }
      for (int j = 0; j < n; j++) {
        float cm1 = alpha * val[start + j];
        float w = residual ? 1 + cm1 - cm1 * d[j] : cm1 * d[j];
        axpy(w, y[col[start + j]], out, f);
      }
    }

    /** {@code out += sign * G v} for symmetric {@code G} given by rows. */
    private static void matVec(float[][] g, float[] v, float[] out, int f, float sign) {
      for (int b = 0; b < f; b++) {
        axpy(sign * v[b], g[b], out, f);
      }
    }

    /** {@code y[0..n) += w * x[0..n)}. */
    private static void axpy(float w, float[] x, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] += w * x[i];
      }
    }

    private static float dot(float[] a, float[] b, int n) {
      float s = 0;
      for (int i = 0; i < n; i++) {
        s += a[i] * b[i];
      }
      return s;
    }

    static float[][] rows(float[] flat, int f) {
      float[][] r = new float[flat.length / f][];
      for (int i = 0; i < r.length; i++) {
        r[i] = java.util.Arrays.copyOfRange(flat, i * f, i * f + f);
      }
      return r;
    }

    static float[] flatten(float[][] rows, int f) {
      float[] out = new float[rows.length * f];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(rows[i], 0, out, i * f, f);
      }
      return out;
    }

    /** {@code YᵀY} as float rows, summed per chunk then in chunk order (deterministic). */
    static float[][] gram(float[][] y, int f, int threads) {
      int chunk = 4096;
      float[][][] partial = new float[(y.length + chunk - 1) / chunk][][];
      Parallel.forRange(
          "gram",
          threads,
          y.length,
          chunk,
          (w, from, to) -> {
            float[][] acc = new float[f][f];
            for (int i = from; i < to; i++) {
              float[] yi = y[i];
              for (int a = 0; a < f; a++) {
                axpy(yi[a], yi, acc[a], f);
              }
            }
            partial[from / chunk] = acc;
          });
      double[][] total = new double[f][f];
      for (float[][] acc : partial) {
        for (int a = 0; a < f; a++) {
          for (int b = 0; b < f; b++) {
            total[a][b] += acc[a][b];
          }
        }
      }
      float[][] g = new float[f][f];
      for (int a = 0; a < f; a++) {
        for (int b = 0; b < f; b++) {
          g[a][b] = (float) total[a][b];
        }
      }
      return g;
    }
  }
}
