package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnn train → eval → predict → samples} on real Fashion-MNIST (600 training images, the
 * full 10,000-image test set) with a tiny model, and the user errors of those commands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTrainTest {
  private static final int TEST = 1000;
  private static final Pattern ACCURACY = Pattern.compile("test accuracy (0\\.\\d+) \\((\\d+)/" + TEST + "\\)");

  private Path tmp;
  private Path run;
  private Cli trained;
  private String dataset;

  @BeforeAll
  void train(@TempDir Path dir) throws IOException {
    tmp = dir;
    run = tmp.resolve("run");
    dataset = "fashion-mnist:" + FashionSubset.write(tmp.resolve("fashion"), 900, TEST);
    trained = Cli.run("train", FakeZooNet.class.getName(), "--dataset", dataset, "--epochs", "2", "--val-split",
        "0.2", "--batch", "32", "--lr", "0.005", "--out", run.toString(), "--progress", "lines");
  }

  @Test
  void trainReportsTestAccuracyAndWritesEveryOutput() throws IOException {
    assertEquals(0, trained.status(), trained.toString());
    Matcher m = ACCURACY.matcher(trained.out());
    assertTrue(m.find(), trained.toString());
    double accuracy = Double.parseDouble(m.group(1));
    assertTrue(accuracy > 0.55, "chance is 0.10; got " + accuracy);
    for (String f : List.of("model.zip", "model.json", "metrics.csv", "metrics.json", "training-curve.png",
        "confusion-matrix.png", "evaluation.txt", "evaluation.json")) {
      assertTrue(Files.size(run.resolve(f)) > 0, f);
      assertTrue(trained.out().contains(f) || f.startsWith("evaluation.json") || f.equals("model.json"),
          "the report names " + f + ":\n" + trained.out());
    }
    List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals(3, metrics.size());
    double loss1 = Double.parseDouble(metrics.get(1).split(",")[1]);
    double loss2 = Double.parseDouble(metrics.get(2).split(",")[1]);
    assertTrue(loss2 < loss1 * 0.8, "training loss falls: " + metrics);
    assertTrue(ImageIO.read(run.resolve("confusion-matrix.png").toFile()).getWidth() > 100);
    // a plain DL4J program can load the model
    ComputationGraph g = ModelSerializer.restoreComputationGraph(run.resolve("model.zip").toFile());
    assertEquals(1, g.getNumOutputArrays());
    var meta = new ObjectMapper().readTree(run.resolve("model.json").toFile());
    assertEquals("T-shirt/top", meta.get("classes").get(0).asText());
    assertEquals(List.of(28, 28, 1), List.of(meta.get("input").get(0).asInt(), meta.get("input").get(1).asInt(),
        meta.get("input").get(2).asInt()));
  }

  @Test
  void evalReproducesTheTestAccuracy() {
    Matcher m = ACCURACY.matcher(trained.out());
    assertTrue(m.find(), trained.toString());
    Cli eval = Cli.run("eval", run.toString());
    // the model remembers its data set
    assertTrue(eval.out().contains("/" + TEST + ")"), eval.toString());
    assertEquals(0, eval.status(), eval.toString());
    assertTrue(eval.out().contains("(" + m.group(2) + "/" + TEST + ")"), eval.out());
    assertTrue(eval.out().contains("Ankle boot"), "per-class table: " + eval.out());
    assertTrue(eval.out().contains("confusion matrix"), eval.out());
  }

  @Test
  void predictWritesKaggleCsvAndJson() throws IOException {
    Path csv = tmp.resolve("p.csv");
    Cli p = Cli.run("predict", run.resolve("model.zip").toString(), dataset, "--out", csv.toString());
    assertEquals(0, p.status(), p.toString());
    List<String> lines = Files.readAllLines(csv);
    assertEquals("ImageId,Label", lines.get(0));
    assertEquals(TEST + 1, lines.size());
    assertTrue(lines.get(1).startsWith("1,"));
    assertTrue(lines.get(TEST).startsWith(TEST + ","));
    for (String line : lines.subList(1, lines.size())) {
      int label = Integer.parseInt(line.split(",")[1]);
      assertTrue(label >= 0 && label < 10, line);
    }
    Path json = tmp.resolve("p.json");
    Cli pj = Cli.run("predict", run.toString(), dataset, "--out", json.toString());
    assertEquals(0, pj.status(), pj.toString());
    var rows = new ObjectMapper().readTree(json.toFile());
    assertEquals(TEST, rows.size());
    assertEquals(lines.get(1), rows.get(0).get("ImageId").asInt() + "," + rows.get(0).get("Label").asInt());
    double prob = rows.get(0).get("probability").asDouble();
    assertTrue(prob > 0.1 && prob <= 1, "argmax of 10 probabilities: " + prob);
  }

  @Test
  void samplesDrawsAGrid() throws IOException {
    Path png = tmp.resolve("grid.png");
    Cli s = Cli.run("samples", "--dataset", dataset, "--model", run.toString(), "--count", "20", "--out",
        png.toString());
    assertEquals(0, s.status(), s.toString());
    assertTrue(ImageIO.read(png.toFile()).getWidth() > 0);
  }

  @Test
  void resumeContinuesFromTheLastCheckpoint() throws IOException {
    Path dir = tmp.resolve("resume");
    String[] common = {"train", FakeZooNet.class.getName(), "--dataset", dataset, "--val-split", "0.2", "--batch",
        "64", "--out", dir.toString(), "--progress", "none"};
    Cli first = Cli.run(concat(common, "--epochs", "1"));
    assertEquals(0, first.status(), first.toString());
    String epochOne = Files.readAllLines(dir.resolve("metrics.csv")).get(1);
    Cli second = Cli.run(concat(common, "--epochs", "2", "--resume"));
    assertEquals(0, second.status(), second.toString());
    assertTrue(second.out().contains("trained FakeZooNet for 2 epochs"), second.toString());
    List<String> metrics = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals(3, metrics.size(), "epoch 1 from the first run, epoch 2 from the second: " + metrics);
    assertEquals(epochOne, metrics.get(1), "epoch 1 was not retrained (its timing would differ)");
    assertTrue(Files.exists(dir.resolve("checkpoints/epoch-002.json")));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void userErrorsExitTwoWithOneLineAndNoStackTrace() throws IOException {
    assertUserError(Cli.run("train", "NoSuchNet", "--epochs", "1"), "NoSuchNet");
    assertUserError(Cli.run("train", FakeZooNet.class.getName(), "--optimizer", "adagrad"), "adagrad");
    assertUserError(Cli.run("train", FakeZooNet.class.getName(), "--dataset", "mnist:/nonexistent"), "nonexistent");
    assertUserError(Cli.run("train", FakeZooNet.class.getName(), "--set", "classes=7", "--dataset", dataset), "classes=10");
    assertUserError(Cli.run("eval", tmp.resolve("nothing-here").toString()), "no model");
    assertUserError(Cli.run("predict", run.toString(), dataset, "--out", "p.txt"), ".csv or .json");
    assertUserError(Cli.run("train", FakeZooNet.class.getName(), "--dataset", "fashion-mnist:" + tmp.resolve("empty")),
        "no such file");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertUserError(Cli.run("train", FakeZooNet.class.getName(), "--dataset", dataset, "--out", file.toString()),
        "the output directory " + file + " is a file, not a directory; choose another --out");
    Path recorded = tmp.resolve("three-threads");
    Files.createDirectories(recorded.resolve("checkpoints"));
    Files.writeString(recorded.resolve("checkpoints/epoch-001.json"), "{\"run\": {\"options\": {\"threads\": \"3\"}}}");
    assertUserError(Cli.run("train", FakeZooNet.class.getName(), "--dataset", dataset, "--out", recorded.toString(),
        "--resume", "--threads", "1"), "--threads 1: the run in " + recorded + " was trained with 3 ND4J threads");
    Cli usage = Cli.run("train");
    assertEquals(2, usage.status(), usage.toString());
  }

  private static void assertUserError(Cli c, String mentions) {
    assertEquals(2, c.status(), c.toString());
    assertTrue(c.err().contains(mentions), c.toString());
    assertFalse(c.err().contains("\tat "), "no stack trace: " + c);
    assertEquals(1, c.err().strip().lines().count(), "one line: " + c);
  }
}
