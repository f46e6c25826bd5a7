package dev.cnnspec.zoo;

import static dev.cnnspec.zoo.Count.bn;
import static dev.cnnspec.zoo.Count.bnTrainable;
import static dev.cnnspec.zoo.Count.conv;
import static dev.cnnspec.zoo.Count.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Light CNN: every MFM halves the channels, so each convolution reads half the filters of the one
 * before; the table below follows the spec line by line.
 */
class LightCnnTest {

  /** Convolutions and dense layers, then the batch norms (channel counts after MFM). */
  private static long weights(int channels, int spatialOut, int classes) {
    return conv(channels, 64, 5) + conv(32, 64, 1) + conv(32, 96, 3) + conv(48, 96, 1) + conv(48, 128, 3)
        + conv(64, 128, 1) + conv(64, 64, 3) + conv(32, 64, 1) + conv(32, 64, 3)
        + dense(spatialOut * 32, 160) + dense(80, classes);
  }

  private static final int[] BN_CHANNELS = {32, 48, 48, 64, 32, 32, 80};

  @Test
  void defaultsCount164938ParametersOf164266Trainable() {
    NetworkModel m = ZooSpecs.model("lightcnn.cnn", "LightCNN");
    long total = weights(1, 1, 10);
    long trainable = total;
    for (int c : BN_CHANNELS) {
      total += bn(c);
      trainable += bnTrainable(c);
    }
    assertEquals(164_938, total);
    assertEquals(total, m.totalParameters());
    assertEquals(trainable, m.trainableParameters());
    assertEquals(Shape.flat(32), ZooSpecs.shape(m, "features"), "28 → 14 → 7 → 3 → 1 after four pools");
    assertEquals(Shape.flat(10), ZooSpecs.outputShape(m, "probs"));
  }

  @Test
  void inputSizeAndClassesAreParameters() {
    NetworkModel m = ZooSpecs.model("lightcnn.cnn", "LightCNN",
        Map.of("height", "64", "width", "64", "channels", "3", "classes", "2"));
    // 64 → 32 → 16 → 8 → 4: 4·4·32 = 512 features.
    assertEquals(Shape.flat(512), ZooSpecs.shape(m, "features"));
    long total = weights(3, 16, 2);
    for (int c : BN_CHANNELS) {
      total += bn(c);
    }
    assertEquals(total, m.totalParameters());
    assertEquals(Shape.flat(2), ZooSpecs.outputShape(m, "probs"));
  }

  @Test
  void buildsRunsAndLearnsFashionMnist() throws Exception {
    LeNetTest.trainOnFashionMnist(ZooSpecs.model("lightcnn.cnn", "LightCNN"), 0);
  }
}
