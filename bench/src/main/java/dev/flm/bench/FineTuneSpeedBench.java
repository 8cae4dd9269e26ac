package dev.flm.bench;

import dev.flm.data.Dataset;
import dev.flm.data.io.DataLoader;
import dev.flm.model.Params;
import dev.flm.model.TrainingData;
import dev.flm.split.SplitProtocol;
import dev.flm.train.FlmConfig;
import dev.flm.train.FlmTrainer;
import dev.flm.train.bert.BertTextTower;
import dev.flm.train.bert.BertTowerFactory;
import dev.flm.train.bert.FineTuneConfig;
import dev.flm.train.bert.StagedFineTuning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 6 speed benchmark: one epoch of encoder fine-tuning (default {@code top-2} of {@code
 * all-minilm-l6-v2}; the settings of the fine-tuning stage of a default two-stage run, see {@link
 * StagedFineTuning}) inside FLM on the training part of MovieLens latest-small's warm split
 * (per-user temporal 80/20, about 80k interactions, 9.7k item texts). Prints the one-time set-up
 * (tokenizing, caching the frozen layers' states), the epoch's time, examples/s, the encoder's
 * forward share and, against one epoch of the same FLM over frozen vectors, the share of the epoch
 * the encoder costs in all (forward, backward, snapshot refresh).
 *
 * <p>Usage: {@code FineTuneSpeedBench DATA_DIR [flm params key=value ...]}; run with {@code
 * -Dai.djl.pytorch.num_threads=2} on 2 cores. It prints the device it ran on: the GPU where DJL
 * finds a CUDA libtorch, the CPU otherwise.
 */
public final class FineTuneSpeedBench {
  private FineTuneSpeedBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/ml-latest-small");
    List<String> extra =
        new ArrayList<>(Arrays.asList(args).subList(Math.min(1, args.length), args.length));
    Dataset data = DataLoader.load(dir);
    Dataset train = SplitProtocol.userTemporal(0.2).split(data).train();
    int examples = train.interactions().size();

    // The fine-tuning stage of the default two-stage run (its first stage trains over frozen
    // vectors and is timed separately below); with frozen-first=false, the one-stage settings.
    List<String> tuned = new ArrayList<>(List.of("fine-tune=top-2", "validation-fraction=0"));
    tuned.addAll(extra);
    Params given = Params.parse(dedupe(tuned));
    FineTuneConfig ft = FineTuneConfig.from(new Params(given.asMap()));
    FlmConfig cfg;
    if (ft.frozenFirst()) {
      List<String> one =
          new ArrayList<>(
              given.asMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
      one.add("fine-tune-epochs=1");
      Params oneEpoch = Params.parse(dedupe(one));
      cfg =
          StagedFineTuning.of(
                  oneEpoch, FineTuneConfig.from(new Params(oneEpoch.asMap())), java.util.Map.of())
              .tunedConfig();
    } else {
      List<String> one = new ArrayList<>(tuned);
      one.add("epochs=1");
      Params p = FineTuneConfig.withFineTuneDefaults(Params.parse(dedupe(one)));
      FineTuneConfig.from(p);
      cfg = FlmConfig.from(p);
    }
    BertTowerFactory factory = new BertTowerFactory(ft);
    long[] epochEnd = new long[1];
    long[] epochEndCpu = new long[1];
    long[] attachCpu = new long[1];
    long t0 = System.nanoTime();
    int steps =
        (int)
            Math.ceil(
                (cfg.loss().equals("softmax") ? train.userIndex().size() : examples)
                    / (double) cfg.effectiveBatchSize());
    Thread progress =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(30_000);
                  BertTextTower t = factory.lastTower();
                  System.err.printf(
                      "[%.0f s] %s%n",
                      (System.nanoTime() - t0) / 1e9,
                      t == null || t.attachedAt() == 0
                          ? "setting up (tokenizing, caching frozen layers)"
                          : "step " + t.steps() + " of " + steps);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    progress.setDaemon(true);
    progress.start();
    new FlmTrainer(cfg)
        .withTextTower((ds, c, seed) -> new CpuAtAttach(factory.create(ds, c, seed), attachCpu))
        .train(
            new TrainingData(
                train,
                null,
                42,
                (e, total, loss, m) -> {
                  epochEnd[0] = System.nanoTime();
                  epochEndCpu[0] = cpuNanos();
                },
                "ml"));
    progress.interrupt();
    BertTextTower tower = factory.lastTower();
    double setup = (tower.attachedAt() - t0) / 1e9;
    double epoch = (epochEnd[0] - tower.attachedAt()) / 1e9;
    double forward = tower.encoderNanos() / 1e9;
    double epochCpu = (epochEndCpu[0] - attachCpu[0]) / 1e9;

    List<String> frozen = new ArrayList<>(extra);
    frozen.removeIf(s -> FineTuneConfig.KEYS.stream().anyMatch(k -> s.startsWith(k + "=")));
    frozen.addAll(List.of("validation-fraction=0", "epochs=2", "loss=" + cfg.loss()));
    frozen.add("batch-size=" + cfg.effectiveBatchSize());
    frozen.add("negatives=" + cfg.effectiveNegatives());
    FlmConfig frozenCfg = FlmConfig.from(Params.parse(dedupe(frozen)));
    long[] ends = new long[3];
    new FlmTrainer(frozenCfg)
        .train(
            new TrainingData(
                train, null, 42, (e, total, loss, m) -> ends[e] = System.nanoTime(), "ml"));
    double frozenEpoch = (ends[2] - ends[1]) / 1e9;

    System.out.println("== Fine-tuning speed (issue 6) ==");
    ai.djl.engine.Engine torch = dev.flm.train.Torch.engine();
    System.out.printf(
        "engine: PyTorch %s on %s; threads: %s PyTorch intra-op, %d available processors%n",
        torch.getVersion(),
        dev.flm.train.Torch.device(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"),
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "fine-tune %s of %s, %d training interactions, %d item texts, batch %d, loss %s%n",
        ft.mode(),
        cfg.encoder(),
        examples,
        train.itemIndex().size(),
        cfg.effectiveBatchSize(),
        cfg.loss());
    System.out.printf(
        "set-up (tokenize, cache frozen layers: %.0f MB, first snapshot): %.1f s%n",
        tower.cache() == null ? 0 : tower.cache().bytes() / 1e6, setup);
    System.out.printf(
        "one epoch: %.1f s, %.0f examples/s, %d steps, %.0f items encoded with gradients per"
            + " step%n",
        epoch, examples / epoch, tower.steps(), tower.itemsEncoded() / (double) tower.steps());
    System.out.printf(
        "encoder forward share: %.0f%%; same epoch over frozen vectors: %.1f s, so the encoder"
            + " (forward + backward + snapshot) takes %.0f%% of the fine-tuning epoch%n",
        100 * forward / epoch, frozenEpoch, 100 * (1 - frozenEpoch / epoch));
    System.out.printf(
        "process CPU time in the epoch: %.0f s (%.1f cores busy on average); with 2 cores to"
            + " itself the epoch needs at least %.0f s%n",
        epochCpu, epochCpu / epoch, epochCpu / 2);
    System.out.printf(
        "RESULT epoch_s=%.1f examples_per_s=%.0f encoder_forward_share=%.2f encoder_share=%.2f"
            + " setup_s=%.1f target_epoch_s=600 %s%n",
        epoch,
        examples / epoch,
        forward / epoch,
        1 - frozenEpoch / epoch,
        setup,
        epoch <= 600 ? "MET" : "MISSED");
  }

  /** CPU time of this process so far (all threads), in nanoseconds. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Records the process CPU time when the tower is attached (set-up done). */
  private static final class CpuAtAttach extends dev.flm.train.ForwardingTextTower {
    private final long[] cpu;

    CpuAtAttach(dev.flm.train.TextTower inner, long[] cpu) {
      super(inner);
      this.cpu = cpu;
    }

    @Override
    public void attach(ai.djl.ndarray.NDManager m) {
      inner.attach(m);
      cpu[0] = cpuNanos();
    }
  }

  private static List<String> dedupe(List<String> kvs) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String kv : kvs) {
      int eq = kv.indexOf('=');
      m.put(kv.substring(0, eq), kv);
    }
    return new ArrayList<>(m.values());
  }
}
