package dev.cnnspec.runtime.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.report.MemoryEstimate;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.memory.MemoryType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.conf.memory.NetworkMemoryReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The build-time memory figures against DL4J's own {@code getMemoryReport(InputType)} for the
 * configuration the back end builds (no weights are allocated): parameters, their gradients and
 * Adam's state must agree to the byte, and so must the activations, which DL4J counts without the
 * network's input. What DL4J's report adds on top (an error signal for every layer kept at once,
 * im2col scratch) is where the two differ; docs/memory.md compares both with what DL4J allocates.
 */
class Dl4jMemoryReportTest {
  @ParameterizedTest
  @CsvSource({"lenet5.cnn, LeNet5, 8", "lenet5.cnn, LeNet5, 64", "lightcnn.cnn, LightCNN, 8",
      "lightcnn.cnn, LightCNN, 64", "resnet.cnn, ResNet50, 8", "resnet.cnn, ResNet50, 32",
      "googlenet.cnn, GoogLeNet, 16"})
  void agreesWithDl4jsMemoryReport(String file, String name, int batch) {
    NetworkModel model = ZooModels.network(file, name);
    NetworkMemoryReport report = Dl4jGraphFactory.configuration(model, 1, new Adam(1e-3))
        .getMemoryReport(ZooModels.inputType(model));
    MemoryEstimate.Totals ours = MemoryEstimate.of(model, batch).totals();

    assertEquals(dl4j(report, MemoryType.PARAMETERS, batch), ours.parameters(), "parameters");
    assertEquals(dl4j(report, MemoryType.PARAMATER_GRADIENTS, batch), ours.gradients(), "gradients");
    assertEquals(dl4j(report, MemoryType.UPDATER_STATE, batch), ours.updater(), "Adam state");
    long input = model.inputs().get(0).shape().elements() * batch * MemoryEstimate.BYTES_PER_VALUE;
    assertEquals(dl4j(report, MemoryType.ACTIVATIONS, batch), ours.activations() - input, "activations");

    // DL4J's report assumes an error signal for every layer kept at once and im2col scratch, well
    // beyond what its workspaces allocate (which the estimate models: Dl4jWorkspacesTest), so the
    // estimate lies between the part both count and DL4J's total.
    long dl4jTotal = report.getTotalMemoryBytes(batch, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
    assertTrue(ours.training() < dl4jTotal, ours.training() + " vs DL4J's " + dl4jTotal);
    assertTrue(ours.training() > ours.parameters() + ours.gradients() + ours.updater() + ours.activations() - input,
        "training total");
  }

  private static long dl4j(NetworkMemoryReport report, MemoryType type, int batch) {
    return report.getMemoryBytes(type, batch, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
  }
}
