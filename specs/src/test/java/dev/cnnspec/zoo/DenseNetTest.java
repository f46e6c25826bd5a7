package dev.cnnspec.zoo;

import static dev.cnnspec.zoo.Count.bnTrainable;
import static dev.cnnspec.zoo.Count.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DenseNets against Table 1 of Huang et al., counted here as torchvision builds them
 * (torchvision/models/densenet.py: growth 32, bn_size 4, compression 0.5, no biases but the
 * classifier's), and against the published totals of torchvision (trainable) and Keras
 * Applications (with batch norm's running statistics).
 */
class DenseNetTest {

  /** {total, trainable}. */
  static long[] count(int[] blocks) {
    long[] n = {0, 0};
    int k = 32;
    conv(n, 3, 64, 7);
    bn(n, 64);
    int c = 64;
    for (int i = 0; i < blocks.length; i++) {
      for (int l = 0; l < blocks[i]; l++) {
        bn(n, c);
        conv(n, c, 4 * k, 1);
        bn(n, 4 * k);
        conv(n, 4 * k, k, 3);
        c += k;
      }
      if (i < blocks.length - 1) {
        bn(n, c);
        conv(n, c, c / 2, 1);
        c /= 2;
      }
    }
    bn(n, c);
    n[0] += dense(c, 1000);
    n[1] += dense(c, 1000);
    return n;
  }

  private static void conv(long[] n, int in, int filters, int kernel) {
    long weights = (long) kernel * kernel * in * filters;
    n[0] += weights;
    n[1] += weights;
  }

  private static void bn(long[] n, int channels) {
    n[0] += Count.bn(channels);
    n[1] += bnTrainable(channels);
  }

  @ParameterizedTest
  @CsvSource({"DenseNet121, 6, 12, 24, 16, 8062504, 7978856", "DenseNet169, 6, 12, 32, 32, 14307880, 14149480",
      "DenseNet201, 6, 12, 48, 32, 20242984, 20013928"})
  void publishedTotals(String name, int b1, int b2, int b3, int b4, long keras, long torchvision) {
    long[] expected = count(new int[] {b1, b2, b3, b4});
    assertEquals(keras, expected[0], "keras.applications." + name);
    assertEquals(torchvision, expected[1], "torchvision " + name);
    NetworkModel m = ZooSpecs.model("densenet.cnn", name);
    assertEquals(expected[0], m.totalParameters(), "total");
    assertEquals(expected[1], m.trainableParameters(), "trainable");
    assertEquals(Shape.spatial(56, 56, 64), ZooSpecs.shape(m, "stem"));
    assertEquals(Shape.spatial(7, 7, name.equals("DenseNet121") ? 1024 : name.equals("DenseNet169") ? 1664 : 1920),
        ZooSpecs.shape(m, "features"));
  }

  @Test
  void theParameterizedNetworkDefaultsToDepth121() {
    assertEquals(8_062_504, ZooSpecs.model("densenet.cnn", "DenseNet").totalParameters());
  }

  @Test
  void generatedConstantsAgreeWithDl4j() {
    Dl4jChecks.constantsAgree(ZooSpecs.model("densenet.cnn", "DenseNet121"));
  }
}
