package dev.cnnspec.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.onnx.OnnxRuntimeOracle;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every zoo network, built by its generated class, exports to ONNX and ONNX Runtime computes what
 * DL4J computes, at the network's own input size, on a random batch of two, with its batch norms'
 * running statistics moved away from their initial values (variances near 1 so that ResNet-152's
 * activations stay finite; {@code OnnxExportTest} makes epsilon matter on shallow networks). Networks are found from the specs, not
 * listed, so a new zoo entry is covered without a word here.
 */
class ZooOnnxExportTest {
  @TestFactory
  Stream<DynamicTest> everyZooNetworkRunsTheSameUnderOnnxRuntime() {
    return ZooSpecs.all().stream()
        .sorted(Comparator.comparingLong(NetworkModel::totalParameters))
        .map(model -> DynamicTest.dynamicTest(model.name() + " (" + model.totalParameters() + " parameters)",
            () -> exportAndCompare(model)));
  }

  private static void exportAndCompare(NetworkModel model) throws Exception {
    GeneratedNetwork generated = GeneratedNetwork.ofClass(generatedClass(model));
    long start = System.nanoTime();
    try {
      ComputationGraph graph = OnnxRuntimeOracle.perturbBatchNorm(model, generated.build(), 3, 0.3);
      double worst = OnnxRuntimeOracle.assertAgrees(model, graph, 2);
      assertTrue(worst <= OnnxRuntimeOracle.RELATIVE, model.name() + ": " + worst);
      System.out.printf("%-10s ONNX Runtime vs DL4J: largest relative difference %.1e  (%d ms)%n",
          model.name(), worst, (System.nanoTime() - start) / 1_000_000);
    } finally {
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
      System.gc();
    }
  }

  /** The generated class of a zoo network: the spec's package (its directory) and the network's name. */
  private static String generatedClass(NetworkModel model) {
    Path spec = ZooSpecs.ROOT.relativize(Path.of(model.graph().location().path()).toAbsolutePath());
    Path dir = spec.getParent();
    String pkg = dir == null ? "" : dir.toString().replace('/', '.') + ".";
    return pkg + model.name();
  }
}
