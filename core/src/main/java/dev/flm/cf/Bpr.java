package dev.flm.cf;

import dev.flm.data.SparseMatrix;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * BPR-MF (Rendle et al. 2009): matrix factorisation with item biases trained by stochastic gradient
 * ascent on {@code ln σ(x_ui - x_uj)} for an observed item {@code i} and a sampled unobserved item
 * {@code j}. Threads update the shared factor arrays without locks (Hogwild!), each drawing its own
 * seeded stream of (user, positive) pairs uniformly over the training events; with {@code
 * threads=1} training is exactly reproducible for a seed, with more threads it is reproducible up
 * to the order of racing updates. Negatives are uniform over items or popularity-proportional
 * (drawn from the item column of a random event). L2 regularisation; the learning rate is
 * multiplied by {@code lrDecay} after each epoch.
 *
 * <p>Parameters (defaults in {@link Config#DEFAULT}): {@code factors}, {@code epochs}, {@code lr},
 * {@code reg}, {@code lrDecay}, {@code negatives} (uniform|popularity), {@code bias}, {@code
 * initStd}, {@code evalEvery} and {@code patience} (validation checks, only with validation data),
 * {@code threads} (0 = one per core).
 */
public final class Bpr implements ModelType {
  public static final String NAME = "bpr";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "BPR matrix factorisation, multi-threaded Hogwild SGD";
  }

  /** Validated hyperparameters. */
  public record Config(
      int factors,
      int epochs,
      double lr,
      double reg,
      double lrDecay,
      boolean popularityNegatives,
      boolean userSampling,
      int negCandidates,
      boolean bias,
      double initStd,
      int evalEvery,
      int patience,
      int threads) {

    public static final Config DEFAULT =
        new Config(128, 100, 0.05, 0.02, 1.0, false, false, 5, true, 0.1, 5, 3, 0);

    public Config {
      Params.checkRange("factors", factors, 1, 1024);
      Params.checkRange("epochs", epochs, 1, 100000);
      Params.checkRange("lr", lr, 1e-6, 10.0);
      Params.checkRange("reg", reg, 0.0, 100.0);
      Params.checkRange("lrDecay", lrDecay, 0.5, 1.0);
      Params.checkRange("negCandidates", negCandidates, 1, 1000);
      Params.checkRange("initStd", initStd, 1e-6, 1.0);
      Params.checkRange("evalEvery", evalEvery, 1, 100000);
      Params.checkRange("patience", patience, 1, 1000);
      Params.checkRange("threads", threads, 0, 1024);
    }

    public static Config from(Params p) {
      Config d = DEFAULT;
      Config c =
          new Config(
              p.getInt("factors", d.factors, 1, 1024),
              p.getInt("epochs", d.epochs, 1, 100000),
              p.getDouble("lr", d.lr, 1e-6, 10.0),
              p.getDouble("reg", d.reg, 0.0, 100.0),
              p.getDouble("lrDecay", d.lrDecay, 0.5, 1.0),
              p.getString(
                      "negatives",
                      d.popularityNegatives ? "popularity" : "uniform",
                      "uniform",
                      "popularity")
                  .equals("popularity"),
              p.getString("sampling", d.userSampling ? "user" : "event", "event", "user")
                  .equals("user"),
              p.getInt("negCandidates", d.negCandidates, 1, 1000),
              p.getBoolean("bias", d.bias),
              p.getDouble("initStd", d.initStd, 1e-6, 1.0),
              p.getInt("evalEvery", d.evalEvery, 1, 100000),
              p.getInt("patience", d.patience, 1, 1000),
              p.getInt("threads", d.threads, 0, 1024));
      p.checkAllUsed(NAME);
      return c;
    }

    public Map<String, String> asMap() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("factors", String.valueOf(factors));
      m.put("epochs", String.valueOf(epochs));
      m.put("lr", String.valueOf(lr));
      m.put("reg", String.valueOf(reg));
      m.put("lrDecay", String.valueOf(lrDecay));
      m.put("negatives", popularityNegatives ? "popularity" : "uniform");
      m.put("sampling", userSampling ? "user" : "event");
      m.put("negCandidates", String.valueOf(negCandidates));
      m.put("bias", String.valueOf(bias));
      m.put("initStd", String.valueOf(initStd));
      m.put("evalEvery", String.valueOf(evalEvery));
      m.put("patience", String.valueOf(patience));
      m.put("threads", String.valueOf(threads));
      return m;
    }
  }

  @Override
  public Trainer trainer(Params params) {
    return new BprTrainer(Config.from(params));
  }

  @Override
  public void save(Recommender model, ModelFolder folder) throws IOException {
    CfSupport.requireType(model, FactorModel.class, NAME);
    ((FactorModel) model).saveFactors(folder);
  }

  @Override
  public Recommender load(ModelFolder folder) throws IOException {
    FactorModel.Loaded l = FactorModel.loadFactors(folder);
    return new FactorModel(
        NAME,
        l.common().users(),
        l.common().items(),
        folder.provenance(),
        l.common().popularity(),
        l.factors(),
        l.users(),
        l.items(),
        l.bias());
  }

  /** Trains a BPR model; one epoch draws as many positive pairs as there are training events. */
  public static final class BprTrainer implements Trainer {
    private final Config cfg;

    public BprTrainer(Config cfg) {
      this.cfg = cfg;
    }

    @Override
    public String type() {
      return NAME;
    }

    @Override
    public Recommender train(TrainingData data) {
      SparseMatrix x = data.matrix();
      int f = cfg.factors;
      int nu = x.rows();
      int ni = x.cols();
      SplittableRandom rnd = new SplittableRandom(data.seed());
      float[] uf = new float[nu * f];
      float[] itf = new float[ni * f];
      float[] bias = cfg.bias ? new float[ni] : null;
      for (int i = 0; i < uf.length; i++) {
        uf[i] = (float) (rnd.nextGaussian() * cfg.initStd);
      }
      for (int i = 0; i < itf.length; i++) {
        itf[i] = (float) (rnd.nextGaussian() * cfg.initStd);
      }
      int[] rowOf = rowOfEvent(x);
      float[][] ur = Als.AlsTrainer.rows(uf, f);
      float[][] ir = Als.AlsTrainer.rows(itf, f);
      int threads = Parallel.threads(cfg.threads);
      CfSupport.Validation val = CfSupport.Validation.of(data, x, 10);
      List<Double> losses = new ArrayList<>();
      List<Double> valHistory = new ArrayList<>();
      double best = Double.NEGATIVE_INFINITY;
      float[][] bestState = null;
      int sinceBest = 0;
      int done = 0;
      double lr = cfg.lr;
      long seedBase = rnd.nextLong();
      for (int epoch = 1; epoch <= cfg.epochs; epoch++) {
        double loss = epoch(x, rowOf, ur, ir, bias, (float) lr, threads, seedBase + epoch);
        lr *= cfg.lrDecay;
        if (!Double.isFinite(loss)) {
          throw new IllegalStateException(
              NAME
                  + ": training diverged at epoch "
                  + epoch
                  + " (loss "
                  + loss
                  + "); no model was produced. Lower lr ("
                  + cfg.lr
                  + ") or raise reg ("
                  + cfg.reg
                  + ")");
        }
        String hint = "lower lr (" + cfg.lr + ") or raise reg (" + cfg.reg + ")";
        CfSupport.checkFinite(NAME, epoch, "user factors", ur, hint);
        CfSupport.checkFinite(NAME, epoch, "item factors", ir, hint);
        uf = null;
        itf = null;
        losses.add(loss);
        done = epoch;
        Map<String, Double> metrics = new LinkedHashMap<>();
        boolean stop = false;
        if (val != null && (epoch % cfg.evalEvery == 0 || epoch == cfg.epochs)) {
          uf = Als.AlsTrainer.flatten(ur, f);
          itf = Als.AlsTrainer.flatten(ir, f);
          double ndcg = val.ndcg(uf, itf, bias, f, threads);
          valHistory.add(ndcg);
          metrics.put(val.metricName(), ndcg);
          if (ndcg > best) {
            best = ndcg;
            bestState = new float[][] {uf, itf, bias == null ? null : bias.clone()};
            sinceBest = 0;
          } else if (++sinceBest >= cfg.patience) {
            stop = true;
          }
        }
        data.listener().onEpoch(epoch, cfg.epochs, loss, metrics);
        if (stop) {
          break;
        }
      }
      uf = Als.AlsTrainer.flatten(ur, f);
      itf = Als.AlsTrainer.flatten(ir, f);
      if (bestState != null) {
        uf = bestState[0];
        itf = bestState[1];
        bias = bestState[2];
      }
      Map<String, String> hyper = cfg.asMap();
      hyper.put("epochsRun", String.valueOf(done));
      Map<String, List<Double>> history = new LinkedHashMap<>();
      history.put("loss", losses);
      if (!valHistory.isEmpty()) {
        history.put("val_ndcg@10", valHistory);
      }
      Provenance prov = CfSupport.provenance(NAME, hyper, data).withHistory(history);
      return new FactorModel(
          NAME,
          data.train().userIndex(),
          data.train().itemIndex(),
          prov,
          CfSupport.popularity(x),
          f,
          uf,
          itf,
          bias);
    }

    /** Runs one epoch; returns the mean BPR loss {@code -ln σ(x_uij)} of its samples. */
    double epoch(
        SparseMatrix x,
        int[] rowOf,
        float[][] uf,
        float[][] itf,
        float[] bias,
        float lr,
        int threads,
        long seed) {
      int nnz = x.nnz();
      if (nnz == 0) {
        return 0;
      }
      double[] loss = new double[threads];
      int per = (nnz + threads - 1) / threads;
      Parallel.forRange(
          "bpr",
          threads,
          threads,
          1,
          (w, from, to) -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + from);
            int samples = Math.min(per, nnz - from * per);
            loss[from] = run(x, rowOf, uf, itf, bias, lr, r, samples);
          });
      return Arrays.stream(loss).sum() / nnz;
    }

    private double run(
        SparseMatrix x,
        int[] rowOf,
        float[][] uf,
        float[][] itf,
        float[] bias,
        float lr,
        SplittableRandom r,
        int samples) {
      int f = cfg.factors;
      int[] ptr = x.rowPtr();
      int[] col = x.colIdx();
      int nnz = col.length;
      int ni = x.cols();
      float reg = (float) cfg.reg;
      boolean pop = cfg.popularityNegatives;
      double loss = 0;
      boolean byUser = cfg.userSampling;
      int nc = cfg.negCandidates;
      int e = 0;
      int nu = x.rows();
      for (int s = 0; s < samples; s++) {
        int u;
        int i;
        if (byUser) {
          u = r.nextInt(nu);
          int len = ptr[u + 1] - ptr[u];
          if (len == 0) {
            continue;
          }
          i = col[ptr[u] + r.nextInt(len)];
        } else {
          // Runs of WINDOW consecutive events from a random start: every event is as likely as
          // before, but the user's row, its items and rowOf stay in cache within a run.
          if (s % WINDOW == 0) {
            e = r.nextInt(nnz);
          } else if (++e == nnz) {
            e = 0;
          }
          u = rowOf[e];
          i = col[e];
        }
        int start = ptr[u];
        int end = ptr[u + 1];
        if (end - start >= ni) {
          continue;
        }
        float[] pu = uf[u];
        int j = -1;
        float bestJ = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < nc; c++) {
          int cand;
          int tries = 0;
          do {
            cand = pop ? col[r.nextInt(nnz)] : r.nextInt(ni);
          } while (Arrays.binarySearch(col, start, end, cand) >= 0 && ++tries < 32);
          if (tries == 32) {
            continue;
          }
          if (nc == 1) {
            j = cand;
            break;
          }
          float sc = dot(pu, itf[cand], f) + (bias == null ? 0 : bias[cand]);
          if (sc > bestJ) {
            bestJ = sc;
            j = cand;
          }
        }
        if (j < 0) {
          continue;
        }
        float[] qi = itf[i];
        float[] qj = itf[j];
        float z = 0;
        for (int d = 0; d < f; d++) {
          z += pu[d] * (qi[d] - qj[d]);
        }
        if (bias != null) {
          z += bias[i] - bias[j];
        }
        // g = σ(-z) = 1 - σ(z): the gradient scale of ln σ(z).
        float g;
        if (z > 0) {
          float ez = (float) Math.exp(-z);
          g = ez / (1 + ez);
          loss += Math.log1p(ez);
        } else {
          float ez = (float) Math.exp(z);
          g = 1 / (1 + ez);
          loss += -z + Math.log1p(ez);
        }
        update(pu, qi, qj, lr * g, lr * reg, f);
        if (bias != null) {
          bias[i] += lr * (g - reg * bias[i]);
          bias[j] += lr * (-g - reg * bias[j]);
        }
      }
      return loss;
    }

    /** One BPR step on a user row and two item rows (same index in every array: vectorised). */
    private static void update(float[] pu, float[] qi, float[] qj, float lg, float lreg, int f) {
      for (int d = 0; d < f; d++) {
        float u = pu[d];
        float a = qi[d];
        float b = qj[d];
        pu[d] = u + lg * (a - b) - lreg * u;
        qi[d] = a + lg * u - lreg * a;
        qj[d] = b - lg * u - lreg * b;
      }
    }

    private static float dot(float[] a, float[] b, int f) {
      float s = 0;
      for (int d = 0; d < f; d++) {
        s += a[d] * b[d];
      }
      return s;
    }

    /** Consecutive events drawn per random start in event sampling. */
    static final int WINDOW = 8;

    private static int[] rowOfEvent(SparseMatrix x) {
      int[] rowOf = new int[x.nnz()];
      int[] ptr = x.rowPtr();
      for (int u = 0; u < x.rows(); u++) {
        Arrays.fill(rowOf, ptr[u], ptr[u + 1], u);
      }
      return rowOf;
    }
  }
}
