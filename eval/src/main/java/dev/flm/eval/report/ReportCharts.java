package dev.flm.eval.report;

import dev.flm.eval.EvaluationResult;
import dev.flm.eval.EvaluationResult.MetricValue;
import dev.flm.eval.EvaluationResult.ModelResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's pictures, drawn with XChart. Apart from {@link ReportWriter} so that AWT classes
 * load only when a chart is drawn, and a runtime without them still gets the report's text.
 */
final class ReportCharts {
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

  private ReportCharts() {}

  /** PNG of {@code metric} per model with its confidence interval. */
  static byte[] metric(EvaluationResult r, String metric) {
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
    return png(chart);
  }

  /** PNG of a model's training history, one series per name. */
  static byte[] training(String model, Map<String, List<Double>> history) {
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
    return png(chart);
  }

  private static byte[] png(XYChart chart) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try {
      BitmapEncoder.saveBitmap(chart, bos, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }
}
