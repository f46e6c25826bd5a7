package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnn train} on specs that {@code check} accepts but that used to fail at run time (issue 10):
 * heads that do not end in a dense layer ("has 0 outputs"), logits with cross_entropy and a loss name
 * the user took (DL4J stack traces shown as "internal error"), and the networks it cannot feed —
 * several inputs, a head whose units are not the data set's classes, more weights than memory holds —
 * which must get a message naming the input, the head or the size, never an internal error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTrainHeadsTest {
  private static final String TRUNK = """
        input image: [28, 28, 1]
        f = image -> conv(4, 5, stride: 2, activation: relu) -> maxpool(2)
      """;

  private Path tmp;
  private String dataset;

  @BeforeAll
  void data(@TempDir Path dir) throws IOException {
    tmp = dir;
    dataset = "fashion-mnist:" + FashionSubset.write(tmp.resolve("fashion"), 200, 100);
  }

  private Cli train(String name, String body) throws IOException {
    Path spec = tmp.resolve(name + ".cnn");
    Files.writeString(spec, "network " + name + "(classes: int = 10) {\n" + TRUNK + body + "}\n");
    return Cli.run("train", spec.toString(), "--dataset", dataset, "--epochs", "1", "--batch", "50",
        "--val-split", "0.25", "--out", tmp.resolve("run-" + name).toString(), "--progress", "none");
  }

  private static void assertTrained(Cli c, String name) {
    assertEquals(0, c.status(), c.toString());
    assertTrue(c.out().contains("trained " + name + " for 1 epoch"), c.toString());
    assertTrue(c.out().contains("test accuracy"), c.toString());
  }

  private static void assertUserError(Cli c, String... mentions) {
    assertEquals(2, c.status(), c.toString());
    assertFalse(c.err().contains("internal error"), c.toString());
    for (String m : mentions) {
      assertTrue(c.err().contains(m), "the message names " + m + ":\n" + c);
    }
  }

  @Test
  void pooledSoftmaxHeadTrains() throws IOException {
    assertTrained(train("Pooled", "  output probs = f -> conv(classes, 1) -> globalavgpool -> softmax\n"), "Pooled");
  }

  @Test
  void logitsHeadWithCrossEntropyTrains() throws IOException {
    assertTrained(train("Logits", "  output logits = f -> flatten -> dense(classes)\n"), "Logits");
  }

  @Test
  void lossNameTakenByTheUserTrains() throws IOException {
    assertTrained(train("Taken", """
          probs_loss = f -> flatten
          output probs = probs_loss -> dense(classes) -> softmax
        """), "Taken");
  }

  @Test
  void auxiliaryHeadWithTheSameClassesTrains() throws IOException {
    assertTrained(train("Aux", """
          g = f -> flatten
          output main = g -> dense(classes)
          output side = g -> dense(classes, activation: softmax) weight 0.3
        """), "Aux");
  }

  @Test
  void headWithOtherUnitsIsRefusedByName() throws IOException {
    assertUserError(train("Five", """
          g = f -> flatten
          output main = g -> dense(classes)
          output side = g -> dense(5, activation: softmax) weight 0.3
        """), "Five: head side [5] has 5 units", "one-hot over its 10 classes");
  }

  @Test
  void singleHeadWithOtherUnitsSuggestsTheClassCount() throws IOException {
    assertUserError(train("Seven", "  output p = f -> globalavgpool -> dense(7)\n"),
        "Seven has 7 outputs but", "has 10 classes; try --set classes=10");
  }

  /** Per-pixel heads check, but the data sets have no per-pixel labels: refused by name, pointing to MaskFiles. */
  @Test
  void perPixelHeadIsRefusedByName() throws IOException {
    assertUserError(train("Seg", "  output mask = f -> conv_transpose(classes, 2, stride: 2)\n"),
        "Seg: head mask [12, 12, 10] is per pixel", "one class per image", "MaskFiles");
  }

  @Test
  void secondInputIsRefusedByName() throws IOException {
    assertUserError(train("TwoInputs", """
          input extra: [28, 28, 1]
          e = extra -> conv(4, 5, stride: 2) -> maxpool(2)
          output p = add(f, e) -> flatten -> dense(classes)
        """), "TwoInputs has 2 inputs (image [28, 28, 1], extra [28, 28, 1])", "feeds exactly one");
  }

  /** A generated class without model() (from an interface) is described by its constants. */
  @Test
  void classWithTwoInputsIsRefusedByName() {
    assertUserError(Cli.run("train", FakeTwoInputNet.class.getName(), "--dataset", dataset, "--epochs", "1"),
        "FakeTwoInputNet has 2 inputs (left [4], right [6]), but cnn train feeds exactly one");
  }

  /** 10¹² parameters: refused with the size before anything is allocated (it used to SIGSEGV the JVM). */
  @Test
  void networkBeyondMemoryIsRefusedWithItsSize() throws IOException {
    assertUserError(train("Tera", "  output p = f -> flatten -> dense(1000000) -> dense(1000000) -> dense(classes)\n"),
        "training Tera needs 16.0 TB for 1,000,", "parameters (4-byte FLOAT each, 4 copies", "but ND4J may allocate only");
  }
}
