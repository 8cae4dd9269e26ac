package dev.flm.eval.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flm.eval.EvaluationResult;
import dev.flm.eval.EvaluationResult.Comparison;
import dev.flm.eval.EvaluationResult.MetricValue;
import dev.flm.eval.EvaluationResult.ModelResult;
import dev.flm.io.AtomicFiles;
import dev.flm.model.Provenance;
import dev.flm.util.Drawing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes an {@link EvaluationResult} as a report folder:
 *
 * <ul>
 *   <li>{@code report.json}: provenance of the run, every metric per model with its confidence
 *       interval, the paired comparisons and each model's provenance (NaN written as null);
 *   <li>{@code report.md}: the same as Markdown tables (model × metric, mean [CI low, CI high]);
 *   <li>{@code per-user.tsv}: every per-user metric value, for other statistics;
 *   <li>{@code metric-NAME.png}: each metric per model with its confidence interval;
 *   <li>{@code training-MODEL.png}: training curves of models whose provenance has a history.
 * </ul>
 *
 * The text files are written first and never depend on the charts: a Java runtime that cannot draw
 * (no {@code java.desktop} module, no fonts) gets a report without pictures, a line in report.md
 * saying why, and a warning.
 */
public final class ReportWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /** Writes the report into {@code dir}; returns the files written (report.md first). */
  public static List<Path> write(EvaluationResult result, Path dir) throws IOException {
    return write(result, dir, Map.of());
  }

  /**
   * Writes the report into {@code dir} with extra run settings (e.g. the command line or the data
   * path) recorded under {@code config}; returns the files written (report.md first). Warnings are
   * logged through {@link System.Logger}.
   */
  public static List<Path> write(EvaluationResult result, Path dir, Map<String, String> extra)
      throws IOException {
    return write(
        result,
        dir,
        extra,
        m -> System.getLogger(ReportWriter.class.getName()).log(System.Logger.Level.WARNING, m));
  }

  /**
   * Writes the report as {@link #write(EvaluationResult, Path, Map)} does, telling {@code warnings}
   * about what it had to leave out (the charts, when this runtime cannot draw).
   */
  public static List<Path> write(
      EvaluationResult result, Path dir, Map<String, String> extra, Consumer<String> warnings)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, String> config = new LinkedHashMap<>(result.config());
    config.putAll(extra);
    String[] notDrawn = {null};
    Map<String, byte[]> pngs =
        Drawing.attempt(() -> charts(result), why -> notDrawn[0] = why).orElse(Map.of());
    if (notDrawn[0] != null) {
      warnings.accept(
          "the report in " + dir + " has no charts: they were not drawn (" + notDrawn[0] + ")");
    }
    List<Path> files = new ArrayList<>();
    Path md = dir.resolve("report.md");
    AtomicFiles.write(
        md,
        markdown(
                result,
                config,
                pngs.keySet().stream().filter(f -> f.startsWith("metric-")).toList(),
                pngs.keySet().stream().filter(f -> f.startsWith("training-")).toList())
            .concat(
                notDrawn[0] == null
                    ? ""
                    : "\n## Charts\n\nThe charts were not drawn (" + notDrawn[0] + ").\n")
            .getBytes(StandardCharsets.UTF_8));
    files.add(md);
    Path json = dir.resolve("report.json");
    AtomicFiles.write(json, JSON.writeValueAsBytes(json(result, config)));
    files.add(json);
    Path tsv = dir.resolve("per-user.tsv");
    AtomicFiles.write(tsv, perUser(result).getBytes(StandardCharsets.UTF_8));
    files.add(tsv);
    for (Map.Entry<String, byte[]> e : pngs.entrySet()) {
      Path p = dir.resolve(e.getKey());
      AtomicFiles.write(p, e.getValue());
      files.add(p);
    }
    return files;
  }

  /** File name to PNG: the metric charts, then the training curves. */
  private static Map<String, byte[]> charts(EvaluationResult result) {
    System.setProperty("java.awt.headless", "true");
    Map<String, byte[]> pngs = new LinkedHashMap<>();
    for (String metric : result.metrics()) {
      pngs.put("metric-" + safe(metric) + ".png", ReportCharts.metric(result, metric));
    }
    for (ModelResult m : result.models()) {
      Provenance prov = m.provenance();
      if (prov != null && !prov.history().isEmpty()) {
        pngs.put(
            "training-" + safe(m.name()) + ".png", ReportCharts.training(m.name(), prov.history()));
      }
    }
    return pngs;
  }

  static String safe(String s) {
    return s.replace("@", "_at_").replaceAll("[^A-Za-z0-9._-]", "_");
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String cell(MetricValue v) {
    if (v == null) {
      return "";
    }
    if (Double.isNaN(v.ciLow())) {
      return fmt(v.mean());
    }
    return fmt(v.mean()) + " [" + fmt(v.ciLow()) + ", " + fmt(v.ciHigh()) + "]";
  }

  /** The model × metric table as Markdown, means with confidence intervals. */
  public static String table(EvaluationResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append("| model |");
    for (String m : r.metrics()) {
      sb.append(' ').append(m).append(" |");
    }
    sb.append("\n|---|");
    sb.append("---|".repeat(r.metrics().size()));
    sb.append('\n');
    for (ModelResult m : r.models()) {
      sb.append("| ").append(m.name()).append(" |");
      for (String metric : r.metrics()) {
        sb.append(' ').append(cell(m.metrics().get(metric))).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String markdown(
      EvaluationResult r, Map<String, String> config, List<String> charts, List<String> curves) {
    StringBuilder sb = new StringBuilder();
    sb.append("# FLM evaluation report\n\n");
    if (r.sampled()) {
      sb.append(
          "> **Sampled ranking.** Candidates were sampled, so these figures are not comparable"
              + " with full-ranking results.\n\n");
    }
    sb.append("| | |\n|---|---|\n");
    row(sb, "data set", r.dataset());
    row(sb, "data fingerprint (SHA-256)", "`" + r.dataFingerprint() + "`");
    row(sb, "split", r.split());
    row(sb, "candidates", r.candidates() + (r.sampled() ? " (SAMPLED)" : ""));
    row(sb, "test users evaluated", Integer.toString(r.users().size()));
    row(sb, "test users skipped (no relevant candidate)", Integer.toString(r.skippedUsers()));
    row(
        sb,
        "confidence intervals",
        Math.round(r.confidence() * 100)
            + "% per-user percentile bootstrap, "
            + r.bootstrapSamples()
            + " resamples");
    row(sb, "seed", Long.toString(r.seed()));
    row(sb, "FLM version", r.flmVersion());
    row(sb, "created", r.created());
    config.forEach((k, v) -> row(sb, k, v));
    sb.append("\n## Metrics\n\n");
    sb.append("Means over the evaluated test users, ")
        .append(Math.round(r.confidence() * 100))
        .append("% confidence interval in brackets. Ties in score are broken by item id.\n\n");
    sb.append(table(r));
    if (!r.comparisons().isEmpty()) {
      sb.append("\n## Paired comparisons\n\n");
      sb.append(
          "Per-user differences A − B on the same users: mean, bootstrap interval and the"
              + " two-sided paired t-test p-value.\n\n");
      sb.append("| metric | A | B | mean A − B | CI | p |\n|---|---|---|---|---|---|\n");
      for (Comparison c : r.comparisons()) {
        sb.append("| ")
            .append(c.metric())
            .append(" | ")
            .append(c.modelA())
            .append(" | ")
            .append(c.modelB())
            .append(" | ")
            .append(fmt(c.meanDifference()))
            .append(" | [")
            .append(fmt(c.ciLow()))
            .append(", ")
            .append(fmt(c.ciHigh()))
            .append("] | ")
            .append(c.pValue() < 1e-4 ? "< 0.0001" : fmt(c.pValue()))
            .append(" |\n");
      }
    }
    if (!charts.isEmpty()) {
      sb.append("\n## Charts\n\n");
      for (String c : charts) {
        sb.append("![").append(c).append("](").append(c).append(")\n");
      }
    }
    if (!curves.isEmpty()) {
      sb.append("\n## Training curves\n\n");
      for (String c : curves) {
        sb.append("![").append(c).append("](").append(c).append(")\n");
      }
    }
    sb.append("\n## Models\n\n");
    for (ModelResult m : r.models()) {
      sb.append("### ").append(m.name()).append("\n\n");
      sb.append("| | |\n|---|---|\n");
      row(sb, "type", m.type());
      Provenance p = m.provenance();
      if (p != null) {
        row(
            sb,
            "hyperparameters",
            p.hyperparameters().isEmpty() ? "none" : p.hyperparameters().toString());
        row(sb, "trained on", p.data());
        row(sb, "training split and choices", p.split());
        row(sb, "training data fingerprint", "`" + p.dataFingerprint() + "`");
        row(sb, "seed", Long.toString(p.seed()));
        row(sb, "encoder", p.encoder());
        row(sb, "FLM version", p.flmVersion());
        row(sb, "created", p.created());
      }
      row(sb, "evaluation time", String.format(Locale.ROOT, "%.1f s", m.seconds()));
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String k, String v) {
    sb.append("| ")
        .append(k)
        .append(" | ")
        .append(v == null ? "" : v.replace("|", "\\|"))
        .append(" |\n");
  }

  static ObjectNode json(EvaluationResult r, Map<String, String> config) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "flm-evaluation-report");
    root.put("formatVersion", 1);
    ObjectNode prov = root.putObject("provenance");
    prov.put("dataset", r.dataset());
    prov.put("dataFingerprint", r.dataFingerprint());
    prov.put("split", r.split());
    prov.put("candidates", r.candidates());
    prov.put("sampled", r.sampled());
    prov.put("seed", r.seed());
    prov.put("bootstrapSamples", r.bootstrapSamples());
    prov.put("confidence", r.confidence());
    prov.put("flmVersion", r.flmVersion());
    prov.put("created", r.created());
    ObjectNode cfg = prov.putObject("config");
    config.forEach(cfg::put);
    root.put("testUsers", r.users().size());
    root.put("skippedUsers", r.skippedUsers());
    ArrayNode metrics = root.putArray("metrics");
    r.metrics().forEach(metrics::add);
    ArrayNode models = root.putArray("models");
    for (ModelResult m : r.models()) {
      ObjectNode mn = models.addObject();
      mn.put("name", m.name());
      mn.put("type", m.type());
      mn.put("seconds", m.seconds());
      ObjectNode mv = mn.putObject("metrics");
      m.metrics()
          .forEach(
              (k, v) -> {
                ObjectNode o = mv.putObject(k);
                num(o, "mean", v.mean());
                num(o, "ciLow", v.ciLow());
                num(o, "ciHigh", v.ciHigh());
              });
      if (m.provenance() != null) {
        mn.set("provenance", JSON.valueToTree(m.provenance()));
      }
    }
    ArrayNode comps = root.putArray("comparisons");
    for (Comparison c : r.comparisons()) {
      ObjectNode o = comps.addObject();
      o.put("metric", c.metric());
      o.put("modelA", c.modelA());
      o.put("modelB", c.modelB());
      num(o, "meanDifference", c.meanDifference());
      num(o, "ciLow", c.ciLow());
      num(o, "ciHigh", c.ciHigh());
      num(o, "pValue", c.pValue());
    }
    return root;
  }

  private static void num(ObjectNode o, String k, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.putNull(k);
    } else {
      o.put(k, v);
    }
  }

  static String perUser(EvaluationResult r) {
    StringBuilder sb = new StringBuilder("model\tuser");
    List<String> per = new ArrayList<>();
    for (String m : r.metrics()) {
      if (!r.models().isEmpty() && r.models().get(0).perUser().containsKey(m)) {
        per.add(m);
        sb.append('\t').append(m);
      }
    }
    sb.append('\n');
    for (ModelResult m : r.models()) {
      for (int u = 0; u < r.users().size(); u++) {
        sb.append(m.name()).append('\t').append(r.users().get(u));
        for (String metric : per) {
          double v = m.perUser().get(metric)[u];
          sb.append('\t').append(Double.isNaN(v) ? "" : Double.toString(v));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
