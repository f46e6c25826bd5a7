package dev.cnnspec.zoo;

import static dev.cnnspec.zoo.Count.conv;
import static dev.cnnspec.zoo.Count.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import org.junit.jupiter.api.Test;

/** AlexNet, single-GPU form: (227 − 11)/4 + 1 = 55, then 27, 13, 6 after the 3/2 poolings. */
class AlexNetTest {

  @Test
  void has62378344Parameters() {
    NetworkModel m = ZooSpecs.model("alexnet.cnn", "AlexNet");
    long expected = conv(3, 96, 11) + conv(96, 256, 5) + conv(256, 384, 3) + conv(384, 384, 3) + conv(384, 256, 3)
        + dense(6 * 6 * 256, 4096) + dense(4096, 4096) + dense(4096, 1000);
    assertEquals(62_378_344, expected);
    assertEquals(expected, m.totalParameters());
    assertEquals(expected, m.trainableParameters());
    assertEquals(Shape.flat(9216), ZooSpecs.shape(m, "features"));
    assertEquals(Shape.flat(1000), ZooSpecs.outputShape(m, "probs"));
  }

  @Test
  void generatedConstantsAgreeWithDl4j() {
    Dl4jChecks.constantsAgree(ZooSpecs.model("alexnet.cnn", "AlexNet"));
  }
}
