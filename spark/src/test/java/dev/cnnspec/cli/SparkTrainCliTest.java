package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnn train LeNet5 --spark …} end to end through the ServiceLoader, on real Fashion-MNIST
 * (3,000 training images, 1,000 test images), against the oracle of the same command without
 * {@code --spark}: parameter averaging over two workers must reach the single-machine test
 * accuracy within {@value #TOLERANCE} after the same epochs, and write the same files.
 *
 * <p>Why that tolerance: the single-machine run is deterministic (0.7540 in every run), the Spark
 * runs are not (the order in which Spark aggregates the workers' parameters varies, and two epochs
 * of training amplify the last-digit differences). Fourteen Spark runs on 2026-12-01, on the main of
 * before and after that day's changes alike: 0.656-0.740, mean 0.707, a gap to the single machine
 * of 0.047 with a standard deviation of 0.024; the old bound of 0.08 (set from one probe, 0.7625 vs
 * 0.7550) failed one run in about twelve. 0.13 is that mean gap plus 3.5 standard deviations; it
 * still asks for an accuracy of at least 0.62 where chance is 0.10.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkTrainCliTest {
  static final double TOLERANCE = 0.13;
  static final int TEST = 1000;
  private static final Pattern ACCURACY = Pattern.compile("test accuracy (0\\.\\d+) \\((\\d+)/" + TEST + "\\)");

  private Path tmp;
  private String dataset;
  private double localAccuracy;

  @BeforeAll
  void trainWithoutSpark(@TempDir Path dir) throws IOException {
    tmp = dir;
    dataset = "fashion-mnist:" + FashionSubset.write(tmp.resolve("fashion"), 3000, TEST);
    Cli local = train(tmp.resolve("local"));
    assertEquals(0, local.status(), local.toString());
    localAccuracy = accuracy(local);
    assertTrue(localAccuracy > 0.6, "chance is 0.10; single-machine LeNet5 got " + localAccuracy);
  }

  Cli train(Path out, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "LeNet5", "--dataset", dataset, "--epochs", "2",
        "--batch", "32", "--lr", "0.002", "--val-split", "0.1", "--out", out.toString(), "--progress", "lines"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  static double accuracy(Cli r) {
    Matcher m = ACCURACY.matcher(r.out());
    assertTrue(m.find(), r.toString());
    return Double.parseDouble(m.group(1));
  }

  @Test
  void localThreadsTrainAsWellAsOneMachine() throws IOException {
    Path out = tmp.resolve("local2");
    Cli r = train(out, "--spark", "local[2]");
    assertEquals(0, r.status(), r.toString());
    assertClose(r);
    assertSameOutputs(out, r);
  }

  @Test
  void twoExecutorJvmsTrainAsWellAsOneMachine() throws IOException {
    Path out = tmp.resolve("cluster");
    Cli r = train(out, "--spark", "local-cluster[2,1,1024]", "--averaging-frequency", "5");
    assertEquals(0, r.status(), r.toString());
    assertClose(r);
    assertSameOutputs(out, r);
  }

  private void assertClose(Cli r) {
    double spark = accuracy(r);
    System.out.printf("test accuracy: Spark %.4f, single machine %.4f%n", spark, localAccuracy);
    assertTrue(Math.abs(spark - localAccuracy) <= TOLERANCE,
        "Spark " + spark + " vs single machine " + localAccuracy + " (tolerance " + TOLERANCE + ")\n" + r);
  }

  private static void assertSameOutputs(Path out, Cli r) throws IOException {
    for (String f : List.of("model.zip", "model.json", "metrics.csv", "metrics.json", "training-curve.png",
        "confusion-matrix.png", "evaluation.txt", "evaluation.json")) {
      assertTrue(Files.isRegularFile(out.resolve(f)) && Files.size(out.resolve(f)) > 0, f + "\n" + r);
    }
    assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size(), "a header and two epochs");
  }
}
