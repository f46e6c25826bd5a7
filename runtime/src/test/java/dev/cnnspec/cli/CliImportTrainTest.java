package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnn import keras} then {@code cnn train SPEC --init WEIGHTS}: the imported weights are where
 * training starts, and another network's weights are refused before any training.
 */
class CliImportTrainTest {

  private static String fixture(String name) throws URISyntaxException {
    return Path.of(CliImportTrainTest.class.getResource("/keras/" + name).toURI()).toString();
  }

  @Test
  void trainsFromImportedWeights(@TempDir Path tmp) throws Exception {
    Path spec = tmp.resolve("lenet.cnn");
    Cli imported = Cli.run("import", "keras", fixture("LeNet5Small.keras"), "--out", spec.toString());
    assertEquals(0, imported.status(), imported.toString());
    Path weights = tmp.resolve("lenet.weights.zip");
    String dataset = "fashion-mnist:" + FashionSubset.write(tmp.resolve("fashion"), 64, 32);

    Cli trained = Cli.run("train", spec.toString(), "--init", weights.toString(), "--dataset", dataset, "--epochs", "1",
        "--val-split", "0", "--batch", "32", "--out", tmp.resolve("run").toString(), "--progress", "none");
    assertEquals(0, trained.status(), trained.toString());
    assertTrue(trained.out().contains("trained LeNet5Small for 1 epoch"), trained.toString());

    Path resnet = tmp.resolve("resnet.cnn");
    assertEquals(0, Cli.run("import", "keras", fixture("SmallResNet.keras"), "--out", resnet.toString()).status());
    Path other = tmp.resolve("resnet.weights.zip");
    Cli refused = Cli.run("train", spec.toString(), "--init", other.toString(), "--dataset", dataset, "--epochs", "1",
        "--val-split", "0", "--out", tmp.resolve("run2").toString(), "--progress", "none");
    assertEquals(2, refused.status(), refused.toString());
    assertTrue(refused.err().startsWith("cnn train: " + other + " holds the weights of another network: it has no "
        + "layer "), refused.toString());
  }
}
