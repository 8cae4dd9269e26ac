package dev.flm.train;

import dev.flm.util.Drawing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * Renders a training history (loss and validation metric per epoch) as a PNG with XChart. Drawing
 * needs AWT (the {@code java.desktop} module, fonts), which minimal runtimes (jlink images,
 * distroless containers) may lack; a model is then saved without its picture and a warning says
 * why, since a missing picture must never cost a trained model.
 */
public final class TrainingCurve {
  /** File name of the curve inside a model folder. */
  public static final String FILE = "training-curve.png";

  private TrainingCurve() {}

  /**
   * PNG bytes of the curves; null when the history is empty, or when this runtime cannot draw, in
   * which case {@code warnings} gets a message naming the cause.
   */
  public static byte[] png(Map<String, List<Double>> history, Consumer<String> warnings) {
    if (history.values().stream().allMatch(List::isEmpty)) {
      return null;
    }
    return Drawing.attempt(
            () -> Chart.png(history),
            why ->
                warnings.accept(
                    "the training curve was not drawn, so the model folder has no "
                        + FILE
                        + " ("
                        + why
                        + ")"))
        .orElse(null);
  }

  /** Kept apart so that XChart and AWT classes load only when a curve is drawn. */
  private static final class Chart {
    static byte[] png(Map<String, List<Double>> history) {
      XYChart chart =
          new XYChartBuilder()
              .width(800)
              .height(450)
              .title("FLM training")
              .xAxisTitle("epoch")
              .yAxisTitle("value")
              .build();
      chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
      chart.getStyler().setMarkerSize(4);
      chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      for (Map.Entry<String, List<Double>> e : history.entrySet()) {
        List<Double> ys = e.getValue();
        if (ys.isEmpty()) {
          continue;
        }
        double[] x = new double[ys.size()];
        double[] y = new double[ys.size()];
        for (int i = 0; i < ys.size(); i++) {
          x[i] = i + 1;
          y[i] = ys.get(i);
        }
        if (e.getKey().startsWith("val")) {
          XYSeries s = chart.addSeries(e.getKey() + " (right axis)", x, y);
          s.setYAxisGroup(1);
        } else {
          chart.addSeries(e.getKey(), x, y);
        }
      }
      chart.setYAxisGroupTitle(0, "loss");
      chart.setYAxisGroupTitle(1, "validation");
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        return out.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
