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
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

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
 */
public final class ReportWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f),
    new Color(0xbcbd22),
    new Color(0x17becf)
  };

  private ReportWriter() {}

  /** Writes the report into {@code dir}; returns the files written (report.md first). */
  public static List<Path> write(EvaluationResult result, Path dir) throws IOException {
    return write(result, dir, Map.of());
  }

  /**
   * Writes the report into {@code dir} with extra run settings (e.g. the command line or the data
   * path) recorded under {@code config}; returns the files written (report.md first).
   */
  public static List<Path> write(EvaluationResult result, Path dir, Map<String, String> extra)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    Map<String, String> config = new LinkedHashMap<>(result.config());
    config.putAll(extra);
    List<Path> files = new ArrayList<>();
    List<String> charts = new ArrayList<>();
    for (String metric : result.metrics()) {
      Path p = dir.resolve("metric-" + safe(metric) + ".png");
      writeMetricChart(result, metric, p);
      files.add(p);
      charts.add(p.getFileName().toString());
    }
    List<String> curves = new ArrayList<>();
    for (ModelResult m : result.models()) {
      Provenance prov = m.provenance();
      if (prov != null && !prov.history().isEmpty()) {
        Path p = dir.resolve("training-" + safe(m.name()) + ".png");
        writeTrainingChart(m.name(), prov.history(), p);
        files.add(p);
        curves.add(p.getFileName().toString());
      }
    }
    Path md = dir.resolve("report.md");
    AtomicFiles.write(
        md, markdown(result, config, charts, curves).getBytes(StandardCharsets.UTF_8));
    files.add(0, md);
    Path json = dir.resolve("report.json");
    AtomicFiles.write(json, JSON.writeValueAsBytes(json(result, config)));
    files.add(1, json);
    Path tsv = dir.resolve("per-user.tsv");
    AtomicFiles.write(tsv, perUser(result).getBytes(StandardCharsets.UTF_8));
    files.add(2, tsv);
    return files;
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

  static void writeMetricChart(EvaluationResult r, String metric, Path file) throws IOException {
    List<ModelResult> models = r.models();
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(420)
            .title(metric + (r.sampled() ? " (sampled)" : ""))
            .xAxisTitle("model (see legend); bars: " + Math.round(r.confidence() * 100) + "% CI")
            .yAxisTitle(metric)
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisMin(0.5);
    chart.getStyler().setXAxisMax(models.size() + 0.5);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("0.0###");
    chart.getStyler().setXAxisTicksVisible(false);
    for (int j = 0; j < models.size(); j++) {
      MetricValue v = models.get(j).metrics().get(metric);
      Color c = PALETTE[j % PALETTE.length];
      double x = j + 1;
      double mean = Double.isNaN(v.mean()) ? 0 : v.mean();
      XYSeries point = chart.addSeries(models.get(j).name(), new double[] {x}, new double[] {mean});
      point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      point.setMarker(SeriesMarkers.CIRCLE);
      point.setMarkerColor(c);
      if (!Double.isNaN(v.ciLow())) {
        XYSeries ci =
            chart.addSeries(
                models.get(j).name() + " CI",
                new double[] {x, x, x - 0.08, x + 0.08, x, x, x - 0.08, x + 0.08},
                new double[] {
                  v.ciLow(),
                  v.ciHigh(),
                  v.ciHigh(),
                  v.ciHigh(),
                  v.ciHigh(),
                  v.ciLow(),
                  v.ciLow(),
                  v.ciLow()
                });
        ci.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        ci.setMarker(SeriesMarkers.NONE);
        ci.setLineColor(c);
        ci.setLineStyle(new BasicStroke(2f));
        ci.setShowInLegend(false);
      }
    }
    save(chart, file);
  }

  static void writeTrainingChart(String model, Map<String, List<Double>> history, Path file)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(420)
            .title("training: " + model)
            .xAxisTitle("epoch")
            .yAxisTitle("value")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    int j = 0;
    for (Map.Entry<String, List<Double>> e : history.entrySet()) {
      List<Double> ys = e.getValue();
      List<Double> xs = new ArrayList<>();
      List<Double> yv = new ArrayList<>();
      for (int i = 0; i < ys.size(); i++) {
        Double y = ys.get(i);
        if (y != null && !y.isNaN() && !y.isInfinite()) {
          xs.add(i + 1.0);
          yv.add(y);
        }
      }
      if (xs.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(e.getKey(), xs, yv);
      s.setMarker(SeriesMarkers.CIRCLE);
      Color c = PALETTE[j++ % PALETTE.length];
      s.setLineColor(c);
      s.setMarkerColor(c);
    }
    save(chart, file);
  }

  private static void save(XYChart chart, Path file) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(chart, bos, BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(file, bos.toByteArray());
  }
}
