package dev.cnnspec.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics from a confusion matrix, checked against values computed by hand. */
class EvaluationReportTest {
  // rows actual, columns predicted
  private final EvaluationReport report = new EvaluationReport(List.of("cat", "dog", "bird"),
      new long[][] {{5, 1, 0}, {2, 3, 1}, {0, 0, 0}}, 0.5);

  @Test
  void metricsMatchHandComputation() {
    assertEquals(12, report.total());
    assertEquals(8, report.correct());
    assertEquals(8 / 12.0, report.accuracy(), 1e-12);
    // cat: predicted 7 times, 5 right; 6 actual cats
    assertEquals(5 / 7.0, report.precision(0), 1e-12);
    assertEquals(5 / 6.0, report.recall(0), 1e-12);
    assertEquals(2 * (5 / 7.0) * (5 / 6.0) / (5 / 7.0 + 5 / 6.0), report.f1(0), 1e-12);
    // dog: predicted 4 times, 3 right; 6 actual
    assertEquals(3 / 4.0, report.precision(1), 1e-12);
    assertEquals(0.5, report.recall(1), 1e-12);
    // bird: predicted once wrongly, never present: precision 0, recall 0 (zero_division = 0)
    assertEquals(0, report.precision(2));
    assertEquals(0, report.recall(2));
    assertEquals(0, report.f1(2));
  }

  @Test
  void textAndJsonCarryTheNumbers() throws Exception {
    String text = report.toText();
    assertTrue(text.startsWith("accuracy 0.6667 (8/12), loss 0.5000"), text);
    assertTrue(text.lines().anyMatch(l -> l.matches("cat\\s+0\\.7143\\s+0\\.8333\\s+0\\.7692\\s+6")), text);
    assertTrue(text.lines().anyMatch(l -> l.matches("dog\\s+2\\s+3\\s+1")), text);
    var json = new ObjectMapper().readTree(report.toJson());
    assertEquals(8 / 12.0, json.get("accuracy").asDouble(), 1e-12);
    assertEquals("[[5,1,0],[2,3,1],[0,0,0]]", json.get("confusion").toString());
    assertEquals("bird", json.get("classes").get(2).get("name").asText());
  }

  @Test
  void heatMapIsAPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("cm.png");
    ConfusionMatrixPlot.write(png, report);
    var image = ImageIO.read(png.toFile());
    assertEquals(ConfusionMatrixPlot.WIDTH_BASE + ConfusionMatrixPlot.CELL * 3, image.getWidth());
  }
}
