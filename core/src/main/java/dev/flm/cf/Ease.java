package dev.flm.cf;

import dev.flm.data.IdIndex;
import dev.flm.data.SparseMatrix;
import dev.flm.io.ArrayFile;
import dev.flm.io.ModelFolder;
import dev.flm.model.ItemFilter;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Provenance;
import dev.flm.model.Recommender;
import dev.flm.model.TopK;
import dev.flm.model.Trainer;
import dev.flm.model.TrainingData;
import dev.flm.util.Parallel;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EASE (Steck 2019): a closed-form item-item linear model {@code B = I - P / diag(P)} with {@code P
 * = (XᵀX + λI)⁻¹} and a zero diagonal; a user's scores are the sum of the rows of {@code B} of the
 * items they interacted with. The dense inverse costs {@code O(n³)} time and {@code 8 n²} bytes, so
 * only items with at least {@code minItemCount} training interactions are modelled (the others
 * score {@link #UNMODELLED}) and training refuses catalogues above {@code maxItems} with a message
 * saying how to proceed. Unknown users get item popularity.
 *
 * <p>Parameters (defaults in {@link Config#DEFAULT}): {@code lambda}, {@code minItemCount}, {@code
 * maxItems}, {@code threads} (0 = one per core).
 */
public final class Ease implements ModelType {
  public static final String NAME = "ease";

  /** Score of items EASE does not model (too few training interactions). */
  public static final float UNMODELLED = -1e30f;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "EASE closed-form item-item model (dense, for catalogues up to maxItems)";
  }

  /** Validated hyperparameters. */
  public record Config(double lambda, int minItemCount, int maxItems, int threads) {
    public static final Config DEFAULT = new Config(300, 3, 10_000, 0);

    public Config {
      Params.checkRange("lambda", lambda, 1e-6, 1e9);
      Params.checkRange("minItemCount", minItemCount, 1, Integer.MAX_VALUE);
      Params.checkRange("maxItems", maxItems, 1, 46_000);
      Params.checkRange("threads", threads, 0, 1024);
    }

    public static Config from(Params p) {
      Config d = DEFAULT;
      Config c =
          new Config(
              p.getDouble("lambda", d.lambda, 1e-6, 1e9),
              p.getInt("minItemCount", d.minItemCount, 1, Integer.MAX_VALUE),
              p.getInt("maxItems", d.maxItems, 1, 46_000),
              p.getInt("threads", d.threads, 0, 1024));
      p.checkAllUsed(NAME);
      return c;
    }

    public Map<String, String> asMap() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("lambda", String.valueOf(lambda));
      m.put("minItemCount", String.valueOf(minItemCount));
      m.put("maxItems", String.valueOf(maxItems));
      m.put("threads", String.valueOf(threads));
      return m;
    }
  }

  @Override
  public Trainer trainer(Params params) {
    Config c = Config.from(params);
    return Trainer.of(NAME, data -> Ease.train(c, data));
  }

  static Model train(Config cfg, TrainingData data) {
    SparseMatrix x = data.matrix().binarized();
    float[] pop = CfSupport.popularity(x);
    int[] items = modelledItems(pop, cfg.minItemCount, cfg.maxItems);
    float[] b = denseWeights(x, items, cfg.lambda, Parallel.threads(cfg.threads));
    CfSupport.checkFinite(NAME, 1, "item weights", b, "raise lambda (" + cfg.lambda + ")");
    Map<String, String> hyper = cfg.asMap();
    hyper.put("modelledItems", String.valueOf(items.length));
    Provenance prov = CfSupport.provenance(NAME, hyper, data);
    return new Model(
        data.train().userIndex(),
        data.train().itemIndex(),
        prov,
        pop,
        items,
        b,
        x.rowPtr(),
        x.colIdx());
  }

  /**
   * EASE's item-item weights fit on {@code x} (users x items, binarised here) as a sparse matrix
   * over all of {@code x}'s items: row {@code j} holds the weights {@code B[j, i]} that a history
   * item {@code j} adds to the score of item {@code i}, cut to its {@code keep} largest by absolute
   * value (the rest of a row is mostly noise around zero). Items with fewer than {@code
   * minItemCount} interactions get empty rows and columns. FLM uses this as its item-item term.
   */
  public static SparseMatrix sparseWeights(
      SparseMatrix x, double lambda, int minItemCount, int maxItems, int keep, int threads) {
    Params.checkRange("keep", keep, 1, Integer.MAX_VALUE);
    SparseMatrix xb = x.binarized();
    int[] items = modelledItems(CfSupport.popularity(xb), minItemCount, maxItems);
    int n = items.length;
    float[] b = denseWeights(xb, items, lambda, Parallel.threads(threads));
    int k = Math.min(keep, Math.max(n - 1, 0));
    int[] rowPtr = new int[xb.cols() + 1];
    int[][] rowCols = new int[n][];
    float[][] rowVals = new float[n][];
    Parallel.forRange(
        "ease-sparse",
        Parallel.threads(threads),
        n,
        64,
        (w, from, to) -> {
          float[] mag = new float[n];
          for (int a = from; a < to; a++) {
            for (int c = 0; c < n; c++) {
              mag[c] = Math.abs(b[a * n + c]);
            }
            int[] top = TopK.select(mag, k, ItemFilter.excluding(new int[] {a})).items();
            Arrays.sort(top); // model indices ascend with item indices
            int[] cols = new int[top.length];
            float[] vals = new float[top.length];
            for (int t = 0; t < top.length; t++) {
              cols[t] = items[top[t]];
              vals[t] = b[a * n + top[t]];
            }
            rowCols[a] = cols;
            rowVals[a] = vals;
          }
        });
    // Modelled items ascend, so their rows are laid out in order; the others stay empty.
    for (int a = 0; a < n; a++) {
      rowPtr[items[a] + 1] = rowCols[a].length;
    }
    for (int j = 0; j < xb.cols(); j++) {
      rowPtr[j + 1] += rowPtr[j];
    }
    int[] colIdx = new int[rowPtr[xb.cols()]];
    float[] values = new float[colIdx.length];
    for (int a = 0; a < n; a++) {
      System.arraycopy(rowCols[a], 0, colIdx, rowPtr[items[a]], rowCols[a].length);
      System.arraycopy(rowVals[a], 0, values, rowPtr[items[a]], rowVals[a].length);
    }
    return new SparseMatrix(xb.cols(), xb.cols(), rowPtr, colIdx, values);
  }

  /**
   * How many items EASE would model on {@code x} (users x items): those with at least {@code
   * minItemCount} distinct users. Lets a caller refuse an oversized fit before doing other work.
   */
  public static int modelledItemCount(SparseMatrix x, int minItemCount) {
    return count(CfSupport.popularity(x), minItemCount);
  }

  private static int count(float[] pop, int minItemCount) {
    int n = 0;
    for (float c : pop) {
      if (c >= minItemCount) {
        n++;
      }
    }
    return n;
  }

  /** The items (columns of the data) with at least {@code minItemCount} interactions, ascending. */
  private static int[] modelledItems(float[] pop, int minItemCount, int maxItems) {
    int n = count(pop, minItemCount);
    if (n > maxItems) {
      throw new IllegalArgumentException(
          NAME
              + ": "
              + n
              + " items have at least minItemCount="
              + minItemCount
              + " interactions, above maxItems="
              + maxItems
              + "; raise maxItems (needs about "
              + Math.max(1, (long) n * n * 12 / (1L << 30))
              + " GiB of heap and O(n³) time) or raise minItemCount");
    }
    int[] items = new int[n];
    int m = 0;
    for (int i = 0; i < pop.length; i++) {
      if (pop[i] >= minItemCount) {
        items[m++] = i;
      }
    }
    return items;
  }

  /**
   * The dense weights {@code B} over {@code items} (row-major, {@code items.length}² values, zero
   * diagonal) of binary data {@code x}.
   */
  private static float[] denseWeights(SparseMatrix x, int[] items, double lambda, int threads) {
    int n = items.length;
    int[] toModel = new int[x.cols()];
    Arrays.fill(toModel, -1);
    for (int a = 0; a < n; a++) {
      toModel[items[a]] = a;
    }
    double[][] g = new double[n][n];
    SparseMatrix xt = x.transpose();
    int[] ptr = x.rowPtr();
    int[] col = x.colIdx();
    Parallel.forRange(
        "ease-gram",
        threads,
        n,
        32,
        (w, from, to) -> {
          for (int a = from; a < to; a++) {
            int item = items[a];
            double[] ga = g[a];
            for (int p = xt.rowPtr()[item]; p < xt.rowPtr()[item + 1]; p++) {
              int u = xt.colIdx()[p];
              for (int q = ptr[u]; q < ptr[u + 1]; q++) {
                int b = toModel[col[q]];
                if (b >= 0) {
                  ga[b] += 1;
                }
              }
            }
            ga[a] += lambda;
          }
        });
    Dense.invertInPlace(g, n, threads);
    float[] b = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        b[i * n + j] = i == j ? 0f : (float) (-g[i][j] / g[j][j]);
      }
    }
    return b;
  }

  @Override
  public void save(Recommender model, ModelFolder folder) throws IOException {
    CfSupport.requireType(model, Model.class, NAME);
    Model m = (Model) model;
    CfSupport.saveCommon(m, folder);
    folder.writeArrays(
        "ease.flma",
        new ArrayFile("ease")
            .put("items", m.items)
            .put("weights", m.weights)
            .put("historyPtr", m.historyPtr)
            .put("historyItems", m.historyItems));
  }

  @Override
  public Recommender load(ModelFolder folder) throws IOException {
    CfSupport.Common c = CfSupport.loadCommon(folder);
    ArrayFile a = folder.readArrays("ease.flma", "ease");
    int[] items = a.ints("items");
    float[] w = a.floats("weights");
    int[] hp = a.ints("historyPtr");
    if (w.length != (long) items.length * items.length || hp.length != c.users().size() + 1) {
      throw new IOException(folder.file("ease.flma") + ": arrays do not match the saved indices");
    }
    return new Model(
        c.users(),
        c.items(),
        folder.provenance(),
        c.popularity(),
        items,
        w,
        hp,
        a.ints("historyItems"));
  }

  /** A trained EASE model: item weights plus each known user's training items. */
  public static final class Model extends CfModel {
    private final int[] items;
    private final int[] toModel;
    private final float[] weights;
    private final int[] historyPtr;
    private final int[] historyItems;

    Model(
        IdIndex users,
        IdIndex itemIndex,
        Provenance prov,
        float[] pop,
        int[] items,
        float[] weights,
        int[] historyPtr,
        int[] historyItems) {
      super(NAME, users, itemIndex, prov, pop);
      this.items = items;
      this.weights = weights;
      this.historyPtr = historyPtr;
      this.historyItems = historyItems;
      this.toModel = new int[itemIndex.size()];
      Arrays.fill(toModel, -1);
      for (int m = 0; m < items.length; m++) {
        toModel[items[m]] = m;
      }
    }

    /** Number of items the model scores (the rest score {@link #UNMODELLED}). */
    public int modelledItems() {
      return items.length;
    }

    @Override
    public void score(int user, float[] out) {
      if (!known(user)) {
        scorePopularity(out);
        return;
      }
      scoreItems(historyItems, historyPtr[user], historyPtr[user + 1], out);
    }

    @Override
    public void scoreHistory(int[] history, float[] out) {
      if (history == null || history.length == 0) {
        scorePopularity(out);
        return;
      }
      scoreItems(history, 0, history.length, out);
    }

    private void scoreItems(int[] hist, int from, int to, float[] out) {
      int n = items.length;
      float[] acc = new float[n];
      for (int p = from; p < to; p++) {
        int m = toModel[hist[p]];
        if (m < 0) {
          continue;
        }
        int off = m * n;
        for (int j = 0; j < n; j++) {
          acc[j] += weights[off + j];
        }
      }
      Arrays.fill(out, UNMODELLED);
      for (int j = 0; j < n; j++) {
        out[items[j]] = acc[j];
      }
    }
  }
}
