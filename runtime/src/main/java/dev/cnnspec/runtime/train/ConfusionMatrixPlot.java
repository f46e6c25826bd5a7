package dev.cnnspec.runtime.train;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * The confusion matrix as a PNG heat map (XChart): actual class down, predicted across, each cell
 * coloured by the share of its row so that rare classes are as readable as common ones.
 */
public final class ConfusionMatrixPlot {
  static final int WIDTH_BASE = 160;
  static final int CELL = 75;

  private ConfusionMatrixPlot() {}

  public static void write(Path file, EvaluationReport report) throws IOException {
    Headless.ensure();
    int k = report.classNames().size();
    HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH_BASE + CELL * k).height(160 + 50 * k)
        .title("Confusion matrix (row-normalised %)").xAxisTitle("predicted").yAxisTitle("actual").build();
    chart.getStyler().setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)});
    chart.getStyler().setShowValue(true);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(30);
    java.util.List<String> xs = report.classNames();
    java.util.List<String> ys = new java.util.ArrayList<>(report.classNames());
    java.util.List<Number[]> cells = new java.util.ArrayList<>();
    for (int actual = 0; actual < k; actual++) {
      long support = 0;
      for (long c : report.confusion()[actual]) {
        support += c;
      }
      for (int predicted = 0; predicted < k; predicted++) {
        long c = report.confusion()[actual][predicted];
        int percent = support == 0 ? 0 : (int) Math.round(100.0 * c / support);
        // y counts from the bottom; put the first class at the top as in the text matrix
        cells.add(new Number[] {predicted, k - 1 - actual, percent});
      }
    }
    java.util.Collections.reverse(ys);
    chart.addSeries("confusion", xs, ys, cells);
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, tmp -> {
      try (var out = Files.newOutputStream(tmp)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    });
  }
}
