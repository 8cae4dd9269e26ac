package dev.flm.train.bert;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.flm.text.EncoderSpec;
import dev.flm.text.onnx.OnnxModel;
import dev.flm.train.TextTower;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A text tower whose vectors come from a BERT encoder being fine-tuned ({@link FineTuneMode}).
 *
 * <p>Per training step each distinct item is encoded once, whatever its number of occurrences among
 * positives and negatives; autograd then sums the gradients of its occurrences into one backward
 * pass through the encoder. With {@code top-N}, the frozen embeddings and lower layers run once per
 * item for the whole run ({@link HiddenStateCache}); a step runs only the top N layers.
 *
 * <p>Whole-catalogue requests ({@code items == null}: pooled user histories, validation, export)
 * are served from a snapshot of every item's vector, refreshed without gradients once per epoch of
 * training calls ({@code refreshEvery}) and whenever the weights were changed outside training
 * (e.g. the best epoch restored; {@link #weightsChanged}). Not thread-safe.
 */
public final class BertTextTower implements TextTower {
  /**
   * Settings of the tower.
   *
   * @param mode which weights train
   * @param dropout dropout inside the encoder while training
   * @param tokenBudget padded tokens per encoder batch (bounds memory)
   * @param refreshEvery training calls between two snapshot refreshes (about one epoch)
   * @param negativesFromSnapshot serve the rows a caller does not need current (sampled negatives)
   *     from the snapshot instead of encoding them
   * @param currentPerStep in a full-softmax step, how many of the step's target items are encoded
   *     with the current weights (the rest of the catalogue comes from the snapshot)
   * @param currentFromCatalogue whether those items are a random draw from the catalogue instead of
   *     the step's targets
   */
  public record Options(
      FineTuneMode mode,
      float dropout,
      int tokenBudget,
      int refreshEvery,
      boolean negativesFromSnapshot,
      int currentPerStep,
      boolean currentFromCatalogue) {
    /** Every row encoded with the current weights. */
    public Options(FineTuneMode mode, float dropout, int tokenBudget, int refreshEvery) {
      this(mode, dropout, tokenBudget, refreshEvery, false, 1024, false);
    }

    public Options {
      Objects.requireNonNull(mode, "mode");
      if (tokenBudget < 1) {
        throw new IllegalArgumentException("tokenBudget must be >= 1; tokenBudget=" + tokenBudget);
      }
      if (currentPerStep < 1) {
        throw new IllegalArgumentException(
            "currentPerStep must be >= 1; currentPerStep=" + currentPerStep);
      }
      if (refreshEvery < 1) {
        throw new IllegalArgumentException(
            "refreshEvery must be >= 1; refreshEvery=" + refreshEvery);
      }
    }
  }

  /** Folder of the exported encoder inside an FLM model folder. */
  public static final String ENCODER_DIR = "encoder";

  private final String name;
  private final BertWeights initial;
  private final EncoderSpec spec;
  private final long[][] ids;
  private final long[][] typeIds;
  private final boolean[] hasText;
  private final Options options;
  private BertEncoder encoder;
  private HiddenStateCache cache;
  private int first;
  private List<String> trainableNames = List.of();
  private float[][] snapshot;
  private NDArray snapshotArray;
  private NDArray retiredSnapshot;
  private int trainingCalls;
  private boolean changed;
  private double fingerprint;
  private long encoderNanos;
  private long itemsEncoded;
  private long stepsSeen;
  private long attachedAt;
  private OnnxModel graph;
  private Path tokenizer;
  private BertWeights finalWeights;

  /**
   * @param ids token ids of each catalogue item's text (empty for an item without text)
   * @param typeIds token type ids, same shape as {@code ids}
   */
  public BertTextTower(
      String name,
      BertWeights weights,
      EncoderSpec spec,
      long[][] ids,
      long[][] typeIds,
      Options options) {
    this.name = Objects.requireNonNull(name, "name");
    this.initial = Objects.requireNonNull(weights, "weights");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.ids = ids;
    this.typeIds = typeIds;
    this.options = options;
    this.hasText = new boolean[ids.length];
    for (int i = 0; i < ids.length; i++) {
      hasText[i] = ids[i].length > 0;
    }
  }

  @Override
  public String name() {
    return name + " (fine-tune " + options.mode() + ")";
  }

  @Override
  public int dim() {
    return initial.config().hiddenSize();
  }

  @Override
  public int numItems() {
    return ids.length;
  }

  @Override
  public boolean trainable() {
    return options.mode().enabled();
  }

  @Override
  public boolean currentRowsFromTargets() {
    return !options.currentFromCatalogue();
  }

  @Override
  public boolean hasText(int item) {
    return hasText[item];
  }

  public EncoderSpec spec() {
    return spec;
  }

  /** The encoder (after {@link #attach}). */
  public BertEncoder encoder() {
    return encoder;
  }

  /** Names of the encoder parameters that train. */
  public List<String> trainableNames() {
    return trainableNames;
  }

  /** Nanoseconds spent in encoder forward passes of training steps (not refreshes). */
  public long encoderNanos() {
    return encoderNanos;
  }

  /** Distinct items encoded with gradients so far. */
  public long itemsEncoded() {
    return itemsEncoded;
  }

  /** Training steps seen so far. */
  public long steps() {
    return stepsSeen;
  }

  @Override
  public void attach(NDManager parameterManager) {
    encoder = new BertEncoder(initial, spec.pooling(), spec.normalize(), parameterManager);
    encoder.setDropout(options.dropout());
    int layers = initial.config().numLayers();
    FineTuneMode mode = options.mode();
    first = mode.enabled() ? mode.firstTrainableLayer(layers) : layers;
    List<String> names = new ArrayList<>();
    for (String n : encoder.parameters().keySet()) {
      int l = BertWeights.layerOf(n);
      if (mode.enabled() && (l >= first || (l == -1 && mode.embeddingsTrain()))) {
        names.add(n);
      }
    }
    trainableNames = List.copyOf(names);
    encoder.setTrainable(trainableNames);
    if (!mode.embeddingsTrain()) {
      try {
        cache =
            HiddenStateCache.build(
                encoder, ids, typeIds, first, Math.max(1, options.tokenBudget()));
      } catch (EngineException | OutOfMemoryError e) {
        throw OutOfMemory.inCache(e, ids.length, options.tokenBudget());
      }
    }
    refresh();
    attachedAt = System.nanoTime();
  }

  /** {@link System#nanoTime} when {@link #attach} finished (cache built, first snapshot). */
  public long attachedAt() {
    return attachedAt;
  }

  /** The cache of frozen lower-layer states, or null when every layer trains. */
  public HiddenStateCache cache() {
    return cache;
  }

  @Override
  public List<String> parameterNames() {
    return trainableNames;
  }

  @Override
  public List<NDArray> parameters() {
    List<NDArray> out = new ArrayList<>();
    for (String n : trainableNames) {
      out.add(encoder.parameter(n));
    }
    return out;
  }

  @Override
  public NDArray forward(NDManager step, int[] items, boolean training) {
    if (encoder == null) {
      throw new IllegalStateException("attach() the tower before forward()");
    }
    if (items == null) {
      if (stale()) {
        refresh();
      }
      return snapshotArray;
    }
    if (training) {
      trainingCalls++;
      stepsSeen++;
    }
    long t0 = System.nanoTime();
    Map<Integer, Integer> row = new HashMap<>();
    Set<Integer> distinct = new LinkedHashSet<>();
    for (int i : items) {
      if (hasText[i]) {
        distinct.add(i);
      }
    }
    int[] uniq = distinct.stream().mapToInt(Integer::intValue).toArray();
    for (int k = 0; k < uniq.length; k++) {
      row.put(uniq[k], k);
    }
    NDArray zero = step.zeros(new Shape(1, dim()));
    NDArray table =
        uniq.length == 0
            ? zero
            : NDArrays.concat(new NDList(encodeRows(step, uniq, training), zero));
    long[] index = new long[items.length];
    for (int r = 0; r < items.length; r++) {
      Integer k = row.get(items[r]);
      index[r] = k == null ? uniq.length : k;
    }
    NDArray out = rows(table, HiddenStateCache.owned(step.create(index)));
    if (training) {
      encoderNanos += System.nanoTime() - t0;
      itemsEncoded += uniq.length;
    }
    return out;
  }

  /**
   * For the whole catalogue ({@code items} null): the snapshot, with the first {@link
   * Options#currentPerStep} items of {@code current} encoded afresh (below). For given rows, with
   * {@link Options#negativesFromSnapshot}, the rows whose item is not in {@code current} come from
   * the snapshot: constants, up to about an epoch old, through which no gradient reaches the
   * encoder. The encoder still learns from every candidate that is a positive of the batch
   * (in-batch negatives), and each step encodes only the batch's distinct positives, a quarter
   * fewer items with 256 negatives per 1,024 events.
   */
  @Override
  public NDArray forward(NDManager step, int[] items, boolean training, int[] current) {
    if (items == null) {
      return forwardCatalogue(step, current, training);
    }
    if (!options.negativesFromSnapshot() || !training || current == null || snapshotArray == null) {
      return forward(step, items, training);
    }
    NDArray head = forward(step, current, true);
    Map<Integer, Integer> rowOf = new HashMap<>();
    for (int r = 0; r < current.length; r++) {
      rowOf.putIfAbsent(current[r], r);
    }
    long[] index = new long[items.length];
    long[] fromSnapshot = new long[items.length];
    int extra = 0;
    for (int r = 0; r < items.length; r++) {
      Integer k = rowOf.get(items[r]);
      if (k != null) {
        index[r] = k;
      } else {
        fromSnapshot[extra] = items[r];
        index[r] = current.length + extra++;
      }
    }
    if (extra == 0) {
      return rows(head, HiddenStateCache.owned(step.create(index)));
    }
    NDArray stale =
        rows(
            snapshotArray, HiddenStateCache.owned(step.create(Arrays.copyOf(fromSnapshot, extra))));
    NDArray table = NDArrays.concat(new NDList(head, stale));
    return rows(table, HiddenStateCache.owned(step.create(index)));
  }

  /**
   * The catalogue from the snapshot, with the first {@link Options#currentPerStep} items of {@code
   * current} (those with text) encoded with the current weights and gradients. A full softmax over
   * these rows trains the encoder through the step's targets, which are also the other users'
   * negatives in the same softmax, at the encoder cost of a bounded number of items per step.
   */
  private NDArray forwardCatalogue(NDManager step, int[] current, boolean training) {
    NDArray all = forward(step, null, false);
    if (!training || !options.mode().enabled() || current == null || current.length == 0) {
      return all;
    }
    int[] chosen =
        Arrays.stream(current).filter(i -> hasText[i]).limit(options.currentPerStep()).toArray();
    if (chosen.length == 0) {
      return all;
    }
    NDArray head = forward(step, chosen, true);
    int n = ids.length;
    long[] index = new long[n];
    for (int i = 0; i < n; i++) {
      index[i] = chosen.length + i;
    }
    for (int k = 0; k < chosen.length; k++) {
      index[chosen[k]] = k;
    }
    NDArray table = NDArrays.concat(new NDList(head, all));
    return rows(table, HiddenStateCache.owned(step.create(index)));
  }

  /** Pooled vectors [rows.length, H] of {@code rows} (all with text), in the given order. */
  private NDArray encodeRows(NDManager step, int[] rows, boolean training) {
    Integer[] sorted = new Integer[rows.length];
    for (int k = 0; k < rows.length; k++) {
      sorted[k] = k;
    }
    Arrays.sort(sorted, Comparator.comparingInt(k -> ids[rows[k]].length));
    List<int[]> chunks = TokenBatches.cut(sorted, k -> ids[rows[k]].length, options.tokenBudget());
    NDList parts = new NDList();
    long[] position = new long[rows.length];
    int done = 0;
    for (int[] chunk : chunks) {
      int[] items = new int[chunk.length];
      for (int j = 0; j < chunk.length; j++) {
        items[j] = rows[chunk[j]];
        position[chunk[j]] = done + j;
      }
      done += chunk.length;
      parts.add(encodeChunk(step, items, training));
    }
    NDArray all = parts.size() == 1 ? parts.head() : NDArrays.concat(parts);
    return rows(all, HiddenStateCache.owned(step.create(position)));
  }

  /** Rows {@code index} (int64) of a [N, H] array, differentiable (embedding lookup). */
  private static NDArray rows(NDArray table, NDArray index) {
    return index
        .getNDArrayInternal()
        .embedding(index, table, ai.djl.ndarray.types.SparseFormat.DENSE)
        .head();
  }

  private NDArray encodeChunk(NDManager step, int[] items, boolean training) {
    try {
      NDArray x;
      NDArray mask;
      if (cache != null) {
        NDArray[] b = cache.batch(step, items);
        x = b[0];
        mask = b[1];
      } else {
        long[][] bi = new long[items.length][];
        long[][] bt = new long[items.length][];
        for (int k = 0; k < items.length; k++) {
          bi[k] = ids[items[k]];
          bt[k] = typeIds[items[k]];
        }
        BertEncoder.Batch b = BertEncoder.Batch.of(step, bi, bt);
        x = encoder.embed(b.ids(), b.typeIds(), training);
        mask = b.mask();
      }
      NDArray h =
          encoder.layers(
              x, BertEncoder.maskBias(mask), first, encoder.config().numLayers(), training);
      return encoder.pool(h, mask);
    } catch (EngineException | OutOfMemoryError e) {
      throw OutOfMemory.wrap(e, items.length, options.tokenBudget());
    }
  }

  @Override
  public void weightsChanged() {
    changed = true;
  }

  private boolean stale() {
    if (!options.mode().enabled()) {
      return false;
    }
    if (changed) {
      return true;
    }
    if (trainingCalls >= options.refreshEvery()) {
      return true;
    }
    return trainingCalls == 0 && fingerprint() != fingerprint;
  }

  private double fingerprint() {
    double f = 0;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (String n : trainableNames) {
        f += encoder.parameter(n).sum().getFloat();
      }
    }
    return f;
  }

  /** Re-encodes every item with the current weights (no training mode). */
  private void refresh() {
    int n = ids.length;
    int h = dim();
    float[][] vectors = new float[n][];
    List<Integer> withText = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (hasText[i]) {
        withText.add(i);
      } else {
        vectors[i] = new float[h];
      }
    }
    int[] rows = withText.stream().mapToInt(Integer::intValue).toArray();
    int batch = 512;
    // A refresh may run inside a training step's gradient collector: without gradients it builds
    // no autograd graph over the whole catalogue.
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      for (int from = 0; from < rows.length; from += batch) {
        int[] part = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + batch));
        try (NDManager step = encoder.manager().newSubManager()) {
          float[][] v = BertEncoder.toRows(encodeRows(step, part, false));
          for (int k = 0; k < part.length; k++) {
            vectors[part[k]] = v[k];
          }
        }
      }
    } finally {
      JniUtils.setGradMode(gradMode);
    }
    snapshot = vectors;
    float[] flat = new float[n * h];
    for (int i = 0; i < n; i++) {
      System.arraycopy(vectors[i], 0, flat, i * h, h);
    }
    // The previous snapshot may still be referenced by the caller's current step: close it one
    // refresh later.
    if (retiredSnapshot != null) {
      retiredSnapshot.close();
    }
    retiredSnapshot = snapshotArray;
    snapshotArray = HiddenStateCache.owned(encoder.manager().create(flat, new Shape(n, h)));
    NDScope.unregister(snapshotArray);
    trainingCalls = 0;
    changed = false;
    fingerprint = options.mode().enabled() ? fingerprint() : 0;
  }

  @Override
  public float[][] snapshot() {
    if (stale() || trainingCalls > 0) {
      refresh();
    }
    return snapshot;
  }

  /** The current encoder weights (after {@link #close}, the final ones). */
  public BertWeights weights() {
    return encoder != null ? encoder.weights() : finalWeights;
  }

  /** Makes {@link #attachments} export the encoder into {@code graph} with {@code tokenizer}. */
  public BertTextTower exportWith(OnnxModel graph, Path tokenizer) {
    this.graph = graph;
    this.tokenizer = tokenizer;
    return this;
  }

  /** The encoder as a servable folder {@code encoder/} (graph + tuned weights + tokenizer). */
  @Override
  public Map<String, byte[]> attachments() {
    if (graph == null || encoder == null) {
      return Map.of();
    }
    try {
      Map<String, byte[]> out = new LinkedHashMap<>();
      EncoderExport.files(encoder.weights(), graph, tokenizer, spec)
          .forEach((k, v) -> out.put(ENCODER_DIR + "/" + k, v));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("exporting the fine-tuned encoder: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (encoder != null) {
      if (options.mode().enabled()) {
        finalWeights = encoder.weights();
      }
      encoder.close();
      encoder = null;
    }
  }
}
