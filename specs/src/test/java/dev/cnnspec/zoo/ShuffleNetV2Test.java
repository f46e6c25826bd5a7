package dev.cnnspec.zoo;

import static dev.cnnspec.zoo.Count.bn;
import static dev.cnnspec.zoo.Count.bnTrainable;
import static dev.cnnspec.zoo.Count.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ShuffleNetV2 counted here as torchvision builds it (torchvision/models/shufflenetv2.py: a 3×3
 * stride-2 stem and max pool, stages of 4, 8 and 4 units whose first halves the size with two
 * branches, depthwise convolutions with bias=False, a 1×1 conv to 1024 or 2048 channels, a linear
 * classifier), and against torchvision 0.28.0's own counts (specs/src/test/torchvision/counts.py):
 * trainable parameters, and the total with batch norm's running mean and variance.
 */
class ShuffleNetV2Test {

  /** {total, trainable} of torchvision's shufflenet_v2 with these stage widths. */
  static long[] count(int[] c, int classes) {
    long[] n = {0, 0};
    convBn(n, 3, 24, 3);
    int in = 24;
    int[] repeats = {4, 8, 4};
    for (int s = 0; s < 3; s++) {
      int half = c[s] / 2;
      // first unit: branch 1 (depthwise on the whole input, 1×1), branch 2 (1×1, depthwise, 1×1)
      depthwiseBn(n, in);
      convBn(n, in, half, 1);
      convBn(n, in, half, 1);
      depthwiseBn(n, half);
      convBn(n, half, half, 1);
      for (int u = 1; u < repeats[s]; u++) {
        convBn(n, half, half, 1);
        depthwiseBn(n, half);
        convBn(n, half, half, 1);
      }
      in = c[s];
    }
    convBn(n, in, c[3], 1);
    n[0] += dense(c[3], classes);
    n[1] += dense(c[3], classes);
    return n;
  }

  private static void convBn(long[] n, int in, int filters, int kernel) {
    long weights = (long) kernel * kernel * in * filters;
    n[0] += weights + bn(filters);
    n[1] += weights + bnTrainable(filters);
  }

  /** A 3×3 conv with one group per channel: 9 weights a channel, no bias. */
  private static void depthwiseBn(long[] n, int channels) {
    n[0] += 9L * channels + bn(channels);
    n[1] += 9L * channels + bnTrainable(channels);
  }

  @ParameterizedTest(name = "width {0}")
  @CsvSource({
      "50, 48, 96, 192, 1024, 1366792, 1374744",
      "100, 116, 232, 464, 1024, 2278604, 2294784",
      "150, 176, 352, 704, 1024, 3503624, 3527064",
      "200, 244, 488, 976, 2048, 7393996, 7427712"})
  void countsAreTorchvisions(int width, int c0, int c1, int c2, int c3, long trainable, long total) {
    long[] byHand = count(new int[] {c0, c1, c2, c3}, 1000);
    assertEquals(trainable, byHand[1], "torchvision shufflenet_v2 parameters()");
    assertEquals(total, byHand[0], "torchvision shufflenet_v2 parameters() + running statistics");
    NetworkModel m = ZooSpecs.model("shufflenetv2.cnn", "ShuffleNetV2", Map.of("width", String.valueOf(width)));
    assertEquals(total, m.totalParameters());
    assertEquals(trainable, m.trainableParameters());
  }

  @Test
  void shapesAreTorchvisions() {
    NetworkModel m = ZooSpecs.model("shufflenetv2.cnn", "ShuffleNetV2");
    assertEquals(Shape.spatial(56, 56, 24), ZooSpecs.shape(m, "stem"));
    assertEquals(Shape.spatial(7, 7, 1024), ZooSpecs.shape(m, "features"));
    assertEquals(Shape.flat(1000), ZooSpecs.outputShape(m, "logits"));
    // the paper's Table 5: 146M FLOPs (multiply-adds) for 1×
    assertEquals(146e6, m.totalMacs(), 0.02 * 146e6);
    assertEquals(ShuffleNetV2x05.TOTAL_PARAMETERS,
        ZooSpecs.model("shufflenetv2.cnn", "ShuffleNetV2x05").totalParameters());
  }

  @Test
  void generatedConstantsAgreeWithDl4j() {
    Dl4jChecks.constantsAgree(ZooSpecs.model("shufflenetv2.cnn", "ShuffleNetV2"));
  }
}
