package dev.cnnspec.testing;

import static dev.cnnspec.model.Activation.RELU;
import static dev.cnnspec.model.Activation.SOFTMAX;
import static dev.cnnspec.model.Padding.SAME;
import static dev.cnnspec.model.Padding.VALID;

import dev.cnnspec.model.NetworkGraph;

/**
 * Well-known networks written with {@link GraphSketch}, for tests and benchmarks. They give the
 * structure only; tests derive the expected counts on their own (hand tables or published
 * figures), so a mistake here shows up as a failing count rather than a self-confirming one.
 */
public final class ZooGraphs {
  private ZooGraphs() {}

  /** LeNet-5 as Keras tutorials write it: 32×32×1, valid convs, max pooling, three dense layers. */
  public static GraphSketch lenet5() {
    GraphSketch n = GraphSketch.network("LeNet5").input("image", 32, 32, 1);
    n.from("image").conv(6, 5, RELU).maxpool(2).conv(16, 5, RELU).maxpool(2).flatten()
        .dense(120, RELU).dense(84, RELU).name("probs").dense(10, SOFTMAX).output("probs");
    return n;
  }

  /** VGG-16 (configuration D) or VGG-19 (E) as in the paper, on 224×224×3 with 1000 classes. */
  public static NetworkGraph vgg(int depth) {
    int[] convsPerStage = depth == 16 ? new int[] {2, 2, 3, 3, 3} : new int[] {2, 2, 4, 4, 4};
    int[] filters = {64, 128, 256, 512, 512};
    GraphSketch n = GraphSketch.network("VGG" + depth).input("image", 224, 224, 3);
    GraphSketch.Chain x = n.from("image");
    for (int stage = 0; stage < 5; stage++) {
      for (int i = 0; i < convsPerStage[stage]; i++) {
        x.conv(filters[stage], 3, 1, SAME, RELU);
      }
      x.maxpool(2);
    }
    x.flatten().dense(4096, RELU).dense(4096, RELU).name("probs").dense(1000, SOFTMAX).output("probs");
    return n.build();
  }

  /**
   * ResNet v1 with bottleneck blocks as {@code keras.applications.ResNet50} builds it: zero
   * padding 3, 7×7/2 conv, BN, ReLU, zero padding 1, 3×3/2 max pool, then stages of bottlenecks
   * (1×1 with the stride, 3×3 same, 1×1 ×4; every conv biased and followed by BN), a 1×1
   * projection + BN shortcut on each stage's first block, global average pooling, dense 1000.
   */
  public static NetworkGraph resnet(int... blocksPerStage) {
    GraphSketch n = GraphSketch.network("ResNet").input("image", 224, 224, 3);
    String x = n.from("image").zeroPad(3).conv(64, 7, 2, VALID).batchNorm().relu()
        .zeroPad(1).maxpool(3, 2, VALID).tensor();
    for (int stage = 0; stage < blocksPerStage.length; stage++) {
      int filters = 64 << stage;
      for (int block = 0; block < blocksPerStage[stage]; block++) {
        int stride = stage > 0 && block == 0 ? 2 : 1;
        String shortcut = x;
        if (block == 0) {
          shortcut = n.from(x).conv(4 * filters, 1, stride, VALID).batchNorm().tensor();
        }
        x = n.from(x).conv(filters, 1, stride, VALID).batchNorm().relu()
            .conv(filters, 3, 1, SAME).batchNorm().relu()
            .conv(4 * filters, 1, 1, VALID).batchNorm()
            .add(shortcut).relu().tensor();
      }
    }
    n.from(x).globalAvgPool().name("probs").dense(1000, SOFTMAX).output("probs");
    return n.build();
  }

  /**
   * The Light CNN of the zoo issue (max-feature-map after every conv), on 28×28×1 with 10
   * classes. Convs with a 3×3 kernel use same padding, 1×1 convs valid (the same thing for 1×1).
   */
  public static GraphSketch lightCnn() {
    GraphSketch n = GraphSketch.network("LightCNN").input("image", 28, 28, 1);
    n.from("image")
        .conv(64, 5, 1, SAME).mfm().maxpool(2)
        .conv(64, 1).mfm().batchNorm()
        .conv(96, 3, 1, SAME).mfm().maxpool(2).batchNorm()
        .conv(96, 1).mfm().batchNorm()
        .conv(128, 3, 1, SAME).mfm().maxpool(2)
        .conv(128, 1).mfm().batchNorm()
        .conv(64, 3, 1, SAME).mfm().batchNorm()
        .conv(64, 1).mfm().batchNorm()
        .conv(64, 3, 1, SAME).mfm().maxpool(2)
        .flatten().dense(160).mfm().batchNorm().dropout(0.5)
        .name("probs").dense(10, SOFTMAX).output("probs");
    return n;
  }

  /** A chain of {@code length} shape-preserving layers (conv 3×3 same, BN, ReLU, repeated). */
  public static NetworkGraph chain(int length) {
    GraphSketch n = GraphSketch.network("Chain" + length).input("image", 32, 32, 16);
    GraphSketch.Chain x = n.from("image");
    for (int i = 0; i < length; i++) {
      switch (i % 3) {
        case 0 -> x.conv(16, 3, 1, SAME);
        case 1 -> x.batchNorm();
        default -> x.relu();
      }
    }
    x.globalAvgPool().name("probs").dense(10, SOFTMAX).output("probs");
    return n.build();
  }
}
