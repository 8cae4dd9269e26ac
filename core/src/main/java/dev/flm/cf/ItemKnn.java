package dev.flm.cf;

import dev.flm.data.IdIndex;
import dev.flm.data.SparseMatrix;
import dev.flm.io.ArrayFile;
import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Provenance;
import dev.flm.model.Recommendations;
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
 * Item-based k-nearest-neighbours on binary interactions. For items {@code j} and {@code i} with
 * {@code c} common users and {@code n_j}, {@code n_i} users each, the similarity is {@code c /
 * (n_j^α n_i^(1-α) + shrink)} (cosine when {@code α = 0.5}, asymmetric cosine otherwise) or {@code
 * c / (n_j + n_i - c + shrink)} (Jaccard). Each item keeps its {@code neighbours} most similar
 * items; a user's score for {@code i} is the sum of {@code sim(j, i)} over the items {@code j} in
 * their history that have {@code i} as a neighbour. Unknown users get item popularity.
 *
 * <p>Parameters (defaults in {@link Config#DEFAULT}): {@code similarity}
 * (cosine|asymmetric|jaccard), {@code neighbours}, {@code shrink}, {@code alpha} (asymmetric only),
 * {@code threads} (0 = one per core).
 */
public final class ItemKnn implements ModelType {
  public static final String NAME = "itemknn";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "item k-nearest-neighbours (cosine, asymmetric cosine, Jaccard) with shrinkage";
  }

  /** Similarity function between two items' user sets. */
  public enum Similarity {
    COSINE,
    ASYMMETRIC,
    JACCARD
  }

  /** Validated hyperparameters. */
  public record Config(
      Similarity similarity, int neighbours, double shrink, double alpha, int threads) {
    public static final Config DEFAULT = new Config(Similarity.ASYMMETRIC, 100, 10, 0.8, 0);

    public Config {
      Params.checkRange("neighbours", neighbours, 1, 100_000);
      Params.checkRange("shrink", shrink, 0.0, 1e6);
      Params.checkRange("alpha", alpha, 0.0, 1.0);
      Params.checkRange("threads", threads, 0, 1024);
    }

    public static Config from(Params p) {
      Config d = DEFAULT;
      Config c =
          new Config(
              Similarity.valueOf(
                  p.getString(
                          "similarity",
                          d.similarity.name().toLowerCase(java.util.Locale.ROOT),
                          "cosine",
                          "asymmetric",
                          "jaccard")
                      .toUpperCase(java.util.Locale.ROOT)),
              p.getInt("neighbours", d.neighbours, 1, 100_000),
              p.getDouble("shrink", d.shrink, 0.0, 1e6),
              p.getDouble("alpha", d.alpha, 0.0, 1.0),
              p.getInt("threads", d.threads, 0, 1024));
      p.checkAllUsed(NAME);
      return c;
    }

    public Map<String, String> asMap() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("similarity", similarity.name().toLowerCase(java.util.Locale.ROOT));
      m.put("neighbours", String.valueOf(neighbours));
      m.put("shrink", String.valueOf(shrink));
      m.put("alpha", String.valueOf(alpha));
      m.put("threads", String.valueOf(threads));
      return m;
    }
  }

  @Override
  public Trainer trainer(Params params) {
    Config c = Config.from(params);
    return Trainer.of(NAME, data -> ItemKnn.train(c, data));
  }

  static Model train(Config cfg, TrainingData data) {
    SparseMatrix x = data.matrix().binarized();
    SparseMatrix xt = x.transpose();
    int ni = x.cols();
    float[] pop = CfSupport.popularity(x);
    int k = cfg.neighbours;
    int[][] nbr = new int[ni][];
    float[][] sim = new float[ni][];
    int threads = Parallel.threads(cfg.threads);
    int[] ptr = x.rowPtr();
    int[] col = x.colIdx();
    double alpha = cfg.similarity == Similarity.COSINE ? 0.5 : cfg.alpha;
    Parallel.forRange(
        "itemknn",
        threads,
        ni,
        64,
        (w, from, to) -> {
          int[] count = new int[ni];
          int[] touched = new int[ni];
          float[] vals = new float[ni];
          for (int j = from; j < to; j++) {
            int nt = 0;
            for (int p = xt.rowPtr()[j]; p < xt.rowPtr()[j + 1]; p++) {
              int u = xt.colIdx()[p];
              for (int q = ptr[u]; q < ptr[u + 1]; q++) {
                int i = col[q];
                if (i != j && count[i]++ == 0) {
                  touched[nt++] = i;
                }
              }
            }
            double nj = pop[j];
            for (int t = 0; t < nt; t++) {
              int i = touched[t];
              double c = count[i];
              double ni2 = pop[i];
              double s =
                  cfg.similarity == Similarity.JACCARD
                      ? c / (nj + ni2 - c + cfg.shrink)
                      : c / (Math.pow(nj, alpha) * Math.pow(ni2, 1 - alpha) + cfg.shrink);
              vals[t] = (float) s;
              count[i] = 0;
            }
            Recommendations top = TopK.select(Arrays.copyOf(vals, nt), k, null);
            int[] ids = top.items();
            for (int t = 0; t < ids.length; t++) {
              ids[t] = touched[ids[t]];
            }
            nbr[j] = ids;
            sim[j] = top.scores();
          }
        });
    int[] nPtr = new int[ni + 1];
    for (int j = 0; j < ni; j++) {
      nPtr[j + 1] = nPtr[j] + nbr[j].length;
    }
    int[] nIdx = new int[nPtr[ni]];
    float[] nSim = new float[nPtr[ni]];
    for (int j = 0; j < ni; j++) {
      System.arraycopy(nbr[j], 0, nIdx, nPtr[j], nbr[j].length);
      System.arraycopy(sim[j], 0, nSim, nPtr[j], sim[j].length);
    }
    CfSupport.checkFinite(NAME, 1, "similarities", nSim, "check shrink and alpha");
    Provenance prov = CfSupport.provenance(NAME, cfg.asMap(), data);
    return new Model(
        data.train().userIndex(),
        data.train().itemIndex(),
        prov,
        pop,
        nPtr,
        nIdx,
        nSim,
        x.rowPtr(),
        x.colIdx());
  }

  @Override
  public void save(Recommender model, ModelFolder folder) throws IOException {
    CfSupport.requireType(model, Model.class, NAME);
    Model m = (Model) model;
    CfSupport.saveCommon(m, folder);
    folder.writeArrays(
        "itemknn.flma",
        new ArrayFile("itemknn")
            .put("neighbourPtr", m.nPtr)
            .put("neighbours", m.nIdx)
            .put("similarities", m.nSim)
            .put("historyPtr", m.historyPtr)
            .put("historyItems", m.historyItems));
  }

  @Override
  public Recommender load(ModelFolder folder) throws IOException {
    CfSupport.Common c = CfSupport.loadCommon(folder);
    ArrayFile a = folder.readArrays("itemknn.flma", "itemknn");
    int[] np = a.ints("neighbourPtr");
    int[] hp = a.ints("historyPtr");
    if (np.length != c.items().size() + 1 || hp.length != c.users().size() + 1) {
      throw new IOException(
          folder.file("itemknn.flma") + ": arrays do not match the saved indices");
    }
    return new Model(
        c.users(),
        c.items(),
        folder.provenance(),
        c.popularity(),
        np,
        a.ints("neighbours"),
        a.floats("similarities"),
        hp,
        a.ints("historyItems"));
  }

  /** A trained item-kNN model: neighbour lists plus each known user's training items. */
  public static final class Model extends CfModel {
    private final int[] nPtr;
    private final int[] nIdx;
    private final float[] nSim;
    private final int[] historyPtr;
    private final int[] historyItems;

    Model(
        IdIndex users,
        IdIndex items,
        Provenance prov,
        float[] pop,
        int[] nPtr,
        int[] nIdx,
        float[] nSim,
        int[] historyPtr,
        int[] historyItems) {
      super(NAME, users, items, prov, pop);
      this.nPtr = nPtr;
      this.nIdx = nIdx;
      this.nSim = nSim;
      this.historyPtr = historyPtr;
      this.historyItems = historyItems;
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
      Arrays.fill(out, 0f);
      for (int p = from; p < to; p++) {
        int j = hist[p];
        for (int q = nPtr[j]; q < nPtr[j + 1]; q++) {
          out[nIdx[q]] += nSim[q];
        }
      }
    }
  }
}
