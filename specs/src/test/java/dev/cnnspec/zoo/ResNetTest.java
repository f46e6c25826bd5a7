package dev.cnnspec.zoo;

import static dev.cnnspec.zoo.Count.bn;
import static dev.cnnspec.zoo.Count.bnTrainable;
import static dev.cnnspec.zoo.Count.conv;
import static dev.cnnspec.zoo.Count.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ResNets against Table 1 of He et al., counted here block by block: every convolution has a bias
 * and a batch norm (4 parameters per channel, 2 trainable), projections only where the shape
 * changes. Keras' published totals for 50, 101 and 152 are checked as well.
 */
class ResNetTest {

  /** {total, trainable} for a depth, from the stage table. */
  static long[] count(int depth) {
    int[] blocks = switch (depth) {
      case 18 -> new int[] {2, 2, 2, 2};
      case 34, 50 -> new int[] {3, 4, 6, 3};
      case 101 -> new int[] {3, 4, 23, 3};
      case 152 -> new int[] {3, 8, 36, 3};
      default -> throw new IllegalArgumentException();
    };
    boolean bottleneck = depth >= 50;
    long[] n = {0, 0};
    addConvBn(n, 3, 64, 7);
    int in = 64;
    for (int stage = 0; stage < 4; stage++) {
      int f = 64 << stage;
      int out = bottleneck ? 4 * f : f;
      for (int b = 0; b < blocks[stage]; b++) {
        if (bottleneck) {
          addConvBn(n, in, f, 1);
          addConvBn(n, f, f, 3);
          addConvBn(n, f, out, 1);
        } else {
          addConvBn(n, in, f, 3);
          addConvBn(n, f, f, 3);
        }
        if (b == 0 && (bottleneck || stage > 0)) {
          addConvBn(n, in, out, 1);
        }
        in = out;
      }
    }
    n[0] += dense(in, 1000);
    n[1] += dense(in, 1000);
    return n;
  }

  private static void addConvBn(long[] n, int in, int filters, int kernel) {
    n[0] += conv(in, filters, kernel) + bn(filters);
    n[1] += conv(in, filters, kernel) + bnTrainable(filters);
  }

  @ParameterizedTest
  @CsvSource({"ResNet18, 18", "ResNet34, 34", "ResNet50, 50", "ResNet101, 101", "ResNet152, 152"})
  void parameterCountsFollowTheStageTable(String name, int depth) {
    NetworkModel m = ZooSpecs.model("resnet.cnn", name);
    long[] expected = count(depth);
    assertEquals(expected[0], m.totalParameters(), "total");
    assertEquals(expected[1], m.trainableParameters(), "trainable");
    assertEquals(Shape.spatial(56, 56, 64), ZooSpecs.shape(m, "stem"));
    assertEquals(Shape.flat(1000), ZooSpecs.outputShape(m, "probs"));
  }

  @Test
  void kerasApplicationsFigures() {
    assertEquals(25_636_712, count(50)[0], "keras.applications.ResNet50");
    assertEquals(44_707_176, count(101)[0], "keras.applications.ResNet101");
    assertEquals(60_419_944, count(152)[0], "keras.applications.ResNet152");
  }

  @Test
  void theParameterizedNetworkDefaultsToDepth50() {
    assertEquals(25_636_712, ZooSpecs.model("resnet.cnn", "ResNet").totalParameters());
  }

  @Test
  void generatedConstantsAgreeWithDl4j() {
    for (String name : new String[] {"ResNet18", "ResNet50", "ResNet152"}) {
      Dl4jChecks.constantsAgree(ZooSpecs.model("resnet.cnn", name));
    }
  }
}
