package dev.cnnspec.runtime.memory;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.report.MemoryEstimate;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.conf.memory.NetworkMemoryReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

class Dl4jMemoryReportTest {
  @ParameterizedTest
  @CsvSource({"lenet5.cnn, LeNet5, 8", "lenet5.cnn, LeNet5, 64", "lightcnn.cnn, LightCNN, 8", "lightcnn.cnn, LightCNN, 64",
      "resnet.cnn, ResNet50, 8", "resnet.cnn, ResNet50, 32"})
  void explore(String file, String name, int batch) {
    NetworkModel model = ZooModels.network(file, name);
    ComputationGraphConfiguration conf = Dl4jGraphFactory.configuration(model, 1, new Adam(1e-3));
    var in = model.inputs().get(0).shape().dims();
    NetworkMemoryReport report = conf.getMemoryReport(in.size() == 3
        ? InputType.convolutional(in.get(0), in.get(1), in.get(2)) : InputType.feedForward(in.get(0)));
    long train = report.getTotalMemoryBytes(batch, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
    long infer = report.getTotalMemoryBytes(batch, MemoryUseMode.INFERENCE, CacheMode.NONE, DataType.FLOAT);
    MemoryEstimate.Totals t = MemoryEstimate.of(model, batch).totals();
    for (org.deeplearning4j.nn.conf.memory.MemoryType type : org.deeplearning4j.nn.conf.memory.MemoryType.values()) {
      System.out.printf("MEM   %s b=%d %s %d%n", name, batch, type,
          report.getMemoryBytes(type, batch, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT));
    }
    System.out.printf("MEM   ours params %d grads %d updater %d activations %d%n", t.parameters(), t.gradients(), t.updater(), t.activations());
    System.out.printf("MEM %s b=%d dl4j train %d infer %d | ours train %d infer %d | ratio %.3f %.3f%n", name, batch,
        train, infer, t.training(), t.inference(), (double) t.training() / train, (double) t.inference() / infer);
  }
}
