package dev.cnnspec.runtime.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws {@code training-curve.png}: train and validation loss per epoch on the left axis,
 * validation accuracy on the right. XChart renders off screen; {@link Headless} makes sure AWT
 * never looks for a display (servers, CI).
 */
public final class TrainingCurvePlot {
  public static final String FILE = "training-curve.png";

  private TrainingCurvePlot() {}

  public static void write(Path file, List<EpochMetrics> history) throws IOException {
    Headless.ensure();
    XYChart chart = new XYChartBuilder().width(800).height(500).title("Training curve").xAxisTitle("epoch")
        .yAxisTitle("loss").build();
    chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setYAxisDecimalPattern("0.###");
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
    chart.addSeries("train loss", epochs, history.stream().mapToDouble(EpochMetrics::trainLoss).toArray())
        .setMarker(SeriesMarkers.CIRCLE);
    if (history.stream().anyMatch(m -> !Double.isNaN(m.valLoss()))) {
      chart.addSeries("val loss", epochs, history.stream().mapToDouble(EpochMetrics::valLoss).toArray())
          .setMarker(SeriesMarkers.DIAMOND);
      XYSeries acc = chart.addSeries("val accuracy", epochs,
          history.stream().mapToDouble(EpochMetrics::valAccuracy).toArray());
      acc.setYAxisGroup(1);
      acc.setMarker(SeriesMarkers.SQUARE);
      chart.setYAxisGroupTitle(1, "accuracy");
      chart.getStyler().putYAxisGroupDecimalPatternMap(1, "0.00");
      chart.getStyler().setYAxisMin(1, 0.0);
      chart.getStyler().setYAxisMax(1, 1.0);
    }
    AtomicFiles.write(file, tmp -> {
      try (var out = java.nio.file.Files.newOutputStream(tmp)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    });
  }
}
