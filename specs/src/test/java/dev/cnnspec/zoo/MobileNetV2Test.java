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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MobileNetV2 against Table 2 of Sandler et al., counted here as torchvision builds it
 * (torchvision/models/mobilenetv2.py: _make_divisible on doubles, hidden = input · t, no biases but
 * the classifier's), and against the published totals: torchvision's 3,504,872 parameters, and
 * Keras Applications' 3,538,984 (the same plus batch norm's running mean and variance).
 */
class MobileNetV2Test {
  private static final int[][] SETTINGS = {
      {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

  /** torchvision's _make_divisible(v, 8). */
  static int divisible(double v) {
    int rounded = Math.max(8, (int) (v + 4) / 8 * 8);
    return rounded < 0.9 * v ? rounded + 8 : rounded;
  }

  /** {total, trainable}. */
  static long[] count(int widthPercent, int classes) {
    double alpha = widthPercent / 100.0;
    long[] n = {0, 0};
    int in = divisible(32 * alpha);
    convBn(n, 3, in, 3);
    for (int[] s : SETTINGS) {
      int out = divisible(s[1] * alpha);
      for (int b = 0; b < s[2]; b++) {
        int hidden = in * s[0];
        if (s[0] != 1) {
          convBn(n, in, hidden, 1);
        }
        n[0] += 9L * hidden + bn(hidden); // depthwise 3×3, no bias
        n[1] += 9L * hidden + bnTrainable(hidden);
        convBn(n, hidden, out, 1);
        in = out;
      }
    }
    int last = divisible(1280 * Math.max(1.0, alpha));
    convBn(n, in, last, 1);
    n[0] += dense(last, classes);
    n[1] += dense(last, classes);
    return n;
  }

  private static void convBn(long[] n, int in, int filters, int kernel) {
    long weights = (long) kernel * kernel * in * filters;
    n[0] += weights + bn(filters);
    n[1] += weights + bnTrainable(filters);
  }

  @Test
  void publishedTotals() {
    assertEquals(3_504_872, count(100, 1000)[1], "torchvision.models.mobilenet_v2");
    assertEquals(3_538_984, count(100, 1000)[0], "keras.applications.MobileNetV2(alpha=1.0)");
    NetworkModel m = ZooSpecs.model("mobilenetv2.cnn", "MobileNetV2");
    assertEquals(3_538_984, m.totalParameters());
    assertEquals(3_504_872, m.trainableParameters());
    assertEquals(Shape.spatial(112, 112, 32), ZooSpecs.shape(m, "stem"));
    assertEquals(Shape.spatial(7, 7, 1280), ZooSpecs.shape(m, "features"));
    assertEquals(Shape.flat(1000), ZooSpecs.outputShape(m, "probs"));
    // the paper's Table 3: "300M" multiply-adds
    assertEquals(300e6, m.totalMacs(), 0.01 * 300e6);
  }

  @ParameterizedTest
  @ValueSource(ints = {35, 50, 75, 100, 130, 140})
  void everyWidthCountsAsTorchvisionRoundsIt(int width) {
    NetworkModel m = ZooSpecs.model("mobilenetv2.cnn", "MobileNetV2", Map.of("width", String.valueOf(width)));
    long[] expected = count(width, 1000);
    assertEquals(expected[0], m.totalParameters(), "total");
    assertEquals(expected[1], m.trainableParameters(), "trainable");
  }

  @Test
  void inputSizeAndClassesAreParameters() {
    NetworkModel m = ZooSpecs.model("mobilenetv2.cnn", "MobileNetV2", Map.of("size", "96", "classes", "10"));
    assertEquals(Shape.spatial(3, 3, 1280), ZooSpecs.shape(m, "features"));
    assertEquals(count(100, 10)[0], m.totalParameters());
  }

  @Test
  void generatedConstantsAgreeWithDl4j() {
    Dl4jChecks.constantsAgree(ZooSpecs.model("mobilenetv2.cnn", "MobileNetV2"));
  }
}
