package dev.flm.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.flm.cf.Ease;
import dev.flm.data.Attributes;
import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import dev.flm.data.SparseMatrix;
import dev.flm.hybrid.FlmParts;
import dev.flm.hybrid.FlmRecommender;
import dev.flm.hybrid.ItemNeighbours;
import dev.flm.model.Params;
import dev.flm.model.Provenance;
import dev.flm.model.Recommender;
import dev.flm.model.Trainer;
import dev.flm.model.TrainingData;
import dev.flm.text.TextTemplate;
import dev.flm.train.bert.MemoryWatch;
import dev.flm.train.bert.OutOfMemory;
import dev.flm.util.Permutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Trains FLM, the hybrid factorization over text vectors, on DJL's PyTorch engine and exports the
 * learned vectors as plain arrays for {@link FlmRecommender} (train heavy, serve light).
 *
 * <p>Per epoch: one pass over users (full softmax) or interactions (sampled softmax, BPR, BCE);
 * AdamW with per-group learning rates (ID embeddings, projections, encoder), linear warm-up then
 * cosine decay, global-norm clipping; then validation NDCG@10 for early stopping and, when a
 * checkpoint folder is configured, a checkpoint from which an interrupted run resumes. A non-finite
 * loss or gradient stops training with {@link TrainingDivergedException}.
 *
 * <p>Text vectors come from a {@link TextTower}; by default a {@link FrozenTextTower} over vectors
 * of the items' default text from the configured encoder. {@link #withTextTower} swaps in a
 * trainable tower (fine-tuning), {@link #withTextSource} another frozen encoder.
 */
public final class FlmTrainer implements Trainer {
  /** Validation metric reported per epoch. */
  public static final String VAL_METRIC = "val_ndcg@10";

  /**
   * Validation NDCG@10 of the cold-start head: the validation items ranked as if every item were
   * new (text and features only), against the same user vectors.
   */
  public static final String VAL_COLD_METRIC = "val_cold_ndcg@10";

  private static final int K = 10;

  private final FlmConfig config;
  private final Function<String, TextSource> sources;
  private TextSource source;
  private TowerFactory towerFactory;
  private int accumulate = 1;
  private Map<String, float[]> initial = Map.of();
  // True when `initial` is an earlier run's own network (onTrained), validated as epoch 0; false
  // when it holds a saved model's values.
  private boolean startingModel;
  private java.util.function.Consumer<TrainedStage> onTrained;
  private Map<String, String> extraHyperparameters = Map.of();
  private Map<String, List<Double>> historyBefore = Map.of();
  private String stageNote;

  /** Builds the text tower for a data set; see {@link #withTextTower}. */
  @FunctionalInterface
  public interface TowerFactory {
    /**
     * A tower over the catalogue of {@code data} (rows = {@code data.itemIndex()}).
     *
     * @param seed seed for the tower's own random choices
     */
    TextTower create(Dataset data, FlmConfig config, long seed);
  }

  public FlmTrainer(FlmConfig config) {
    this(config, TextSources::resolve);
  }

  /** With a resolver from encoder names to text sources (e.g. the text module's catalogue). */
  public FlmTrainer(FlmConfig config, Function<String, TextSource> sources) {
    this.config = Objects.requireNonNull(config, "config");
    this.sources = Objects.requireNonNull(sources, "sources");
  }

  /** Uses {@code source} for item and user text instead of resolving {@code config.encoder()}. */
  public FlmTrainer withTextSource(TextSource source) {
    this.source = source;
    return this;
  }

  /**
   * Gradient accumulation: the optimizer steps once every {@code steps} batches (and at the end of
   * an epoch) on the mean of their gradients, for a larger effective batch at the memory of one.
   */
  public FlmTrainer withGradientAccumulation(int steps) {
    this.accumulate = Params.checkRange("accumulate", steps, 1, 1 << 16);
    return this;
  }

  /**
   * Starts the named parameters (e.g. {@link InitFrom#projections}) from {@code values} instead of
   * their random initialisation; names this configuration does not use are ignored, a size that
   * does not match is rejected before training. The values are as a saved model keeps them: feature
   * projections apply to the features as the file gives them.
   */
  public FlmTrainer withInitialParameters(Map<String, float[]> values) {
    this.initial = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.startingModel = false;
    return this;
  }

  /**
   * Continues training a model: every parameter of {@code values} (by name, e.g. from {@link
   * #onTrained} of an earlier run on the same data) starts from its value, and that starting model
   * is validated before the first epoch, so early stopping keeps it when no epoch beats it.
   */
  public FlmTrainer withStartingModel(Map<String, float[]> values) {
    withInitialParameters(values);
    this.startingModel = true;
    return this;
  }

  /**
   * What one training run ended with, for a run that continues it ({@link #withStartingModel}).
   *
   * @param values every parameter of the network, by name
   * @param outcome how the epoch was chosen and what was fitted after it, as the provenance's split
   *     line says it (e.g. {@code best epoch 12; new-item offset -0.2800}); {@code no validation}
   *     when nothing was chosen
   */
  public record TrainedStage(Map<String, float[]> values, String outcome) {
    public TrainedStage {
      values = Map.copyOf(values);
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** Hands what the run ended with (parameters by name, the choice made) to {@code sink}. */
  public FlmTrainer onTrained(java.util.function.Consumer<TrainedStage> sink) {
    this.onTrained = sink;
    return this;
  }

  /** Records {@code hyperparameters} (e.g. the encoder's fine-tuning settings) in provenance. */
  public FlmTrainer withRecordedHyperparameters(Map<String, String> hyperparameters) {
    this.extraHyperparameters = new LinkedHashMap<>(hyperparameters);
    return this;
  }

  /**
   * Provenance of a run that continues an earlier one: {@code history} (per-epoch series) goes
   * before this run's epochs and {@code note} describes the earlier run in the split line.
   */
  public FlmTrainer withEarlierStage(Map<String, List<Double>> history, String note) {
    this.historyBefore = new LinkedHashMap<>(history);
    this.stageNote = note;
    return this;
  }

  /** Uses the towers {@code factory} makes for item text (e.g. a trainable BERT tower). */
  public FlmTrainer withTextTower(TowerFactory factory) {
    this.towerFactory = factory;
    return this;
  }

  public FlmConfig config() {
    return config;
  }

  @Override
  public String type() {
    return FlmRecommender.TYPE;
  }

  @Override
  public Recommender train(TrainingData data) {
    return train(data, config, 0, Double.NaN);
  }

  /**
   * @param carriedOffset the new-item offset to use when this run has no validation (a refit
   *     carries the first run's)
   * @param carriedItemItem the item-item weight chosen by the first run of a refit, NaN when none
   */
  private FlmRecommender train(
      TrainingData data, FlmConfig cfg, double carriedOffset, double carriedItemItem) {
    Engine engine = Torch.engine();
    Dataset ds = data.train();
    int nu = ds.userIndex().size();
    int ni = ds.itemIndex().size();
    Interactions all = ds.interactions();
    long seed = data.seed();
    // Fit / validation events.
    int[] fitRows;
    Interactions val = data.validation();
    String split;
    if (val != null) {
      fitRows = Permutations.range(all.size());
      split = "validation given (" + val.size() + " events)";
    } else if (cfg.validationFraction() > 0) {
      int[][] parts = UserEvents.holdOutLatest(all, cfg.validationFraction(), seed);
      fitRows = parts[0];
      val = all.select(parts[1]);
      split = "validation = latest " + cfg.validationFraction() + " of each user's events";
    } else {
      fitRows = Permutations.range(all.size());
      split = "no validation";
    }
    Interactions fit = all.select(fitRows);
    int[][] fitHist = UserEvents.histories(fit, nu);
    int[][] fitChrono = UserEvents.chronological(fit, nu);
    int[][] fullChrono = UserEvents.chronological(all, nu);
    int[] counts = new int[ni];
    for (int i : fit.items()) {
      counts[i]++;
    }
    if (cfg.hasItemItem()) {
      checkItemItemSize(cfg, all);
    }
    boolean[] seen = new boolean[ni];
    unseen = new float[ni];
    for (int i = 0; i < ni; i++) {
      seen[i] = counts[i] > 0;
      unseen[i] = seen[i] ? 0f : -1e9f;
    }
    TextInputs text = textInputs(ds, cfg, seed);
    TextTower tower = text.tower();
    String encoderName = text.encoderName();
    int itemsWithoutText = text.itemsWithoutText();
    float[][] features = readFeatures(cfg, ds);
    // Validation targets.
    int[][] valItems = val == null ? null : UserEvents.histories(val, nu);
    // Validation ranks the items with training evidence: a catalogue item with no event in the
    // training data can never be a validation target, so ranking it would only measure how far
    // items without evidence intrude (on a cold-item split, every held-out item).
    boolean[] candidate = new boolean[ni];
    for (int i : all.items()) {
      candidate[i] = true;
    }
    if (val != null) {
      for (int i : val.items()) {
        candidate[i] = true;
      }
    }
    String fingerprint = UserEvents.fingerprint(all);
    Map<String, List<Double>> history = new LinkedHashMap<>();
    history.put("loss", new ArrayList<>(historyBefore.getOrDefault("loss", List.of())));
    if (val != null) {
      history.put(VAL_METRIC, new ArrayList<>(historyBefore.getOrDefault(VAL_METRIC, List.of())));
    }
    try (NDManager root = Torch.newManager();
        FlmNetwork net =
            new FlmNetwork(cfg, nu, ni, seen, tower, text.userText(), features, seed, root)) {
      setInitial(net);
      AdamW opt = optimizer(cfg, net);

      boolean softmax = "softmax".equals(cfg.loss());
      int batch = cfg.effectiveBatchSize();
      int stepsPerEpoch =
          Math.max(1, (int) Math.ceil((softmax ? nu : fit.size()) / (double) batch));
      long totalSteps = (long) stepsPerEpoch * cfg.epochs();
      long warmSteps = Math.round(cfg.warmupEpochs() * stepsPerEpoch);
      NegativeSampler sampler = new NegativeSampler(counts, cfg.negativeSampling());
      float[] tailWeight = tailWeights(counts, cfg.tailBoost());

      Set<String> coldHead = new HashSet<>(net.coldHeadNames());
      boolean coldVal = val != null && net.useColdHead;
      if (coldVal) {
        history.put(
            VAL_COLD_METRIC,
            new ArrayList<>(historyBefore.getOrDefault(VAL_COLD_METRIC, List.of())));
      }
      int startEpoch = 1;
      boolean sharedText = coldVal && tower != null && tower.trainable();
      String ckptKey = cfg.asMap() + "|" + fingerprint + "|" + seed + "|" + encoderName;
      Path ckpt =
          cfg.checkpointDir() == null ? null : cfg.checkpointDir().resolve(TrainingCheckpoint.FILE);
      TrainingCheckpoint.Resume resumed =
          ckpt != null && Files.isRegularFile(ckpt)
              ? TrainingCheckpoint.resume(ckpt, ckptKey, opt, history)
              : null;
      EpochChoice choice =
          new EpochChoice(
              cfg,
              startingModel,
              coldVal,
              sharedText,
              net.coldHeadNames(),
              coldVal ? history.get(VAL_COLD_METRIC) : List.of(),
              carriedOffset);
      if (resumed != null) {
        startEpoch = resumed.epoch() + 1;
        choice.resume(resumed);
      }
      if (startingModel && val != null && startEpoch == 1) {
        Validation v = validate(net, root, fitHist, fitChrono, valItems, candidate, false);
        double cold =
            coldVal
                ? validate(net, root, fitHist, fitChrono, valItems, candidate, true).ndcg()
                : Double.NaN;
        choice.startWith(v.ndcg(), cold, v.offset(), values(net));
      }
      // libtorch's activations live outside the Java heap: stop before the OS would kill us.
      MemoryWatch memory = MemoryWatch.ofThisProcess();
      for (int epoch = startEpoch; epoch <= cfg.epochs(); epoch++) {
        if (choice.stopsBefore(epoch)) {
          break;
        }
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + epoch);
        coldRnd = new SplittableRandom((seed * 1_000_003L + epoch) ^ 0x9E3779B97F4A7C15L);
        engine.setRandomSeed((int) (seed * 31 + epoch));
        double lossSum = 0;
        int lossN = 0;
        int[] order =
            softmax ? Permutations.permutation(nu, rnd) : eventOrder(fit, counts, tailWeight, rnd);
        for (int s = 0; s < stepsPerEpoch; s++) {
          int from = s * batch;
          int to = Math.min(order.length, from + batch);
          if (from >= to) {
            break;
          }
          int[] rows = Arrays.copyOfRange(order, from, to);
          double lrScale = lrScale(opt.steps(), warmSteps, totalSteps);
          boolean update = accumulate <= 1 || (s + 1) % accumulate == 0 || s == stepsPerEpoch - 1;
          memory.beforeStep(epoch, s, batch, cfg.effectiveNegatives());
          float loss;
          try {
            loss =
                step(
                    net,
                    engine,
                    root,
                    opt,
                    coldHead,
                    epoch,
                    s,
                    lrScale,
                    update,
                    m ->
                        softmax
                            ? softmaxLoss(net, m, rows, fitHist, fitChrono, tailWeight, rnd)
                            : sampledLoss(
                                net, m, rows, fit, fitHist, fitChrono, counts, sampler, rnd));
          } catch (RuntimeException | OutOfMemoryError e) {
            throw OutOfMemory.inTraining(e, epoch, s, batch, cfg.effectiveNegatives());
          }
          memory.afterStep();
          lossSum += loss;
          lossN++;
        }
        checkFinite(net, epoch);
        double epochLoss = lossSum / Math.max(1, lossN);
        history.get("loss").add(epochLoss);
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (val != null) {
          if (tower != null) {
            tower.weightsChanged(); // validate what this epoch ends with, not a snapshot of before
          }
          Validation v = validate(net, root, fitHist, fitChrono, valItems, candidate, false);
          double ndcg = v.ndcg();
          history.get(VAL_METRIC).add(ndcg);
          metrics.put(VAL_METRIC, ndcg);
          double cold = Double.NaN;
          if (coldVal) {
            cold = validate(net, root, fitHist, fitChrono, valItems, candidate, true).ndcg();
            history.get(VAL_COLD_METRIC).add(cold);
            metrics.put(VAL_COLD_METRIC, cold);
          }
          choice.offer(epoch, ndcg, cold, v.offset(), () -> values(net));
        }
        if (ckpt != null) {
          TrainingCheckpoint.save(ckpt, ckptKey, opt, epoch, choice, history);
        }
        data.listener().onEpoch(epoch, cfg.epochs(), epochLoss, metrics);
      }
      Map<String, float[]> bestParams = choice.bestParams();
      int bestEpoch = choice.bestEpoch();
      double bestOffset = choice.bestOffset();
      if (bestParams != null) {
        restore(net, bestParams);
      }
      ItemItemChoice itemItem =
          !cfg.hasItemItem()
              ? new ItemItemChoice(0, Double.NaN, null, "")
              : val != null
                  ? chooseItemItemWeight(
                      net, root, cfg, fit, fitHist, fitChrono, valItems, candidate)
                  : givenItemItemWeight(cfg, carriedItemItem);
      double offset = Double.isNaN(itemItem.offset()) ? bestOffset : itemItem.offset();
      double itemItemWeight = itemItem.weight();
      SparseMatrix fitWeights = itemItem.fitted();
      if (cfg.refit() && val != null && bestEpoch > 0 && data.validation() == null) {
        FlmConfig again = withEpochs(cfg, bestEpoch);
        TrainingData full =
            new TrainingData(ds, null, seed, data.listener(), data.dataDescription());
        return train(full, again, offset, itemItemWeight);
      }
      String bestNote =
          bestEpoch > 0
              ? "; best epoch " + bestEpoch
              : startingModel && bestParams != null
                  ? "; best epoch 0 (no epoch beat the starting model)"
                  : "";
      String outcome =
          bestNote
              + (offset != 0
                  ? String.format(java.util.Locale.ROOT, "; new-item offset %.4f", offset)
                  : "")
              + itemItem.note();
      if (onTrained != null) {
        onTrained.accept(
            new TrainedStage(
                values(net), outcome.isEmpty() ? "no validation" : outcome.substring(2)));
      }
      FlmParts parts = export(net, root, fullChrono, (float) offset);
      ItemNeighbours neighbours =
          itemItemWeight > 0
              ? new ItemNeighbours(
                  (float) itemItemWeight,
                  // A validation set given apart from the training events: fit = all, fitted once.
                  fitWeights != null && fit.size() == all.size()
                      ? fitWeights
                      : itemItemWeights(cfg, all),
                  csrPtr(fullChrono),
                  csrItems(fullChrono))
              : null;
      Map<String, String> hyper = new LinkedHashMap<>(cfg.asMap());
      hyper.putAll(extraHyperparameters);
      Provenance prov =
          Provenance.now(
                  FlmRecommender.TYPE,
                  hyper,
                  data.dataDescription(),
                  fingerprint,
                  (stageNote == null ? "" : stageNote + "; then ") + split + outcome,
                  seed,
                  encoderName)
              .withHistory(history);
      Map<String, byte[]> attachments = new LinkedHashMap<>();
      byte[] png = TrainingCurve.png(history, data.listener()::onWarning);
      if (png != null) {
        attachments.put(TrainingCurve.FILE, png);
      }
      if (tower != null) {
        attachments.putAll(tower.attachments());
      }
      if (ckpt != null) {
        try {
          Files.deleteIfExists(ckpt);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return new FlmRecommender(
          ds.userIndex(),
          ds.itemIndex(),
          parts,
          neighbours,
          encoderName,
          itemsWithoutText,
          prov,
          attachments);
    }
  }

  /**
   * One optimizer step: the loss {@code lossOf} builds in the step's own manager, its gradients
   * (divided by the accumulation count), the divergence checks and, when {@code update}, AdamW's
   * update at {@code lrScale} with the gradients clipped by the warm parameters' norm (the
   * cold-start head must not rescale them). Returns the step's loss.
   */
  private float step(
      FlmNetwork net,
      Engine engine,
      NDManager root,
      AdamW opt,
      Set<String> coldHead,
      int epoch,
      int s,
      double lrScale,
      boolean update,
      Function<NDManager, NDArray> lossOf) {
    try (NDScope scope = new NDScope();
        NDManager step = root.newSubManager()) {
      scope.suppressNotUsedWarning();
      float loss;
      try (GradientCollector gc = engine.newGradientCollector()) {
        NDArray l = lossOf.apply(step);
        loss = l.getFloat();
        gc.backward(accumulate > 1 ? Scalars.div(l, accumulate) : l);
      }
      String[] bad = new String[1];
      double norm = opt.gradientNorm(bad, coldHead);
      if (bad[0] != null) {
        throw new TrainingDivergedException(
            epoch,
            groupsOf(net, bad[0]),
            "gradient of "
                + label(net, bad[0])
                + " not finite in step "
                + (s + 1)
                + "; loss "
                + loss);
      }
      if (!Float.isFinite(loss)) {
        throw diverged(net, epoch, "loss is " + loss);
      }
      double clip = net.config.clipNorm();
      if (update) {
        opt.step(lrScale, clip > 0 && norm > clip ? clip / norm : 1);
      }
      return loss;
    }
  }

  // ---------------------------------------------------------------- set-up

  /** Where the text vectors come from, for the run's provenance and network. */
  private record TextInputs(
      TextTower tower, float[][] userText, int itemsWithoutText, String encoderName) {}

  /**
   * The item text tower (frozen over the text source, or the configured factory's) and users'
   * texts.
   */
  private TextInputs textInputs(Dataset ds, FlmConfig cfg, long seed) {
    int nu = ds.userIndex().size();
    int ni = ds.itemIndex().size();
    if (!cfg.itemText() && !cfg.historyText() && !cfg.userText()) {
      return new TextInputs(null, null, ni, "none");
    }
    TextSource src = null;
    TextTower tower;
    if (towerFactory != null) {
      tower = towerFactory.create(ds, cfg, seed);
    } else {
      src = textSource(cfg);
      tower = frozenTower(ds, src, cfg, seed);
    }
    int itemsWithoutText = 0;
    for (int i = 0; i < ni; i++) {
      if (!tower.hasText(i)) {
        itemsWithoutText++;
      }
    }
    float[][] userText = null;
    if (cfg.userText() && hasAnyText(ds.users())) {
      List<String> texts = new ArrayList<>(nu);
      for (int u = 0; u < nu; u++) {
        texts.add(ds.users().defaultText(u));
      }
      userText = (src != null ? src : textSource(cfg)).encodeQueries(texts);
    }
    return new TextInputs(tower, userText, itemsWithoutText, tower.name());
  }

  /** The text source given to this trainer, else the configured encoder's. */
  private TextSource textSource(FlmConfig cfg) {
    return source != null ? source : sources.apply(cfg.encoder());
  }

  /** The {@code features} file's vectors by item index, or null when none is configured. */
  private static float[][] readFeatures(FlmConfig cfg, Dataset ds) {
    if (cfg.features() == null) {
      return null;
    }
    try {
      return FeatureFile.read(cfg.features(), ds.itemIndex()).vectors();
    } catch (DataFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(cfg.features() + ": " + e.getMessage(), e);
    }
  }

  /** Sets the parameters a run starts from ({@code init-from} or an earlier stage's model). */
  private void setInitial(FlmNetwork net) {
    initial.forEach(
        (n, v) -> {
          NDArray a = net.params.get(n);
          if (a == null) {
            return;
          }
          if (a.size() != v.length) {
            throw new IllegalArgumentException(
                "init-from: parameter '"
                    + n
                    + "' has "
                    + v.length
                    + " values in the model started from, this run needs "
                    + a.size()
                    + " (shape "
                    + a.getShape()
                    + "); use the same encoder and dim as that model");
          }
          Torch.copyInto(a, startingModel ? v : net.fromSaved(n, v));
        });
  }

  /** AdamW over the network's parameters, one learning-rate group per role. */
  private static AdamW optimizer(FlmConfig cfg, FlmNetwork net) {
    AdamW opt = new AdamW();
    Map<String, AdamW.Group> groups = new LinkedHashMap<>();
    groups.put(
        FlmNetwork.EMBEDDINGS,
        new AdamW.Group(FlmNetwork.EMBEDDINGS, cfg.lr(), cfg.weightDecay(), cfg.l1()));
    groups.put(
        FlmNetwork.PROJECTIONS,
        new AdamW.Group(
            FlmNetwork.PROJECTIONS, cfg.projectionLr(), cfg.projectionWeightDecay(), 0));
    groups.put(
        FlmNetwork.ENCODER,
        new AdamW.Group(FlmNetwork.ENCODER, cfg.encoderLr(), cfg.projectionWeightDecay(), 0));
    net.params.forEach((n, a) -> opt.add(n, groups.get(net.groups.get(n)), a));
    return opt;
  }

  // ---------------------------------------------------------------- losses

  private NDArray softmaxLoss(
      FlmNetwork net,
      NDManager step,
      int[] users,
      int[][] fitHist,
      int[][] fitChrono,
      float[] tailWeight,
      SplittableRandom rnd) {
    FlmConfig cfg = net.config;
    int ni = net.numItems;
    int b = users.length;
    float[] target = new float[b * ni];
    int[][] inputs = new int[b][];
    for (int r = 0; r < b; r++) {
      int[] chrono = fitChrono[users[r]];
      int n = chrono.length;
      int cut = 0;
      if ("future".equals(cfg.target()) && n >= 2) {
        // Predict a random suffix of the user's history from what came before it.
        int lo = Math.max(1, n / 2);
        cut = lo + rnd.nextInt(n - lo);
      }
      inputs[r] = cut == 0 ? chrono : Arrays.copyOf(chrono, cut);
      double sum = 0;
      for (int k = cut; k < n; k++) {
        sum += tailWeight[chrono[k]];
      }
      double norm = "users".equals(cfg.userWeighting()) ? b / Math.max(1e-9, sum) : 1;
      for (int k = cut; k < n; k++) {
        target[r * ni + chrono[k]] += (float) (tailWeight[chrono[k]] * norm);
      }
    }
    NDArray pool = net.hasHistory() ? poolRows(step, inputs, ni, true, rnd) : null;
    NDArray hist = net.hasHistory() ? net.historyVectors(step, true) : null;
    NDArray[] qb =
        net.tower != null && net.tower.trainable()
            ? net.items(
                step,
                null,
                true,
                rnd,
                net.tower.currentRowsFromTargets()
                    ? targetsInRandomOrder(target, b, ni, rnd)
                    : seenInRandomOrder(rnd))
            : net.items(step, null, true, rnd);
    NDArray p = net.users(step, users, pool, hist);
    // Items nobody interacted with in training are no evidence either way: leave them out.
    NDArray mask = unseenMask(step, net).reshape(1, ni);
    NDArray t = step.create(target, new Shape(b, ni));
    NDArray loss = softmaxCe(net.logits(p, qb[0], qb[1]).add(mask), t);
    if (net.useColdHead && cfg.coldWeight() > 0) {
      NDArray[] c =
          coldMix(net, step, qb, net.coldItems(step, null, net.tower.trainable() ? qb[2] : null));
      NDArray cold = softmaxCe(net.logits(p.stopGradient(), c[0], c[1]).add(mask), t);
      loss = loss.add(Scalars.mul(cold, cfg.coldWeight()));
    }
    return loss;
  }

  /**
   * The distinct items with a positive target in a full-softmax step (rows x items), in a seeded
   * random order: a trainable text tower encodes a prefix of them with gradients.
   */
  private static int[] targetsInRandomOrder(
      float[] target, int rows, int ni, SplittableRandom rnd) {
    boolean[] hit = new boolean[ni];
    int n = 0;
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < ni; i++) {
        if (target[r * ni + i] > 0 && !hit[i]) {
          hit[i] = true;
          n++;
        }
      }
    }
    int[] out = new int[n];
    int k = 0;
    for (int i = 0; i < ni; i++) {
      if (hit[i]) {
        out[k++] = i;
      }
    }
    return Permutations.shuffle(out, rnd);
  }

  /** The items in the softmax (those with training events), in a seeded random order. */
  private int[] seenInRandomOrder(SplittableRandom rnd) {
    int n = 0;
    for (float u : unseen) {
      if (u == 0f) {
        n++;
      }
    }
    int[] out = new int[n];
    int k = 0;
    for (int i = 0; i < unseen.length; i++) {
      if (unseen[i] == 0f) {
        out[k++] = i;
      }
    }
    return Permutations.shuffle(out, rnd);
  }

  private static NDArray softmaxCe(NDArray logits, NDArray target) {
    return target.mul(logits.logSoftmax(1)).sum().neg().div(target.sum());
  }

  /**
   * The items of the cold-start head's loss: each item (row) with probability {@code cold-share}
   * from the head, the others from the warm path with their gradient stopped. Users are detached
   * too, so only the head learns from this loss: to rank text-only items among themselves and,
   * calibrated, among known items (new and known items meet in one ranking when serving). Drawn
   * from a generator of its own, so the warm path's random streams are untouched.
   */
  private NDArray[] coldMix(FlmNetwork net, NDManager step, NDArray[] warm, NDArray[] cold) {
    int n = (int) warm[1].size();
    double share = net.config.coldShare();
    float[] m = new float[n];
    for (int r = 0; r < n; r++) {
      m[r] = share >= 1 || coldRnd.nextDouble() < share ? 1f : 0f;
    }
    NDArray c = step.create(m);
    NDArray w = c.neg().add(1f);
    return new NDArray[] {
      warm[0].stopGradient().mul(w.reshape(n, 1)).add(cold[0].mul(c.reshape(n, 1))),
      warm[1].stopGradient().mul(w).add(cold[1].mul(c))
    };
  }

  private SplittableRandom coldRnd = new SplittableRandom(0);

  private NDArray sampledLoss(
      FlmNetwork net,
      NDManager step,
      int[] rows,
      Interactions fit,
      int[][] fitHist,
      int[][] fitChrono,
      int[] counts,
      NegativeSampler sampler,
      SplittableRandom rnd) {
    FlmConfig cfg = net.config;
    int b = rows.length;
    int[] rowUser = new int[b];
    int[] pos = new int[b];
    for (int r = 0; r < b; r++) {
      rowUser[r] = fit.users()[rows[r]];
      pos[r] = fit.items()[rows[r]];
    }
    // Unique users of the batch, so each user vector (and its pooled history) is computed once.
    int[] userPos = new int[b];
    Map<Integer, Integer> where = new LinkedHashMap<>();
    for (int r = 0; r < b; r++) {
      userPos[r] = where.computeIfAbsent(rowUser[r], k -> where.size());
    }
    int[] users = where.keySet().stream().mapToInt(Integer::intValue).toArray();
    NDArray pool =
        net.hasHistory() ? poolMatrix(step, users, fitChrono, net.numItems, true, rnd) : null;
    NDArray hist = net.hasHistory() ? net.historyVectors(step, true) : null;
    NDArray pu = net.users(step, users, pool, hist);
    NDArray p = pu.get(step.create(FlmNetwork.toLong(userPos)));
    int k = cfg.effectiveNegatives();
    int[] cand;
    if ("sampled-softmax".equals(cfg.loss())) {
      cand = new int[b + k];
      System.arraycopy(pos, 0, cand, 0, b);
      for (int j = 0; j < k; j++) {
        cand[b + j] = sampler.sample(rnd);
      }
    } else {
      cand = new int[b + b * k];
      System.arraycopy(pos, 0, cand, 0, b);
      for (int r = 0; r < b; r++) {
        for (int j = 0; j < k; j++) {
          int neg;
          int tries = 0;
          do {
            neg = sampler.sample(rnd);
          } while (Arrays.binarySearch(fitHist[rowUser[r]], neg) >= 0 && ++tries < 20);
          cand[b + r * k + j] = neg;
        }
      }
    }
    // Only the positives need current vectors: the tower may serve the others from its snapshot.
    NDArray[] qb = net.items(step, cand, true, rnd, Arrays.copyOf(cand, b));
    NDArray loss = candidateLoss(net, step, p, qb, pos, cand, fit, counts, sampler);
    if (net.useColdHead && cfg.coldWeight() > 0) {
      // A frozen tower's vectors are asked again (so the head sees them without field dropout); a
      // trainable tower's are reused: encoding them twice would double the encoder's work.
      NDArray[] c =
          coldMix(net, step, qb, net.coldItems(step, cand, net.tower.trainable() ? qb[2] : null));
      NDArray cold = candidateLoss(net, step, p.stopGradient(), c, pos, cand, fit, counts, sampler);
      loss = loss.add(Scalars.mul(cold, cfg.coldWeight()));
    }
    return loss;
  }

  /** The sampled loss of rows {@code p} (positives {@code pos}) over candidates {@code cand}. */
  private static NDArray candidateLoss(
      FlmNetwork net,
      NDManager step,
      NDArray p,
      NDArray[] qb,
      int[] pos,
      int[] cand,
      Interactions fit,
      int[] counts,
      NegativeSampler sampler) {
    FlmConfig cfg = net.config;
    int b = pos.length;
    int k = cfg.effectiveNegatives();
    switch (cfg.loss()) {
      case "sampled-softmax" -> {
        NDArray logits = net.logits(p, qb[0], qb[1]);
        int c = b + k;
        float[] adjust = new float[b * c];
        float[] logQ = new float[c];
        double total = fit.size();
        for (int j = 0; j < c; j++) {
          logQ[j] =
              j < b
                  ? (float) Math.log(b * counts[cand[j]] / total)
                  : (float) Math.log(k * sampler.probability(cand[j]));
        }
        for (int r = 0; r < b; r++) {
          for (int j = 0; j < c; j++) {
            float a = cfg.popularityCorrection() ? -logQ[j] : 0f;
            if (j != r && cand[j] == pos[r]) {
              a = -1e9f; // accidental hit: the row's own positive elsewhere in the candidates
            }
            adjust[r * c + j] = a;
          }
        }
        NDArray lp = logits.add(step.create(adjust, new Shape(b, c))).logSoftmax(1);
        float[] eye = new float[b * c];
        for (int r = 0; r < b; r++) {
          eye[r * c + r] = 1f;
        }
        return Scalars.div(lp.mul(step.create(eye, new Shape(b, c))).sum().neg(), b);
      }
      case "bpr", "bce" -> {
        NDArray qPos = qb[0].get("0:" + b);
        NDArray bPos = qb[1].get("0:" + b);
        NDArray qNeg = qb[0].get(b + ":");
        NDArray bNeg = qb[1].get(b + ":");
        NDArray sPos = net.pairScores(p, qPos, bPos);
        NDArray sNeg = net.pairScores(p.repeat(0, k), qNeg, bNeg).reshape(b, k);
        if ("bpr".equals(cfg.loss())) {
          return FlmNetwork.softplus(sNeg.sub(sPos.reshape(b, 1))).mean();
        }
        return Scalars.div(
            FlmNetwork.softplus(sPos.neg()).sum().add(FlmNetwork.softplus(sNeg).sum()), b);
      }
      default -> throw new IllegalStateException("unknown loss " + cfg.loss());
    }
  }

  private float[] unseen;

  private NDArray unseenMask(NDManager step, FlmNetwork net) {
    if (unseen == null) {
      throw new IllegalStateException("unseen mask not prepared");
    }
    return step.create(unseen);
  }

  /**
   * Pooling weights of users' histories ({@code hist} oldest first), with history dropout when
   * training.
   */
  private NDArray poolMatrix(
      NDManager step, int[] users, int[][] hist, int ni, boolean training, SplittableRandom rnd) {
    int[][] rows = new int[users.length][];
    for (int r = 0; r < users.length; r++) {
      rows[r] = hist[users[r]];
    }
    return poolRows(step, rows, ni, training, rnd);
  }

  /** Pooling weights of the given histories (oldest first), one row each. */
  private NDArray poolRows(
      NDManager step, int[][] rows, int ni, boolean training, SplittableRandom rnd) {
    double drop = training ? config.historyDropout() : 0;
    float[] w = new float[rows.length * ni];
    int[] kept = new int[ni];
    for (int r = 0; r < rows.length; r++) {
      int n = 0;
      for (int i : rows[r]) {
        if (drop == 0 || rnd.nextDouble() >= drop) {
          kept[n++] = i;
        }
      }
      if (n == 0) {
        continue;
      }
      float[] v = FlmParts.poolWeights(n, config.pooling(), config.recencyHalfLife());
      for (int j = 0; j < n; j++) {
        w[r * ni + kept[j]] += v[j];
      }
    }
    return step.create(w, new Shape(rows.length, ni));
  }

  // ---------------------------------------------------------------- validation and export

  /** A validation pass: NDCG@10 and the new-item offset it was measured with (0 when none). */
  record Validation(double ndcg, double offset) {}

  private Validation validate(
      FlmNetwork net,
      NDManager root,
      int[][] fitHist,
      int[][] fitChrono,
      int[][] valItems,
      boolean[] candidate,
      boolean cold) {
    int[] users = validationUsers(valItems);
    if (users.length == 0) {
      return new Validation(0, 0);
    }
    float[] scores = scores(net, root, users, fitChrono, cold);
    return rank(net, scores, users, fitHist, valItems, candidate, !cold);
  }

  /** The network's scores of every item, one row per user in {@code users}. */
  private float[] scores(
      FlmNetwork net, NDManager root, int[] users, int[][] fitChrono, boolean cold) {
    int ni = net.numItems;
    try (NDScope scope = new NDScope();
        NDManager step = root.newSubManager()) {
      scope.suppressNotUsedWarning();
      NDArray pool = net.hasHistory() ? poolMatrix(step, users, fitChrono, ni, false, null) : null;
      NDArray hist = net.hasHistory() ? net.historyVectors(step, false) : null;
      NDArray[] qb = cold ? net.coldItems(step, null, null) : net.items(step, null, false, null);
      NDArray p = net.users(step, users, pool, hist);
      return net.logits(p, qb[0], qb[1]).toFloatArray();
    }
  }

  /**
   * Validation NDCG@10 of {@code scores} (one row per user in {@code users}), with the new-item
   * offset fitted on them first when {@code withOffset} and the model calibrates one.
   */
  private static Validation rank(
      FlmNetwork net,
      float[] scores,
      int[] users,
      int[][] fitHist,
      int[][] valItems,
      boolean[] candidate,
      boolean withOffset) {
    int ni = net.numItems;
    boolean[] isNew = new boolean[ni];
    for (int i = 0; i < ni; i++) {
      isNew[i] = candidate[i] && !net.hasIdPart(i);
    }
    double offset = 0;
    if (withOffset && net.config.newItemOffset()) {
      int[][] targets = new int[users.length][];
      for (int r = 0; r < users.length; r++) {
        targets[r] = valItems[users[r]];
      }
      offset = newItemOffset(scores, ni, candidate, isNew, users, fitHist, targets);
    }
    double sum = 0;
    float[] row = new float[ni];
    for (int r = 0; r < users.length; r++) {
      System.arraycopy(scores, r * ni, row, 0, ni);
      for (int i = 0; i < ni; i++) {
        if (!candidate[i]) {
          row[i] = Float.NEGATIVE_INFINITY;
        } else if (isNew[i]) {
          row[i] += (float) offset;
        }
      }
      sum += ndcg(row, fitHist[users[r]], valItems[users[r]]);
    }
    return new Validation(sum / users.length, offset);
  }

  /**
   * The maximum-likelihood offset δ of new items' scores under the softmax over each user's
   * candidates: the δ at which the probability mass the model puts on new items, summed over the
   * validation events, equals the number of validation events that go to new items (plus one half,
   * so that δ stays finite when none do). {@code scores} holds one row of {@code ni} scores per
   * user in {@code users}; {@code targets} their validation items (sorted); the user's own history
   * {@code hist} (sorted) is neither candidate nor target. 0 when no candidate is new.
   */
  static double newItemOffset(
      float[] scores,
      int ni,
      boolean[] candidate,
      boolean[] isNew,
      int[] users,
      int[][] hist,
      int[][] targets) {
    int n = users.length;
    double[] gap = new double[n]; // log mass of new candidates minus log mass of known ones
    double[] events = new double[n];
    double observed = 0.5;
    boolean anyNew = false;
    for (int r = 0; r < n; r++) {
      int[] h = hist[users[r]];
      double maxNew = Double.NEGATIVE_INFINITY;
      double maxKnown = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < ni; i++) {
        if (candidate[i] && Arrays.binarySearch(h, i) < 0) {
          double s = scores[r * ni + i];
          if (isNew[i]) {
            maxNew = Math.max(maxNew, s);
          } else {
            maxKnown = Math.max(maxKnown, s);
          }
        }
      }
      if (maxNew == Double.NEGATIVE_INFINITY || maxKnown == Double.NEGATIVE_INFINITY) {
        gap[r] = maxNew == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : 0;
      } else {
        anyNew = true;
        double sumNew = 0;
        double sumKnown = 0;
        for (int i = 0; i < ni; i++) {
          if (candidate[i] && Arrays.binarySearch(h, i) < 0) {
            double s = scores[r * ni + i];
            if (isNew[i]) {
              sumNew += Math.exp(s - maxNew);
            } else {
              sumKnown += Math.exp(s - maxKnown);
            }
          }
        }
        gap[r] = maxNew + Math.log(sumNew) - maxKnown - Math.log(sumKnown);
      }
      for (int i : targets[r]) {
        if (candidate[i] && Arrays.binarySearch(h, i) < 0) {
          events[r]++;
          if (isNew[i]) {
            observed++;
          }
        }
      }
    }
    if (!anyNew) {
      return 0;
    }
    // The expected count of new-item events is increasing in δ: bisection.
    double lo = -50;
    double hi = 50;
    for (int it = 0; it < 100; it++) {
      double mid = (lo + hi) / 2;
      double expected = 0;
      for (int r = 0; r < n; r++) {
        if (events[r] > 0 && gap[r] != Double.NEGATIVE_INFINITY) {
          expected += events[r] / (1 + Math.exp(-(mid + gap[r])));
        }
      }
      if (expected < observed) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /**
   * The item-item weight chosen on validation, the new-item offset fitted with it (NaN: keep the
   * one validation chose), the item-item weights fit on the fit events, and a note.
   */
  record ItemItemChoice(double weight, double offset, SparseMatrix fitted, String note) {}

  /**
   * The item-item weight of a run without validation: the configured one, else the one a refit
   * carries from its first run, else 0.
   */
  private static ItemItemChoice givenItemItemWeight(FlmConfig cfg, double carried) {
    boolean auto = Double.isNaN(cfg.itemItemWeight());
    double w = !auto ? cfg.itemItemWeight() : Double.isNaN(carried) ? 0 : carried;
    String note =
        String.format(
            java.util.Locale.ROOT,
            "; item-item weight %s",
            auto && Double.isNaN(carried) ? "0 (auto needs validation data)" : fmt(w));
    return new ItemItemChoice(w, Double.NaN, null, note);
  }

  /** The users with at least one validation item, ascending. */
  private static int[] validationUsers(int[][] valItems) {
    int n = 0;
    for (int[] v : valItems) {
      if (v.length > 0) {
        n++;
      }
    }
    int[] users = new int[n];
    int k = 0;
    for (int u = 0; u < valItems.length; u++) {
      if (valItems[u].length > 0) {
        users[k++] = u;
      }
    }
    return users;
  }

  /**
   * Chooses the scale of the item-item term on the validation carve: EASE's weights are fit on the
   * fit events, added to the trained network's scores at each scale of a grid that includes 0 (the
   * factor model alone), and the scale with the best validation NDCG@10 wins (the smaller one on a
   * tie); the new-item offset is refitted for every scale, since the term moves known items' scores
   * and not new ones'. A fixed {@code item-item-weight} is used as given, with the offset refitted.
   */
  private ItemItemChoice chooseItemItemWeight(
      FlmNetwork net,
      NDManager root,
      FlmConfig cfg,
      Interactions fit,
      int[][] fitHist,
      int[][] fitChrono,
      int[][] valItems,
      boolean[] candidate) {
    int ni = net.numItems;
    int[] users = validationUsers(valItems);
    SparseMatrix w = itemItemWeights(cfg, fit);
    if (users.length == 0) {
      double fixed = Double.isNaN(cfg.itemItemWeight()) ? 0 : cfg.itemItemWeight();
      return new ItemItemChoice(
          fixed, Double.NaN, w, "; item-item weight " + fmt(fixed) + " (no validation users)");
    }
    float[] base = scores(net, root, users, fitChrono, false);
    ItemNeighbours term = new ItemNeighbours(1f, w, csrPtr(fitHist), csrItems(fitHist));
    float[] e = new float[base.length];
    float[] row = new float[ni];
    for (int r = 0; r < users.length; r++) {
      Arrays.fill(row, 0f);
      term.addForUser(users[r], row);
      System.arraycopy(row, 0, e, r * ni, ni);
    }
    float[] blended = new float[base.length];
    java.util.function.DoubleFunction<Validation> at =
        a -> {
          for (int k = 0; k < blended.length; k++) {
            blended[k] = base[k] + (float) a * e[k];
          }
          return rank(net, blended, users, fitHist, valItems, candidate, true);
        };
    if (!Double.isNaN(cfg.itemItemWeight())) {
      Validation v = at.apply(cfg.itemItemWeight());
      return new ItemItemChoice(
          cfg.itemItemWeight(),
          v.offset(),
          w,
          String.format(
              java.util.Locale.ROOT,
              "; item-item weight %s (validation NDCG@10 %.4f)",
              fmt(cfg.itemItemWeight()),
              v.ndcg()));
    }
    Validation none = at.apply(0);
    double bestW = 0;
    Validation best = none;
    int bestK = Integer.MIN_VALUE;
    for (int k = -2; k <= 9; k++) {
      Validation v = at.apply(Math.pow(2, k));
      if (v.ndcg() > best.ndcg()) {
        best = v;
        bestW = Math.pow(2, k);
        bestK = k;
      }
    }
    if (bestK != Integer.MIN_VALUE) {
      for (double k : new double[] {bestK - 0.5, bestK + 0.5}) {
        Validation v = at.apply(Math.pow(2, k));
        if (v.ndcg() > best.ndcg()) {
          best = v;
          bestW = Math.pow(2, k);
        }
      }
    }
    return new ItemItemChoice(
        bestW,
        best.offset(),
        w,
        String.format(
            java.util.Locale.ROOT,
            "; item-item weight %s chosen on validation (NDCG@10 %.4f without, %.4f with)",
            fmt(bestW),
            none.ndcg(),
            best.ndcg()));
  }

  /**
   * Refuses, before any training, a catalogue whose item-item term would not fit: EASE's dense
   * inverse over n items needs about 12 n² bytes of heap. Items are counted as EASE models them: by
   * their distinct users, so repeated events do not refuse a catalogue that would fit.
   */
  static void checkItemItemSize(FlmConfig cfg, Interactions events) {
    int n = Ease.modelledItemCount(events.toMatrix(), cfg.itemItemMinCount());
    if (n > cfg.itemItemMaxItems()) {
      throw new IllegalArgumentException(
          "flm: the item-item term would model "
              + n
              + " items (those with at least item-item-min-count="
              + cfg.itemItemMinCount()
              + " distinct users in training), above item-item-max-items="
              + cfg.itemItemMaxItems()
              + "; its dense EASE inverse would need about "
              + Math.max(1, (long) n * n * 12 / (1L << 30))
              + " GiB of heap. Raise item-item-min-count, raise item-item-max-items (and the heap),"
              + " or leave the term out with item-item=none");
    }
  }

  /** EASE's item-item weights over {@code events}, cut as the configuration says. */
  private static SparseMatrix itemItemWeights(FlmConfig cfg, Interactions events) {
    return Ease.sparseWeights(
        events.toMatrix(),
        cfg.itemItemLambda(),
        cfg.itemItemMinCount(),
        cfg.itemItemMaxItems(),
        cfg.itemItemKeep(),
        cfg.threads());
  }

  private static int[] csrPtr(int[][] rows) {
    int[] ptr = new int[rows.length + 1];
    for (int u = 0; u < rows.length; u++) {
      ptr[u + 1] = ptr[u] + rows[u].length;
    }
    return ptr;
  }

  private static int[] csrItems(int[][] rows) {
    int[] out = new int[csrPtr(rows)[rows.length]];
    int p = 0;
    for (int[] r : rows) {
      System.arraycopy(r, 0, out, p, r.length);
      p += r.length;
    }
    return out;
  }

  private static String fmt(double w) {
    return String.format(java.util.Locale.ROOT, "%.4g", w);
  }

  /** NDCG@10 of one user's scores with binary relevance; {@code exclude} and {@code rel} sorted. */
  static double ndcg(float[] scores, int[] exclude, int[] rel) {
    for (int i : exclude) {
      scores[i] = Float.NEGATIVE_INFINITY;
    }
    int[] top = new int[K];
    float[] topS = new float[K];
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      float s = scores[i];
      if (s == Float.NEGATIVE_INFINITY || (n == K && s <= topS[K - 1])) {
        continue;
      }
      int j = n < K ? n++ : K - 1;
      while (j > 0 && topS[j - 1] < s) {
        topS[j] = topS[j - 1];
        top[j] = top[j - 1];
        j--;
      }
      topS[j] = s;
      top[j] = i;
    }
    double dcg = 0;
    for (int r = 0; r < n; r++) {
      if (Arrays.binarySearch(rel, top[r]) >= 0) {
        dcg += 1 / (Math.log(r + 2) / Math.log(2));
      }
    }
    double idcg = 0;
    for (int r = 0; r < Math.min(K, rel.length); r++) {
      idcg += 1 / (Math.log(r + 2) / Math.log(2));
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  /**
   * The plain arrays of the trained network; items without an ID part (and the fold-in of new
   * items) get the new-item {@code offset} added to their bias.
   */
  private FlmParts export(FlmNetwork net, NDManager root, int[][] fullHist, float offset) {
    int nu = net.numUsers;
    int ni = net.numItems;
    int d = net.dim;
    try (NDScope scope = new NDScope();
        NDManager step = root.newSubManager()) {
      scope.suppressNotUsedWarning();
      NDArray[] qb = net.items(step, null, false, null);
      float[] itemVecs = qb[0].toFloatArray();
      float[] itemBias = qb[1].toFloatArray();
      for (int i = 0; i < ni; i++) {
        if (!net.hasIdPart(i)) {
          itemBias[i] += offset;
        }
      }
      NDArray hist = net.hasHistory() ? net.historyVectors(step, false) : null;
      int[] users = Permutations.range(nu);
      NDArray pool = hist == null ? null : poolMatrix(step, users, fullHist, ni, false, null);
      float[] userVecs = net.users(step, users, pool, hist).toFloatArray();
      boolean head = net.useColdHead;
      float[] itemTextProj = get(net, head ? "coldHeadTextW" : "itemTextW");
      float[] textBias = get(net, head ? "coldHeadTextBiasW" : "textBiasW");
      // A new item goes through the cold-start head when there is one, else through the same
      // projection as a known item's own text.
      return new FlmParts(
          d,
          userVecs,
          itemVecs,
          itemBias,
          "cosine".equals(net.config.score()),
          (float) net.config.temperature(),
          get(net, "userBase"),
          hist == null ? null : hist.toFloatArray(),
          net.config.pooling(),
          (float) net.config.recencyHalfLife(),
          net.useItemText || net.useUserText || net.useHistoryText ? net.textDim : 0,
          itemTextProj,
          get(net, "userTextW"),
          get(net, "historyTextW"),
          textBias,
          net.featureDim,
          net.rawFeatureProjection(head ? "coldHeadFeatureW" : "featureW"),
          get(net, head ? "coldHeadBase" : "itemBase"),
          get(net, head ? "coldHeadBias" : "coldBias")[0] + offset);
    }
  }

  /** The distinct groups of comma-separated parameter names, e.g. "embeddings', 'projections". */
  private static String groupsOf(FlmNetwork net, String names) {
    return String.join(
        "', '", Arrays.stream(names.split(",")).map(net.groups::get).distinct().toList());
  }

  /** Comma-separated parameter keys with their names where they have one, the first few only. */
  private static String label(FlmNetwork net, String names) {
    String[] keys = names.split(",");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(4, keys.length); i++) {
      String l = net.labels.get(keys[i]);
      out.add(l == null ? keys[i] : keys[i] + " (" + l + ")");
    }
    return String.join(", ", out) + (keys.length > 4 ? " and " + (keys.length - 4) + " more" : "");
  }

  private static float[] get(FlmNetwork net, String name) {
    NDArray a = net.params.get(name);
    return a == null ? null : a.toFloatArray();
  }

  // ---------------------------------------------------------------- helpers

  private static TrainingDivergedException diverged(FlmNetwork net, int epoch, String detail) {
    for (Map.Entry<String, NDArray> e : net.params.entrySet()) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray a = e.getValue();
        if (a.isNaN().any().getBoolean() || a.isInfinite().any().getBoolean()) {
          return new TrainingDivergedException(
              epoch, net.groups.get(e.getKey()), "'" + e.getKey() + "' is not finite; " + detail);
        }
      }
    }
    return new TrainingDivergedException(epoch, "loss", detail);
  }

  private static void checkFinite(FlmNetwork net, int epoch) {
    TrainingDivergedException e = diverged(net, epoch, "after the epoch's updates");
    if (!"loss".equals(e.group())) {
      throw e;
    }
  }

  private static Map<String, float[]> values(FlmNetwork net) {
    Map<String, float[]> m = new LinkedHashMap<>();
    net.params.forEach((n, a) -> m.put(n, a.toFloatArray()));
    return m;
  }

  private static void restore(FlmNetwork net, Map<String, float[]> values) {
    net.params.forEach((n, a) -> Torch.copyInto(a, values.get(n)));
    if (net.tower != null) {
      net.tower.weightsChanged();
    }
  }

  static double lrScale(long step, long warm, long total) {
    if (step < warm) {
      return (step + 1) / (double) warm;
    }
    double progress = total <= warm ? 1 : Math.min(1, (step - warm) / (double) (total - warm));
    return 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  private static float[] tailWeights(int[] counts, double boost) {
    float[] w = new float[counts.length];
    if (boost == 0) {
      Arrays.fill(w, 1f);
      return w;
    }
    double sum = 0;
    long n = 0;
    for (int c : counts) {
      if (c > 0) {
        sum += c * Math.pow(c, -boost);
        n += c;
      }
    }
    double norm = n / sum; // mean weight per event is 1
    for (int i = 0; i < counts.length; i++) {
      w[i] = counts[i] > 0 ? (float) (Math.pow(counts[i], -boost) * norm) : 1f;
    }
    return w;
  }

  /** Event order of one epoch: shuffled, or resampled toward long-tail items when boosted. */
  private int[] eventOrder(
      Interactions fit, int[] counts, float[] tailWeight, SplittableRandom rnd) {
    int n = fit.size();
    if (config.tailBoost() == 0) {
      return Permutations.permutation(n, rnd);
    }
    double[] cum = new double[n];
    double total = 0;
    for (int e = 0; e < n; e++) {
      total += tailWeight[fit.items()[e]];
      cum[e] = total;
    }
    int[] order = new int[n];
    for (int e = 0; e < n; e++) {
      int at = Arrays.binarySearch(cum, rnd.nextDouble() * total);
      order[e] = Math.min(n - 1, at >= 0 ? at : -at - 1);
    }
    return order;
  }

  private static boolean hasAnyText(Attributes a) {
    for (int i = 0; i < a.index().size(); i++) {
      if (!a.defaultText(i).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A frozen tower over {@code src}'s vectors of each item's text from the configured template
   * (and, for field dropout, of the text with each template field removed in turn).
   */
  public static FrozenTextTower frozenTower(Dataset ds, TextSource src, FlmConfig cfg, long seed) {
    Attributes items = ds.items();
    TextTemplate template = TextTemplate.resolve(cfg.template(), items);
    List<String> texts = template.renderAll(items);
    int ni = texts.size();
    boolean[] has = new boolean[ni];
    for (int i = 0; i < ni; i++) {
      has[i] = !texts.get(i).isBlank();
    }
    float[][] vectors = src.encode(texts);
    float[][][] variants = null;
    List<String> fields = template.fields().stream().filter(f -> !f.equals("id")).toList();
    if (cfg.fieldDropout() > 0 && fields.size() > 1) {
      variants = new float[fields.size()][][];
      for (int f = 0; f < fields.size(); f++) {
        Attributes without = without(items, fields.get(f));
        List<String> vt = new ArrayList<>(ni);
        for (int i = 0; i < ni; i++) {
          String t = template.render(without, i);
          vt.add(t.isBlank() ? texts.get(i) : t);
        }
        variants[f] = src.encode(vt);
      }
    }
    return new FrozenTextTower(src.name(), vectors, has, variants, cfg.fieldDropout(), seed);
  }

  private static Attributes without(Attributes a, String field) {
    Map<String, Attributes.Field> m = new LinkedHashMap<>(a.fields());
    m.remove(field);
    return new Attributes(a.index(), m);
  }

  private static FlmConfig withEpochs(FlmConfig c, int epochs) {
    Map<String, String> m = new LinkedHashMap<>(c.asMap());
    m.put("epochs", Integer.toString(epochs));
    m.put("validation-fraction", "0");
    m.put("refit", "false");
    m.remove("features");
    m.remove("checkpoint-dir");
    if (c.features() != null) {
      m.put("features", c.features().toString());
    }
    if (c.checkpointDir() != null) {
      m.put("checkpoint-dir", c.checkpointDir().toString());
    }
    return FlmConfig.from(new dev.flm.model.Params(m));
  }
}
