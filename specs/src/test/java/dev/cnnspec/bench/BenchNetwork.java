package dev.cnnspec.bench;

import dev.cnnspec.zoo.LeNet5;
import dev.cnnspec.zoo.LightCNN;
import dev.cnnspec.zoo.ResNet20;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The networks {@code bench/speed} times (the zoo's generated classes, as {@code builder().build()}
 * returns them) and their inputs, by the names {@code torch_bench.py} uses for the same networks.
 */
enum BenchNetwork {
  /** 28×28 zero-padded to LeNet-5's 32×32, as in LeCun et al. */
  LENET5("lenet5", () -> LeNet5.builder().build(), LeNet5.TRAINABLE_PARAMETERS, 2, 1),
  LIGHTCNN("lightcnn", () -> LightCNN.builder().build(), LightCNN.TRAINABLE_PARAMETERS, 0, 1),
  /** No CIFAR here: Fashion-MNIST padded to 32×32 and repeated to three channels. */
  RESNET20("resnet20", () -> ResNet20.builder().build(), ResNet20.TRAINABLE_PARAMETERS, 2, 3);

  final String id;
  final Supplier<ComputationGraph> build;
  final long trainable;
  private final int pad;
  private final int channels;

  BenchNetwork(String id, Supplier<ComputationGraph> build, long trainable, int pad, int channels) {
    this.id = id;
    this.build = build;
    this.trainable = trainable;
    this.pad = pad;
    this.channels = channels;
  }

  static BenchNetwork named(String id) {
    for (BenchNetwork n : values()) {
      if (n.id.equals(id)) {
        return n;
      }
    }
    throw new IllegalArgumentException("unknown network " + id + " (lenet5, lightcnn, resnet20)");
  }

  List<DataSet> batches(Path data, int count, int batchSize) throws IOException {
    return FashionMnist.batches(data, count, batchSize, pad, channels);
  }
}
