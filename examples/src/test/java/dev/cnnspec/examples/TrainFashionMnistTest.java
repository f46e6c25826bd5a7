package dev.cnnspec.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.runtime.data.MnistFiles;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Runs the training example in the build: one epoch of LeNet-5 on the first 2,000 real
 * Fashion-MNIST images must beat chance (0.1) by far. A run here reached 0.7 and more; the bound
 * is loose so that thread scheduling cannot make it flaky, and tight enough that a broken
 * pipeline (labels shuffled against images, no training) fails it.
 */
class TrainFashionMnistTest {
  @Test
  void trainsOnRealFashionMnistAndBeatsChanceByFar() throws Exception {
    assertTrue(Files.isDirectory(MnistFiles.FASHION_MNIST_DIR),
        "Fashion-MNIST is missing at " + MnistFiles.FASHION_MNIST_DIR + "; run bin/setup");
    double accuracy = TrainFashionMnist.run(2_000, 1);
    assertTrue(accuracy > 0.5, "test accuracy " + accuracy);
  }
}
