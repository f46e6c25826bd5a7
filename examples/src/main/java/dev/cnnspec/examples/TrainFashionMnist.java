package dev.cnnspec.examples;

import dev.cnnspec.runtime.train.Dataset;
import dev.cnnspec.runtime.train.EpochMetrics;
import dev.cnnspec.runtime.train.EvaluationReport;
import dev.cnnspec.runtime.train.Training;
import dev.cnnspec.zoo.LeNet5;
import java.util.Locale;

/**
 * Trains the generated {@link LeNet5} on real Fashion-MNIST from Java, with the same engine as
 * {@code cnn train}, and prints the test accuracy. By default a quick run for the build (the first
 * 2,000 training, validation and test images, one epoch); {@code --full} uses all 60,000 / 10,000.
 *
 * <p>Run: {@code mvn -pl examples -am compile exec:java -Dexec.mainClass=dev.cnnspec.examples.TrainFashionMnist}
 * (Fashion-MNIST comes from {@code bin/setup}).
 */
public final class TrainFashionMnist {
  private TrainFashionMnist() {}

  public static void main(String[] args) throws Exception {
    boolean full = args.length > 0 && args[0].equals("--full");
    System.out.printf(Locale.ROOT, "test accuracy %.4f%n", run(full ? 0 : 2_000, full ? 5 : 1));
  }

  /** Trains on the first {@code images} images of each split (0: all) and returns the test accuracy. */
  static double run(int images, int epochs) throws Exception {
    Training.Run run = Training.of(LeNet5.builder().build(), LeNet5.INPUT_SHAPE)
        .data(Dataset.fashionMnist().limit(images))
        .epochs(epochs)
        .log(System.out)
        .fit();
    for (EpochMetrics epoch : run.history()) {
      System.out.printf(Locale.ROOT, "epoch %d: loss %.4f, val_acc %.4f%n", epoch.epoch(), epoch.trainLoss(),
          epoch.valAccuracy());
    }
    EvaluationReport test = run.evaluate();
    System.out.printf(Locale.ROOT, "%d of %d test images right%n", test.correct(), test.total());
    return test.accuracy();
  }
}
