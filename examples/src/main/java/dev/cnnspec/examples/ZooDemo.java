package dev.cnnspec.examples;

import dev.cnnspec.zoo.LeNet5Wide;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Uses two generated classes the way an application would: {@link LeNet5Wide} from the zoo's
 * {@code lenet5_wide.cnn} (with a parameter changed through its builder, which re-checks the
 * embedded spec), and {@code SmallCnn} from the annotated interface {@link SmallNet}. Prints their
 * layer tables and runs a forward pass of a zero batch through each.
 *
 * <p>Run: {@code mvn -pl examples -am compile exec:java -Dexec.mainClass=dev.cnnspec.examples.ZooDemo}
 */
public final class ZooDemo {
  private ZooDemo() {}

  public static void main(String[] args) {
    System.out.println(LeNet5Wide.NAME + ": " + LeNet5Wide.TOTAL_PARAMETERS + " parameters");
    System.out.println(LeNet5Wide.summary());
    // The 28×28 form (the spec defaults to the article's 32×32): Fashion-MNIST's own size.
    ComputationGraph lenet = LeNet5Wide.builder().classes(5).size(28).seed(7).updater(new Adam(3e-4)).build();
    report("LeNet5Wide with 5 classes", lenet, Nd4j.zeros(2, 1, 28, 28));

    System.out.println(SmallCnn.NAME + ": " + SmallCnn.TOTAL_PARAMETERS + " parameters");
    System.out.println(SmallCnn.summary());
    report("SmallCnn", SmallCnn.builder().build(), Nd4j.zeros(2, 1, 28, 28));
  }

  private static void report(String what, ComputationGraph graph, INDArray batch) {
    INDArray out = graph.output(batch)[0];
    System.out.printf("%s: %,d parameters in DL4J, output %s for a batch of %d%n", what, graph.numParams(),
        java.util.Arrays.toString(out.shape()), batch.size(0));
  }
}
