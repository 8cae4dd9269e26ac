package dev.flm.bench;

import dev.flm.data.Dataset;
import dev.flm.data.SparseMatrix;
import dev.flm.data.io.DataLoader;
import dev.flm.hybrid.FlmRecommender;
import dev.flm.model.ItemFilter;
import dev.flm.model.Params;
import dev.flm.model.Recommendations;
import dev.flm.model.TrainingData;
import dev.flm.train.FlmConfig;
import dev.flm.train.FlmTrainer;
import dev.flm.train.FrozenTextTower;
import dev.flm.train.TextSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 5 speed benchmark on MovieLens latest-small: (1) training FLM on all ratings with cached
 * text vectors until early stopping (the text vectors are encoded, or read from the embedding
 * cache, before the clock starts), (2) top-10 for every user with the exported arrays.
 *
 * <p>Usage: {@code FlmSpeedBench DATA_DIR [flm params key=value ...]}; run with {@code
 * -Dai.djl.pytorch.num_threads=2} on 2 cores.
 */
public final class FlmSpeedBench {
  private FlmSpeedBench() {}

  /** CPU time of the whole process (all threads, native ones included). */
  static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/ml-latest-small");
    List<String> params =
        new ArrayList<>(Arrays.asList(args).subList(Math.min(1, args.length), args.length));
    Dataset data = DataLoader.load(dir);
    FlmConfig cfg = FlmConfig.from(Params.parse(params));
    long t0 = System.nanoTime();
    FrozenTextTower warmCache =
        FlmTrainer.frozenTower(data, TextSources.resolve(cfg.encoder()), cfg, 42);
    double encodeS = (System.nanoTime() - t0) / 1e9;
    warmCache.close();
    int[] epochs = new int[1];
    long cpu0 = processCpuNanos();
    long t1 = System.nanoTime();
    FlmRecommender m =
        (FlmRecommender)
            new FlmTrainer(cfg)
                .train(
                    new TrainingData(
                        data, null, 42, (e, total, loss, metrics) -> epochs[0] = e, "ml"));
    double trainS = (System.nanoTime() - t1) / 1e9;
    double trainCpuS = (processCpuNanos() - cpu0) / 1e9;
    int nu = data.userIndex().size();
    int[][] seen = new int[nu][];
    for (int u = 0; u < nu; u++) {
      seen[u] = new int[0];
    }
    int[] us = data.interactions().users();
    int[] is = data.interactions().items();
    List<List<Integer>> per = new ArrayList<>();
    for (int u = 0; u < nu; u++) {
      per.add(new ArrayList<>());
    }
    for (int e = 0; e < us.length; e++) {
      per.get(us[e]).add(is[e]);
    }
    for (int u = 0; u < nu; u++) {
      seen[u] = per.get(u).stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }
    double best = Double.MAX_VALUE;
    long checksum = 0;
    for (int rep = 0; rep < 5; rep++) {
      long t2 = System.nanoTime();
      for (int u = 0; u < nu; u++) {
        Recommendations r = m.recommend(u, 10, ItemFilter.excluding(seen[u]));
        checksum += r.items()[0];
      }
      best = Math.min(best, (System.nanoTime() - t2) / 1e9);
    }
    SparseMatrix exclude = data.interactions().toMatrix();
    double bulk = Double.MAX_VALUE;
    for (int rep = 0; rep < 5; rep++) {
      long t2 = System.nanoTime();
      Recommendations[] all = m.topKAllUsers(10, exclude, null, 0);
      checksum += all[0].items()[0];
      bulk = Math.min(bulk, (System.nanoTime() - t2) / 1e9);
    }
    System.out.printf(
        "text vectors (encode or cache read, not timed): %.1f s%n"
            + "FLM training to early stop: %.1f s wall, %.1f s CPU (%d epochs, %s)%n"
            + "top-10 for all %d users: %.3f s one by one, %.3f s in one blocked call"
            + " (best of 5; checksum %d)%n",
        encodeS, trainS, trainCpuS, epochs[0], m.provenance().split(), nu, best, bulk, checksum);
  }
}
