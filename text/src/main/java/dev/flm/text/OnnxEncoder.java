package dev.flm.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TextEncoder} on ONNX Runtime with a HuggingFace {@code tokenizer.json} read by DJL's
 * tokenizers. Texts are tokenized, sorted by token length and cut into batches whose padded size
 * stays under a token budget, so each batch pads only to its own longest text; batches run on one
 * shared session (thread-safe) from {@link Options#concurrency()} threads, each using {@link
 * Options#intraOpThreads()} ORT threads. Thread-safe.
 */
public final class OnnxEncoder implements TextEncoder {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  private static final Set<String> KNOWN_INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);
  private static final List<String> TOKEN_OUTPUTS =
      List.of("last_hidden_state", "token_embeddings");
  private static final int CHUNK = 4096;
  private static final int MIN_BATCH_TOKENS = 1024;

  /**
   * Run settings.
   *
   * @param intraOpThreads ORT threads per model run
   * @param concurrency batches run at once on the shared session
   * @param tokenBudget most padded tokens per batch (batch size times its longest text)
   * @param maxBatch most texts per batch
   */
  public record Options(int intraOpThreads, int concurrency, int tokenBudget, int maxBatch) {
    public Options {
      check("intraOpThreads", intraOpThreads, 1, 1024);
      check("concurrency", concurrency, 1, 1024);
      check("tokenBudget", tokenBudget, 8, 1 << 24);
      check("maxBatch", maxBatch, 1, 1 << 16);
    }

    /**
     * One ORT thread per run and as many concurrent runs as cores (measured faster than one run on
     * all cores for these small models, see docs/benchmarks.md), 8192-token batches of at most 256
     * texts.
     */
    public static Options defaults() {
      return new Options(1, Runtime.getRuntime().availableProcessors(), 8192, 256);
    }

    public Options withThreads(int intra, int conc) {
      return new Options(intra, conc, tokenBudget, maxBatch);
    }

    public Options withBatching(int budget, int batch) {
      return new Options(intraOpThreads, concurrency, budget, batch);
    }

    private static void check(String name, int v, int min, int max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(
            name + " must be in " + min + ".." + max + "; " + name + "=" + v);
      }
    }
  }

  /** Token ids of texts, special tokens included, no padding; the output of the tokenize step. */
  public record Tokens(long[][] ids, long[][] typeIds, boolean[] truncated) {
    public int length(int i) {
      return ids[i].length;
    }
  }

  private final EncoderSpec spec;
  private final Options options;
  private final Path modelFile;
  private final HuggingFaceTokenizer tokenizer;
  private final OrtSession session;
  private final boolean feedsTypeIds;
  private final String outputName;
  private final boolean outputPooled;
  private final ExecutorService pool;
  private volatile boolean closed;

  private OnnxEncoder(
      EncoderSpec spec,
      Options options,
      Path modelFile,
      HuggingFaceTokenizer tokenizer,
      OrtSession session,
      boolean feedsTypeIds,
      String outputName,
      boolean outputPooled) {
    this.spec = spec;
    this.options = options;
    this.modelFile = modelFile;
    this.tokenizer = tokenizer;
    this.session = session;
    this.feedsTypeIds = feedsTypeIds;
    this.outputName = outputName;
    this.outputPooled = outputPooled;
    if (options.concurrency() > 1) {
      AtomicInteger n = new AtomicInteger();
      this.pool =
          Executors.newFixedThreadPool(
              options.concurrency(),
              r -> {
                Thread t = new Thread(r, "flm-encoder-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    } else {
      this.pool = null;
    }
  }

  /**
   * Opens {@code onnxFile} with the tokenizer {@code tokenizerJson}; checks the graph's inputs and
   * output against {@code spec} and fails naming the file.
   */
  public static OnnxEncoder open(
      Path onnxFile, Path tokenizerJson, EncoderSpec spec, Options options) throws IOException {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options");
    if (!Files.isRegularFile(onnxFile)) {
      throw new IOException(onnxFile + ": model file not found");
    }
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new IOException(tokenizerJson + ": tokenizer file not found");
    }
    HuggingFaceTokenizer tok;
    try {
      Map<String, String> o = new HashMap<>();
      o.put("addSpecialTokens", "true");
      o.put("padding", "false");
      o.put("truncation", "true");
      o.put("maxLength", Integer.toString(spec.maxLength()));
      tok = HuggingFaceTokenizer.newInstance(tokenizerJson, o);
    } catch (RuntimeException e) {
      throw new IOException(
          tokenizerJson + ": not a readable tokenizer.json: " + e.getMessage(), e);
    }
    OrtSession session = null;
    try {
      OrtSession.SessionOptions so = new OrtSession.SessionOptions();
      so.setIntraOpNumThreads(options.intraOpThreads());
      so.setInterOpNumThreads(1);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      so.setMemoryPatternOptimization(false);
      so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      session = OrtEnvironment.getEnvironment().createSession(onnxFile.toString(), so);
      Map<String, NodeInfo> inputs = session.getInputInfo();
      for (String required : List.of(INPUT_IDS, ATTENTION_MASK)) {
        if (!inputs.containsKey(required)) {
          throw new IOException(
              onnxFile
                  + ": graph has no input '"
                  + required
                  + "'; inputs are "
                  + inputs.keySet()
                  + " (expected a BERT-style export with input_ids, attention_mask"
                  + " and optionally token_type_ids)");
        }
      }
      for (Map.Entry<String, NodeInfo> e : inputs.entrySet()) {
        if (!KNOWN_INPUTS.contains(e.getKey())) {
          throw new IOException(
              onnxFile
                  + ": graph input '"
                  + e.getKey()
                  + "' is not one of "
                  + KNOWN_INPUTS
                  + "; cannot feed it");
        }
        int rank = rank(e.getValue());
        if (rank != 2) {
          throw new IOException(
              onnxFile
                  + ": graph input '"
                  + e.getKey()
                  + "' has rank "
                  + rank
                  + "; expected rank 2 [batch, sequence]");
        }
      }
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      String out = null;
      boolean pooled = false;
      for (String name : TOKEN_OUTPUTS) {
        if (outputs.containsKey(name) && rank(outputs.get(name)) == 3) {
          out = name;
          break;
        }
      }
      if (out == null) {
        for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) {
          if (rank(e.getValue()) == 3) {
            out = e.getKey();
            break;
          }
        }
      }
      if (out == null
          && outputs.containsKey("sentence_embedding")
          && rank(outputs.get("sentence_embedding")) == 2) {
        out = "sentence_embedding";
        pooled = true;
      }
      if (out == null) {
        StringBuilder sb = new StringBuilder();
        outputs.forEach((k, v) -> sb.append(k).append(" rank ").append(rank(v)).append("; "));
        throw new IOException(
            onnxFile
                + ": graph has no token output of rank 3 [batch, sequence, hidden]"
                + " (nor a rank-2 sentence_embedding); outputs: "
                + sb);
      }
      long[] shape = ((TensorInfo) outputs.get(out).getInfo()).getShape();
      long last = shape[shape.length - 1];
      if (last > 0 && last != spec.dimension()) {
        throw new IOException(
            onnxFile
                + ": output '"
                + out
                + "' has dimension "
                + last
                + " but the model is declared with dimension "
                + spec.dimension());
      }
      return new OnnxEncoder(
          spec, options, onnxFile, tok, session, inputs.containsKey(TOKEN_TYPE_IDS), out, pooled);
    } catch (OrtException e) {
      closeQuietly(session);
      tok.close();
      throw new IOException(onnxFile + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(session);
      tok.close();
      throw e;
    }
  }

  private static int rank(NodeInfo info) {
    return info.getInfo() instanceof TensorInfo t ? t.getShape().length : -1;
  }

  private static void closeQuietly(OrtSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException ignored) {
        // already failing
      }
    }
  }

  @Override
  public String id() {
    return spec.id();
  }

  @Override
  public int dimension() {
    return spec.dimension();
  }

  @Override
  public int maxLength() {
    return spec.maxLength();
  }

  @Override
  public EncoderSpec spec() {
    return spec;
  }

  public Options options() {
    return options;
  }

  /** The ONNX file this encoder runs. */
  public Path modelFile() {
    return modelFile;
  }

  /**
   * Step 1: token ids of {@code texts} (already prefixed and cleaned), truncated to the maximum
   * length, unpadded.
   */
  public Tokens tokenize(List<String> texts) {
    ensureOpen();
    Encoding[] enc = tokenizer.batchEncode(texts);
    long[][] ids = new long[enc.length][];
    long[][] types = new long[enc.length][];
    boolean[] trunc = new boolean[enc.length];
    for (int i = 0; i < enc.length; i++) {
      ids[i] = enc[i].getIds();
      types[i] = enc[i].getTypeIds();
      trunc[i] = enc[i].exceedMaxLength();
    }
    return new Tokens(ids, types, trunc);
  }

  /**
   * Steps 2 and 3 for one batch: runs rows {@code rows} of {@code tokens} padded to their longest
   * and writes each pooled (and, per the spec, normalised) vector into {@code out[rows[k]]}.
   */
  public void runBatch(Tokens tokens, int[] rows, float[][] out) {
    ensureOpen();
    int b = rows.length;
    int len = 0;
    for (int r : rows) {
      len = Math.max(len, tokens.length(r));
    }
    long[] ids = new long[b * len];
    long[] mask = new long[b * len];
    long[] types = feedsTypeIds ? new long[b * len] : null;
    for (int k = 0; k < b; k++) {
      long[] t = tokens.ids()[rows[k]];
      System.arraycopy(t, 0, ids, k * len, t.length);
      Arrays.fill(mask, k * len, k * len + t.length, 1L);
      if (types != null) {
        long[] ty = tokens.typeIds()[rows[k]];
        System.arraycopy(ty, 0, types, k * len, ty.length);
      }
    }
    long[] shape = {b, len};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      feed.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      feed.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (types != null) {
        feed.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
      }
      try (OrtSession.Result res = session.run(feed, Set.of(outputName))) {
        OnnxValue v = res.get(0);
        FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
        int dim = spec.dimension();
        float[] flat = new float[fb.remaining()];
        fb.get(flat);
        if (outputPooled) {
          if (flat.length != b * dim) {
            throw new IllegalStateException(
                modelFile + ": output has " + flat.length + " values; expected " + b * dim);
          }
          for (int k = 0; k < b; k++) {
            out[rows[k]] = finish(Arrays.copyOfRange(flat, k * dim, (k + 1) * dim));
          }
        } else {
          if (flat.length != b * len * dim) {
            throw new IllegalStateException(
                modelFile
                    + ": output has "
                    + flat.length
                    + " values; expected "
                    + (long) b * len * dim);
          }
          for (int k = 0; k < b; k++) {
            out[rows[k]] =
                finish(pool(flat, k * len * dim, tokens.length(rows[k]), dim, spec.pooling()));
          }
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException(modelFile + ": model run failed: " + e.getMessage(), e);
    } finally {
      for (OnnxTensor t : feed.values()) {
        t.close();
      }
    }
  }

  /** Step 3: pools {@code tokens} real token vectors starting at {@code offset}. */
  static float[] pool(float[] flat, int offset, int tokens, int dim, Pooling pooling) {
    float[] v = new float[dim];
    if (pooling == Pooling.CLS) {
      System.arraycopy(flat, offset, v, 0, dim);
      return v;
    }
    for (int t = 0; t < tokens; t++) {
      int o = offset + t * dim;
      for (int d = 0; d < dim; d++) {
        v[d] += flat[o + d];
      }
    }
    float inv = 1f / Math.max(1, tokens);
    for (int d = 0; d < dim; d++) {
      v[d] *= inv;
    }
    return v;
  }

  private float[] finish(float[] v) {
    if (spec.normalize()) {
      Vectors.normalizeInPlace(v);
    }
    return v;
  }

  @Override
  public Encoded encodeWithReport(List<String> texts, Role role) {
    ensureOpen();
    long t0 = System.nanoTime();
    int n = texts.size();
    float[][] out = new float[n][];
    String prefix = spec.prefix(role);
    int empty = 0;
    int repaired = 0;
    int truncated = 0;
    long real = 0;
    long padded = 0;
    int batches = 0;
    List<Integer> todo = new ArrayList<>(n);
    List<String> prepared = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String s = texts.get(i);
      if (s == null || s.isBlank()) {
        out[i] = new float[spec.dimension()];
        empty++;
        continue;
      }
      String clean = TextCleaner.repair(s);
      if (clean != s) {
        repaired++;
      }
      todo.add(i);
      prepared.add(prefix + clean);
    }
    for (int start = 0; start < todo.size(); start += CHUNK) {
      int end = Math.min(todo.size(), start + CHUNK);
      Tokens tokens = tokenize(prepared.subList(start, end));
      int m = end - start;
      for (int k = 0; k < m; k++) {
        real += tokens.length(k);
        if (tokens.truncated()[k]) {
          truncated++;
        }
      }
      List<int[]> plan = plan(tokens, options.tokenBudget(), options.maxBatch());
      float[][] chunkOut = new float[m][];
      runAll(tokens, plan, chunkOut);
      for (int[] batch : plan) {
        padded += (long) batch.length * tokens.length(batch[0]);
      }
      batches += plan.size();
      for (int k = 0; k < m; k++) {
        out[todo.get(start + k)] = chunkOut[k];
      }
    }
    EncodeReport report =
        new EncodeReport(
            n,
            todo.size(),
            real,
            padded,
            batches,
            truncated,
            empty,
            repaired,
            0,
            System.nanoTime() - t0);
    return new Encoded(out, report);
  }

  /**
   * Batches of row indices, longest texts first, each padded only to its first (longest) row and
   * holding at most {@code budget} padded tokens and {@code maxBatch} rows.
   */
  static List<int[]> plan(Tokens tokens, int budget, int maxBatch) {
    int m = tokens.ids().length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(tokens.length(b), tokens.length(a)));
    List<int[]> plan = new ArrayList<>();
    int minTokens = Math.min(budget, MIN_BATCH_TOKENS);
    int i = 0;
    while (i < m) {
      int len = Math.max(1, tokens.length(order[i]));
      int cap = Math.max(1, Math.min(maxBatch, budget / len));
      int size = 1;
      while (size < cap && i + size < m) {
        int next = tokens.length(order[i + size]);
        // In the long tail lengths fall fast: once the batch is big enough to keep the cores
        // busy, stop before a text would be padded by more than a tenth.
        if (size * len >= minTokens && next * 10 < len * 9) {
          break;
        }
        size++;
      }
      int[] rows = new int[size];
      for (int k = 0; k < size; k++) {
        rows[k] = order[i + k];
      }
      plan.add(rows);
      i += size;
    }
    return plan;
  }

  private void runAll(Tokens tokens, List<int[]> plan, float[][] out) {
    if (pool == null || plan.size() == 1) {
      for (int[] rows : plan) {
        runBatch(tokens, rows, out);
      }
      return;
    }
    List<Future<?>> fs = new ArrayList<>(plan.size());
    for (int[] rows : plan) {
      fs.add(pool.submit(() -> runBatch(tokens, rows, out)));
    }
    try {
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fs.forEach(f -> f.cancel(true));
      throw new IllegalStateException("encoding interrupted", e);
    } catch (ExecutionException e) {
      fs.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("encoder " + spec.id() + " is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (pool != null) {
      pool.shutdownNow();
    }
    closeQuietly(session);
    tokenizer.close();
  }
}
