package dev.flm.cli;

import dev.flm.data.Dataset;
import dev.flm.eval.EvaluationResult;
import dev.flm.eval.Evaluator;
import dev.flm.eval.report.ReportWriter;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.Trainer;
import dev.flm.model.TrainingData;
import dev.flm.split.Split;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains several models on one split and evaluates them on the same test users and candidates;
 * shared by {@code flm evaluate} and {@code flm quickstart}.
 */
final class Experiment {
  private Experiment() {}

  /** Metrics shown in the console table (the report has all of them). */
  static final List<String> TABLE_METRICS =
      List.of("ndcg@10", "recall@10", "precision@10", "hit@10", "mrr@10", "auc", "coverage@10");

  /** A model to train: a display name, its type and its parameters. */
  record ModelSpec(String name, ModelType type, Params params) {}

  /**
   * Model specs from {@code --models a,b} and {@code --param a.key=value}; every param must name
   * one of the models. {@code LABEL=TYPE} (e.g. {@code flm-top2=flm}) adds a model of {@code TYPE}
   * under its own name, so two configurations of one type can be compared in one report.
   */
  static List<ModelSpec> specs(List<String> models, List<String> params) {
    Map<String, Map<String, String>> perModel = new LinkedHashMap<>();
    Map<String, String> typeOf = new LinkedHashMap<>();
    for (String m : models) {
      String name = m.trim().toLowerCase(Locale.ROOT);
      int eq = name.indexOf('=');
      String type = eq < 0 ? name : name.substring(eq + 1).trim();
      name = eq < 0 ? name : name.substring(0, eq).trim();
      if (name.isEmpty()) {
        continue;
      }
      typeOf.put(name, type);
      if (perModel.putIfAbsent(name, new LinkedHashMap<>()) != null) {
        throw new UserException("model '" + name + "' is listed twice in --models");
      }
    }
    if (perModel.isEmpty()) {
      throw new UserException("no models: give --models NAME[,NAME...] (see 'flm models')");
    }
    for (String p : params) {
      int eq = p.indexOf('=');
      int dot = p.indexOf('.');
      if (eq <= 0 || dot <= 0 || dot > eq) {
        throw new UserException(
            "--param must be MODEL.KEY=VALUE (e.g. itemknn.k=50); got '" + p + "'");
      }
      String model = p.substring(0, dot).trim().toLowerCase(Locale.ROOT);
      Map<String, String> kv = perModel.get(model);
      if (kv == null) {
        throw new UserException(
            "--param "
                + p
                + " names model '"
                + model
                + "', which is not in --models "
                + perModel.keySet());
      }
      kv.put(p.substring(dot + 1, eq).trim(), p.substring(eq + 1).trim());
    }
    List<ModelSpec> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> e : perModel.entrySet()) {
      out.add(
          new ModelSpec(
              e.getKey(), ModelType.named(typeOf.get(e.getKey())), new Params(e.getValue())));
    }
    return out;
  }

  /** What a run produced: the evaluation and the trained models by name. */
  record Outcome(EvaluationResult result, Map<String, Recommender> models) {}

  /** Trains every model on {@code split.train()} and evaluates them together. */
  static Outcome run(
      Dataset data,
      Split split,
      List<ModelSpec> specs,
      List<String> metrics,
      int bootstrap,
      long seed,
      boolean skipFailures,
      PrintWriter err) {
    // Configure every trainer first so a bad parameter fails before any training.
    List<Trainer> trainers = new ArrayList<>();
    for (ModelSpec s : specs) {
      try {
        trainers.add(s.type().trainer(s.params()));
      } catch (RuntimeException e) {
        if (!skipFailures) {
          throw e;
        }
        trainers.add(null);
        skipped(s, e, err);
      }
    }
    Evaluator.Builder eval = Evaluator.builder(split).bootstrap(bootstrap, seed);
    if (metrics != null && !metrics.isEmpty()) {
      eval.metrics(metrics);
    }
    String description = data.name() + ", " + split.protocol();
    Map<String, Recommender> trained = new LinkedHashMap<>();
    for (int m = 0; m < specs.size(); m++) {
      ModelSpec s = specs.get(m);
      if (trainers.get(m) == null) {
        continue;
      }
      long t0 = System.nanoTime();
      Recommender rec;
      try (ProgressBar bar = ProgressBar.start("training " + s.name(), 0)) {
        rec =
            trainers
                .get(m)
                .train(
                    new TrainingData(
                        split.train(),
                        split.validationInteractions(),
                        seed,
                        bar.asTrainingListener(err),
                        description));
      } catch (RuntimeException e) {
        if (!skipFailures) {
          throw e;
        }
        skipped(s, e, err);
        continue;
      }
      err.printf(
          Locale.ROOT, "flm: trained %s in %.1fs%n", s.name(), (System.nanoTime() - t0) / 1e9);
      err.flush();
      eval.model(s.name(), rec);
      trained.put(s.name(), rec);
    }
    if (trained.isEmpty()) {
      throw new UserException("no model could be trained");
    }
    EvaluationResult result;
    ProgressBar bar = ProgressBar.start("evaluating", 0);
    try {
      result = eval.run();
    } finally {
      bar.close();
    }
    return new Outcome(result, trained);
  }

  private static void skipped(ModelSpec s, RuntimeException e, PrintWriter err) {
    err.println("flm: skipped " + s.name() + ": " + Errors.oneLine(e));
    if (Main.verbose()) {
      e.printStackTrace(err);
    }
    err.flush();
  }

  /** Writes the report folder for {@code result} (see {@link ReportWriter}); returns it. */
  static Path writeReport(
      EvaluationResult result, Path dir, Map<String, String> extra, PrintWriter err)
      throws IOException {
    ProgressBar bar = ProgressBar.start("writing report", 0);
    try {
      ReportWriter.write(result, dir, extra, m -> bar.warn(m, err));
    } finally {
      bar.close();
    }
    return dir;
  }

  /**
   * A fresh folder name under {@code reports/}, e.g. {@code reports/quickstart-20260101-120000}.
   */
  static Path defaultReportDir(String prefix) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of("reports", prefix + "-" + stamp);
  }

  /** The console table: one row per model, the {@link #TABLE_METRICS} the result has. */
  static String table(EvaluationResult r) {
    List<String> cols = new ArrayList<>();
    for (String m : TABLE_METRICS) {
      if (r.metrics().contains(m)) {
        cols.add(m);
      }
    }
    if (cols.isEmpty()) {
      cols.addAll(r.metrics().subList(0, Math.min(7, r.metrics().size())));
    }
    int w = 5;
    for (EvaluationResult.ModelResult m : r.models()) {
      w = Math.max(w, m.name().length());
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-" + w + "s", "model"));
    for (String c : cols) {
      sb.append(String.format(Locale.ROOT, "  %12s", c));
    }
    sb.append('\n');
    for (EvaluationResult.ModelResult m : r.models()) {
      sb.append(String.format(Locale.ROOT, "%-" + w + "s", m.name()));
      for (String c : cols) {
        EvaluationResult.MetricValue v = m.metrics().get(c);
        sb.append(String.format(Locale.ROOT, "  %12.4f", v == null ? Double.NaN : v.mean()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
