package dev.cnnspec.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Metrics by ND4J's {@code Evaluation}, checked against values computed by hand, on labels per
 * example and per pixel, and {@code evaluation.json} against a file main wrote.
 */
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
  void evaluationJsonIsTheFileMainWrote() throws Exception {
    Path main = JsonFormatsTest.fixture("evaluation.json");
    var json = new ObjectMapper().readTree(main.toFile());
    List<String> names = new java.util.ArrayList<>();
    json.get("classes").forEach(c -> names.add(c.get("name").asText()));
    long[][] confusion = new ObjectMapper().treeToValue(json.get("confusion"), long[][].class);
    EvaluationReport r = new EvaluationReport(names, confusion, json.get("loss").asDouble());
    assertEquals(java.nio.file.Files.readString(main), r.toJson());
  }

  /** 4-d labels [N, classes, H, W], as a per-pixel head has them: ND4J evaluates every pixel. */
  @Test
  void perPixelLabelsAreEvaluatedPerPixel() {
    // 2 images of 1×2 pixels, 2 classes; actual classes (0, 1 | 1, 1), predicted (0, 0 | 1, 1)
    INDArray labels = Nd4j.create(new float[] {1, 0, 0, 1, 0, 0, 1, 1}, new long[] {2, 2, 1, 2});
    INDArray scores = Nd4j.create(new float[] {0.9f, 0.6f, 0.1f, 0.4f, 0.2f, 0.3f, 0.8f, 0.7f}, new long[] {2, 2, 1, 2});
    org.nd4j.evaluation.classification.Evaluation e = new org.nd4j.evaluation.classification.Evaluation(2);
    e.eval(labels, scores);
    EvaluationReport r = EvaluationReport.of(e, List.of("background", "object"), Double.NaN);
    assertEquals(4, r.total(), "one example per pixel");
    assertEquals(3, r.correct());
    assertEquals(List.of(List.of(1L, 0L), List.of(1L, 2L)),
        java.util.Arrays.stream(r.confusion()).map(row -> java.util.Arrays.stream(row).boxed().toList()).toList());
    assertEquals(0.5, r.precision(0), 1e-12);
    assertEquals(2 / 3.0, r.recall(1), 1e-12);
  }

  @Test
  void heatMapIsAPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("cm.png");
    ConfusionMatrixPlot.write(png, report);
    var image = ImageIO.read(png.toFile());
    assertEquals(ConfusionMatrixPlot.WIDTH_BASE + ConfusionMatrixPlot.CELL * 3, image.getWidth());
  }
}
