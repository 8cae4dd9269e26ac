package dev.flm.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flm.eval.Evaluator;
import dev.flm.io.AtomicFiles;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import dev.flm.split.Split;
import dev.flm.split.SplitProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Hyperparameter search for any registered {@link ModelType}: grid search (every point of the
 * declared space, in order) or random search (points drawn without replacement, seeded), each trial
 * trained on the train part of the validation split and scored on its validation part, under a
 * budget of trials and/or seconds. Produces one row per trial and the best configuration; {@link
 * Result#write} puts {@code tune.json} and {@code tune.md} in a folder (next to the model trained
 * with the best configuration).
 *
 * <p>The validation split is the split's own validation set when it has one, otherwise a carve of
 * train by the per-user temporal rule ({@code SplitProtocol.userTemporal(0.2)}), so the test part
 * is never looked at.
 */
public final class Tuner {
  /** How points of the space are visited. */
  public enum Mode {
    GRID,
    RANDOM
  }

  /**
   * A search space: each parameter with its candidate values, in declaration order.
   *
   * @param values parameter name to its non-empty list of values (as command-line strings)
   */
  public record Space(Map<String, List<String>> values) {
    public Space {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : values.entrySet()) {
        if (e.getValue().isEmpty()) {
          throw new IllegalArgumentException("space: parameter '" + e.getKey() + "' has no values");
        }
        copy.put(e.getKey(), List.copyOf(e.getValue()));
      }
      values = java.util.Collections.unmodifiableMap(copy);
    }

    /** Parses {@code "factors=32,64;reg=0.01,0.1"}. */
    public static Space parse(String spec) {
      Map<String, List<String>> m = new LinkedHashMap<>();
      for (String part : spec.split(";")) {
        String p = part.trim();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        if (eq <= 0 || eq == p.length() - 1) {
          throw new IllegalArgumentException(
              "space must look like 'name=v1,v2;name2=v3'; bad part '" + p + "'");
        }
        String name = p.substring(0, eq).trim();
        List<String> vals = new ArrayList<>();
        for (String v : p.substring(eq + 1).split(",")) {
          if (!v.isBlank()) {
            vals.add(v.trim());
          }
        }
        if (m.put(name, vals) != null) {
          throw new IllegalArgumentException("space: parameter '" + name + "' given twice");
        }
      }
      if (m.isEmpty()) {
        throw new IllegalArgumentException(
            "space is empty; give e.g. 'factors=32,64;reg=0.01,0.1'");
      }
      return new Space(m);
    }

    /** Number of grid points. */
    public long size() {
      long n = 1;
      for (List<String> v : values.values()) {
        n = Math.multiplyExact(n, v.size());
      }
      return n;
    }

