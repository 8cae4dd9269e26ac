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
import dev.flm.util.Permutations;
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
 * {@code j}. An epoch runs in {@code B} sub-epochs over a {@code B × B} grid of user blocks and
 * item blocks (DSGD, Gemulla et al., KDD 2011): in each, {@code B} tasks train on cells that share
 * no user and no item, negatives drawn from the cell's item block, so threads never write the same
 * row and a model depends only on the data, the seed and {@code blocks}, not on {@code threads} or
 * scheduling. Item blocks are reshuffled every epoch, so over the epochs every item is a negative
 * for every user; a block holds at least 256 items (fewer blocks on small catalogues). Positives
 * are drawn per event (the default) or per user; negatives are uniform over items or
 * popularity-proportional (the item column of a random event). L2 regularisation; the learning rate
 * is multiplied by {@code lrDecay} after each epoch.
 *
 * <p>Parameters (defaults in {@link Config#DEFAULT}): {@code factors}, {@code epochs}, {@code lr},
 * {@code reg}, {@code lrDecay}, {@code negatives} (uniform|popularity), {@code bias}, {@code
 * initStd}, {@code evalEvery} and {@code patience} (validation checks, only with validation data),
 * {@code blocks} (the grid's side, which bounds the useful threads) and {@code threads} (0 = one
 * per core).
 */
public final class Bpr implements ModelType {
  public static final String NAME = "bpr";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "BPR matrix factorisation, parallel stratified SGD (reproducible on any number of threads)";
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
      int blocks,
      int threads) {

    public static final Config DEFAULT =
        new Config(128, 100, 0.05, 0.02, 1.0, false, false, 5, true, 0.1, 5, 3, 32, 0);

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
      Params.checkRange("blocks", blocks, 1, 1024);
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
              p.getInt("blocks", d.blocks, 1, 1024),
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
      m.put("blocks", String.valueOf(blocks));
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
      Strata strata = new Strata(x, Strata.blocks(cfg.blocks, nu, ni));
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
        double loss = epoch(x, rowOf, strata, ur, ir, bias, (float) lr, threads, seedBase + epoch);
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
      hyper.put("blocksUsed", String.valueOf(strata.blocks()));
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

    /**
     * Runs one epoch in {@code strata.blocks()} sub-epochs; returns the mean BPR loss {@code -ln
     * σ(x_uij)} of its samples. In sub-epoch {@code s} task {@code b} trains on the cell (user
     * block {@code b}, item block {@code (b + s) mod B}) with negatives from that item block, so
     * the tasks of a sub-epoch write disjoint rows and the result does not depend on how many
     * threads run them.
     */
    double epoch(
        SparseMatrix x,
        int[] rowOf,
        Strata strata,
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
      strata.shuffle(
          x, rowOf, new SplittableRandom(seed), cfg.popularityNegatives, cfg.userSampling);
      int blocks = strata.blocks();
      double[] loss = new double[blocks * blocks];
      for (int sub = 0; sub < blocks; sub++) {
        int s = sub;
        Parallel.forRange(
            "bpr",
            threads,
            blocks,
            1,
            (w, from, to) -> {
              for (int b = from; b < to; b++) {
                int cell = b * blocks + (b + s) % blocks;
                SplittableRandom r = new SplittableRandom(seed * 1_000_003L + s * blocks + b);
                loss[cell] = run(x, rowOf, strata, cell, uf, itf, bias, lr, r);
              }
            });
      }
      double sum = 0;
      for (double l : loss) {
        sum += l;
      }
      return sum / nnz;
    }

    private double run(
        SparseMatrix x,
        int[] rowOf,
        Strata st,
        int cell,
        float[][] uf,
        float[][] itf,
        float[] bias,
        float lr,
        SplittableRandom r) {
      int f = cfg.factors;
      int[] ptr = x.rowPtr();
      int[] col = x.colIdx();
      int ni = x.cols();
      int blocks = st.blocks();
      int ub = cell / blocks;
      int ib = cell % blocks;
      int cellFrom = st.cellStart[cell];
      int cellSize = st.cellStart[cell + 1] - cellFrom;
      int negFrom = cfg.popularityNegatives ? st.popStart[ib] : st.itemStart[ib];
      int negSize =
          (cfg.popularityNegatives ? st.popStart[ib + 1] : st.itemStart[ib + 1]) - negFrom;
      int[] negPool = cfg.popularityNegatives ? st.popItems : st.items;
      int usersFrom = st.userStart[ub];
      int usersSize = st.userStart[ub + 1] - usersFrom;
      boolean byUser = cfg.userSampling;
      int samples = byUser ? st.userSamples[cell] : cellSize;
      if (samples == 0 || negSize == 0) {
        return 0;
      }
      float reg = (float) cfg.reg;
      int nc = cfg.negCandidates;
      double loss = 0;
      int p = 0;
      for (int s = 0; s < samples; s++) {
        int u;
        int i;
        if (byUser) {
          // A user of the block uniformly, one of their events uniformly, kept when its item is in
          // the cell's item block: the cell's share of user-uniform sampling.
          do {
            u = st.users[usersFrom + r.nextInt(usersSize)];
            int len = ptr[u + 1] - ptr[u];
            i = len == 0 ? -1 : col[ptr[u] + r.nextInt(len)];
          } while (i < 0 || st.itemBlock[i] != ib);
        } else {
          // Runs of WINDOW consecutive events of the cell from a random start: every event is as
          // likely, but the user's row, its items and rowOf stay in cache within a run.
          if (s % WINDOW == 0) {
            p = r.nextInt(cellSize);
          } else if (++p == cellSize) {
            p = 0;
          }
          int e = st.cellEvents[cellFrom + p];
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
            cand = negPool[negFrom + r.nextInt(negSize)];
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

    /**
     * The blocks of a stratified epoch (DSGD, Gemulla et al., KDD 2011): users in fixed blocks
     * balanced by event count, items in blocks of equal size reshuffled every epoch, and the events
     * of each (user block, item block) cell in CSR order. Arrays are reused across epochs.
     */
    static final class Strata {
      /** Fewest items an item block may hold: the pool its negatives are drawn from. */
      static final int MIN_ITEMS_PER_BLOCK = 256;

      private final int blocks;
      final int[] userStart;
      final int[] users;
      private final int[] userBlock;
      final int[] itemBlock;
      final int[] itemStart;
      final int[] items;
      final int[] cellStart;
      final int[] cellEvents;
      int[] popStart;
      int[] popItems;
      int[] userSamples;

      /** Blocks used for {@code requested} on a matrix of this shape (at least one). */
      static int blocks(int requested, int users, int items) {
        return Math.max(1, Math.min(requested, Math.min(users, items / MIN_ITEMS_PER_BLOCK)));
      }

      Strata(SparseMatrix x, int blocks) {
        this.blocks = blocks;
        int nu = x.rows();
        int[] ptr = x.rowPtr();
        long[] order = new long[nu]; // (−events, user): most active users first, ties by id
        for (int u = 0; u < nu; u++) {
          order[u] = ((long) -(ptr[u + 1] - ptr[u]) << 32) | u;
        }
        Arrays.sort(order);
        long[] load = new long[blocks];
        userBlock = new int[nu];
        int[] count = new int[blocks + 1];
        for (long key : order) {
          int u = (int) key;
          int best = 0;
          for (int b = 1; b < blocks; b++) {
            if (load[b] < load[best]) {
              best = b;
            }
          }
          userBlock[u] = best;
          load[best] += ptr[u + 1] - ptr[u] + 1;
          count[best + 1]++;
        }
        userStart = prefix(count);
        users = new int[nu];
        int[] fill = userStart.clone();
        for (int u = 0; u < nu; u++) {
          users[fill[userBlock[u]]++] = u;
        }
        itemBlock = new int[x.cols()];
        itemStart = new int[blocks + 1];
        items = new int[x.cols()];
        cellStart = new int[blocks * blocks + 1];
        cellEvents = new int[x.nnz()];
      }

      int blocks() {
        return blocks;
      }

      /** Draws this epoch's item blocks and buckets the events (and negatives' pools) by them. */
      void shuffle(
          SparseMatrix x, int[] rowOf, SplittableRandom r, boolean popularity, boolean byUser) {
        int ni = x.cols();
        for (int i = 0; i < ni; i++) {
          items[i] = i;
        }
        Permutations.shuffle(items, r);
        for (int c = 0; c <= blocks; c++) {
          itemStart[c] = (int) ((long) c * ni / blocks);
        }
        for (int c = 0; c < blocks; c++) {
          for (int k = itemStart[c]; k < itemStart[c + 1]; k++) {
            itemBlock[items[k]] = c;
          }
        }
        int[] col = x.colIdx();
        int nnz = col.length;
        int[] count = new int[blocks * blocks + 1];
        for (int e = 0; e < nnz; e++) {
          count[cell(rowOf[e], col[e]) + 1]++;
        }
        int[] start = prefix(count);
        System.arraycopy(start, 0, cellStart, 0, start.length);
        for (int e = 0; e < nnz; e++) {
          cellEvents[start[cell(rowOf[e], col[e])]++] = e;
        }
        if (popularity) {
          if (popItems == null) {
            popItems = new int[nnz];
          }
          int[] c = new int[blocks + 1];
          for (int e = 0; e < nnz; e++) {
            c[itemBlock[col[e]] + 1]++;
          }
          popStart = prefix(c);
          int[] fill = popStart.clone();
          for (int e = 0; e < nnz; e++) {
            popItems[fill[itemBlock[col[e]]]++] = col[e];
          }
        }
        if (byUser) {
          int[] ptr = x.rowPtr();
          double[] mass = new double[blocks * blocks];
          for (int e = 0; e < nnz; e++) {
            int u = rowOf[e];
            mass[cell(u, col[e])] += 1.0 / (ptr[u + 1] - ptr[u]);
          }
          userSamples = new int[blocks * blocks];
          for (int c = 0; c < mass.length; c++) {
            userSamples[c] = (int) Math.round(mass[c] * nnz / x.rows());
          }
        }
      }

      private int cell(int user, int item) {
        return userBlock[user] * blocks + itemBlock[item];
      }

      private static int[] prefix(int[] count) {
        for (int k = 1; k < count.length; k++) {
          count[k] += count[k - 1];
        }
        return count;
      }
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