    /** Grid point {@code index} (the last parameter varies fastest). */
    public Map<String, String> point(long index) {
      Map<String, String> p = new LinkedHashMap<>();
      List<String> names = new ArrayList<>(values.keySet());
      long rest = index;
      String[] chosen = new String[names.size()];
      for (int k = names.size() - 1; k >= 0; k--) {
        List<String> v = values.get(names.get(k));
        chosen[k] = v.get((int) (rest % v.size()));
        rest /= v.size();
      }
      for (int k = 0; k < names.size(); k++) {
        p.put(names.get(k), chosen[k]);
      }
      return p;
    }
  }

  /**
   * One trial: its parameters (base plus point), validation score, training+scoring time, and the
   * error message when it failed (score NaN).
   */
  public record Trial(
      int number, Map<String, String> params, double score, double seconds, String error) {}

  /** Everything a search produced. */
  public record Result(
      String model,
      String metric,
      Mode mode,
      long spaceSize,
      String validation,
      List<Trial> trials,
      Trial best) {

    /** The best trial's full parameter list as {@code key=value} strings. */
    public List<String> bestParams() {
      List<String> out = new ArrayList<>();
      best.params().forEach((k, v) -> out.add(k + "=" + v));
      return out;
    }

    public String toJson() {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = json.createObjectNode();
      root.put("model", model);
      root.put("metric", metric);
      root.put("mode", mode.name().toLowerCase(Locale.ROOT));
      root.put("spaceSize", spaceSize);
      root.put("validation", validation);
      ObjectNode b = root.putObject("best");
      b.put("trial", best.number());
      b.put("score", best.score());
      best.params().forEach(b.putObject("params")::put);
      ArrayNode ts = root.putArray("trials");
      for (Trial t : trials) {
        ObjectNode n = ts.addObject();
        n.put("trial", t.number());
        t.params().forEach(n.putObject("params")::put);
        if (Double.isNaN(t.score())) {
          n.putNull("score");
        } else {
          n.put("score", t.score());
        }
        n.put("seconds", Math.round(t.seconds() * 100) / 100.0);
        if (t.error() != null) {
          n.put("error", t.error());
        }
      }
      try {
        return json.writeValueAsString(root) + "\n";
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    public String toMarkdown() {
      StringBuilder sb = new StringBuilder();
      sb.append("# Tuning ").append(model).append("\n\n");
      sb.append("- metric: ")
          .append(metric)
          .append(" on the validation split (")
          .append(validation)
          .append(")\n");
      sb.append("- search: ")
          .append(mode.name().toLowerCase(Locale.ROOT))
          .append(", ")
          .append(trials.size())
          .append(" of ")
          .append(spaceSize)
          .append(" points\n");
      sb.append("- best: trial ")
          .append(best.number())
          .append(", ")
          .append(metric)
          .append(String.format(Locale.ROOT, " %.4f", best.score()))
          .append(", `")
          .append(String.join(" ", bestParams()))
          .append("`\n\n");
      List<String> names = new ArrayList<>();
      for (Trial t : trials) {
        for (String k : t.params().keySet()) {
          if (!names.contains(k)) {
            names.add(k);
          }
        }
      }
      sb.append("| trial |");
      names.forEach(n -> sb.append(' ').append(n).append(" |"));
      sb.append(' ').append(metric).append(" | seconds |\n|---|");
      names.forEach(n -> sb.append("---|"));
      sb.append("---|---|\n");
      for (Trial t : trials) {
        sb.append("| ").append(t.number()).append(t == best ? " (best)" : "").append(" |");
        for (String n : names) {
          sb.append(' ').append(t.params().getOrDefault(n, "")).append(" |");
        }
        sb.append(' ')
            .append(
                t.error() != null
                    ? "failed: " + t.error().replace('|', '/')
                    : String.format(Locale.ROOT, "%.4f", t.score()))
            .append(String.format(Locale.ROOT, " | %.1f |\n", t.seconds()));
      }
      return sb.toString();
    }

    /** Writes {@code tune.json} and {@code tune.md} into {@code dir} (atomically, each). */
    public void write(Path dir) throws IOException {
      AtomicFiles.write(dir.resolve("tune.json"), toJson().getBytes(StandardCharsets.UTF_8));
      AtomicFiles.write(dir.resolve("tune.md"), toMarkdown().getBytes(StandardCharsets.UTF_8));
    }
  }

  private final ModelType type;
  private final Map<String, String> base;
  private final Space space;
  private final Mode mode;
  private final int maxTrials;
  private final double maxSeconds;
  private final long seed;
  private final String metric;
  private final Consumer<Trial> onTrial;

  private Tuner(Builder b) {
    this.type = b.type;
    this.base = b.base;
    this.space = b.space;
    this.mode = b.mode;
    this.maxTrials = b.maxTrials;
    this.maxSeconds = b.maxSeconds;
    this.seed = b.seed;
    this.metric = b.metric;
    this.onTrial = b.onTrial;
  }

  public static Builder builder(ModelType type, Space space) {
    return new Builder(type, space);
  }

  /** Configures a {@link Tuner}. */
  public static final class Builder {
    private final ModelType type;
    private final Space space;
    private Map<String, String> base = Map.of();
    private Mode mode = Mode.GRID;
    private int maxTrials = Integer.MAX_VALUE;
    private double maxSeconds = Double.POSITIVE_INFINITY;
    private long seed = 42;
    private String metric = "ndcg@10";
    private Consumer<Trial> onTrial = t -> {};

    private Builder(ModelType type, Space space) {
      this.type = Objects.requireNonNull(type, "type");
      this.space = Objects.requireNonNull(space, "space");
    }

    /** Fixed parameters for every trial (the space overrides them). */
    public Builder base(Map<String, String> params) {
      this.base = new LinkedHashMap<>(params);
      return this;
    }

    public Builder mode(Mode m) {
      this.mode = Objects.requireNonNull(m, "mode");
      return this;
    }

    /** At most this many trials (at least 1). */
    public Builder maxTrials(int n) {
      this.maxTrials = Params.checkRange("maxTrials", n, 1, Integer.MAX_VALUE);
      return this;
    }

    /** No new trial starts after this many seconds. */
    public Builder maxSeconds(double s) {
      this.maxSeconds = Params.checkRange("maxSeconds", s, 0.001, Double.POSITIVE_INFINITY);
      return this;
    }

    /** Seed of the random order and of every trial's training. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Validation metric to maximise, e.g. {@code "ndcg@10"} (any {@link Evaluator} metric). */
    public Builder metric(String m) {
      this.metric = Objects.requireNonNull(m, "metric");
      return this;
    }

    /** Called after each trial, e.g. to print a progress line. */
    public Builder onTrial(Consumer<Trial> c) {
      this.onTrial = Objects.requireNonNull(c, "onTrial");
      return this;
    }

    public Tuner build() {
      // Fail on typos and out-of-range values before any training: check every grid value.
      for (Map.Entry<String, List<String>> e : space.values().entrySet()) {
        for (String v : e.getValue()) {
          Map<String, String> p = new LinkedHashMap<>(base);
          p.put(e.getKey(), v);
          type.trainer(new Params(p));
        }
      }
      return new Tuner(this);
    }
  }

  /** Runs the search on the validation split of {@code split}. */
  public Result run(Split split) {
    Split v;
    String valDesc;
    if (split.validation() != null) {
      v = split.validationSplit();
      valDesc = "the split's validation set";
    } else {
      SplitProtocol carve = SplitProtocol.userTemporal(0.2);
      v = split.withValidation(carve).validationSplit();
      valDesc = "train carved by " + carve.describe();
    }
    long total = space.size();
    long[] order = order(total);
    List<Trial> trials = new ArrayList<>();
    Trial best = null;
    long start = System.nanoTime();
    for (int n = 0; n < order.length && n < maxTrials; n++) {
      if (n > 0 && (System.nanoTime() - start) / 1e9 >= maxSeconds) {
        break;
      }
      Map<String, String> params = new LinkedHashMap<>(base);
      params.putAll(space.point(order[n]));
      long t0 = System.nanoTime();
      double score = Double.NaN;
      String error = null;
      try {
        Recommender r =
            type.trainer(new Params(params))
                .train(
                    new TrainingData(
                        v.train(), null, seed, null, "tuning trial " + (n + 1) + ": " + valDesc));
        score =
            Evaluator.builder(v)
                .model(type.name(), r)
                .metrics(metric)
                .bootstrap(0, seed)
                .run()
                .model(type.name())
                .mean(metric);
      } catch (RuntimeException e) {
        error = e.getMessage() == null ? e.toString() : e.getMessage();
      }
      Trial t = new Trial(n + 1, params, score, (System.nanoTime() - t0) / 1e9, error);
      trials.add(t);
      onTrial.accept(t);
      if (error == null && (best == null || score > best.score())) {
        best = t;
      }
    }
    if (best == null) {
      throw new IllegalStateException(
          "tune " + type.name() + ": every trial failed; first error: " + trials.get(0).error());
    }
    return new Result(type.name(), metric, mode, total, valDesc, trials, best);
  }

  private long[] order(long total) {
    int n = (int) Math.min(total, Math.min(maxTrials, 1_000_000));
    long[] out = new long[n];
    if (mode == Mode.GRID || total <= n && n == total && total <= 1) {
      for (int i = 0; i < n; i++) {
        out[i] = i;
      }
      return out;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    java.util.HashSet<Long> used = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      long p;
      do {
        p = rnd.nextLong(total);
      } while (!used.add(p));
      out[i] = p;
    }
    return out;
  }
}
