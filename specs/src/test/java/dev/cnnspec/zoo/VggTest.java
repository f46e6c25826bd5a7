package dev.cnnspec.zoo;

import static dev.cnnspec.zoo.Count.conv;
import static dev.cnnspec.zoo.Count.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** VGG-16 and VGG-19 against Table 2 of Simonyan and Zisserman, and their GAP variants. */
class VggTest {

  /** Convolution parameters for convs-per-stage {@code reps}, filters 64, 128, 256, 512, 512. */
  private static long convolutions(int... reps) {
    long n = 0;
    int in = 3;
    int[] filters = {64, 128, 256, 512, 512};
    for (int stage = 0; stage < 5; stage++) {
      for (int i = 0; i < reps[stage]; i++) {
        n += conv(in, filters[stage], 3);
        in = filters[stage];
      }
    }
    return n;
  }

  private static final long DENSE_HEAD = dense(7 * 7 * 512, 4096) + dense(4096, 4096) + dense(4096, 1000);
  private static final long GAP_HEAD = dense(512, 1000);

  @Test
  void vgg16Has138357544Parameters() {
    NetworkModel m = ZooSpecs.model("vgg.cnn", "VGG16");
    long expected = convolutions(2, 2, 3, 3, 3) + DENSE_HEAD;
    assertEquals(138_357_544, expected, "Table 2 of the paper rounds this to 138M");
    assertEquals(expected, m.totalParameters());
    assertEquals(expected, m.trainableParameters());
    assertEquals(Shape.flat(1000), ZooSpecs.outputShape(m, "probs"));
  }

  @Test
  void vgg19Has143667240Parameters() {
    NetworkModel m = ZooSpecs.model("vgg.cnn", "VGG19");
    long expected = convolutions(2, 2, 4, 4, 4) + DENSE_HEAD;
    assertEquals(143_667_240, expected, "Table 2 of the paper rounds this to 144M");
    assertEquals(expected, m.totalParameters());
    assertEquals(Shape.flat(1000), ZooSpecs.outputShape(m, "probs"));
  }

  @Test
  void gapReplacesTheDenseLayersByGlobalAveragePooling() {
    Map<String, String> gap = Map.of("gap", "true");
    assertEquals(convolutions(2, 2, 3, 3, 3) + GAP_HEAD, ZooSpecs.model("vgg.cnn", "VGG16", gap).totalParameters());
    assertEquals(convolutions(2, 2, 4, 4, 4) + GAP_HEAD, ZooSpecs.model("vgg.cnn", "VGG19", gap).totalParameters());
    assertEquals(15_227_688, convolutions(2, 2, 3, 3, 3) + GAP_HEAD);
  }

  @Test
  void generatedConstantsAgreeWithDl4j() {
    Dl4jChecks.constantsAgree(ZooSpecs.model("vgg.cnn", "VGG16"));
    Dl4jChecks.constantsAgree(ZooSpecs.model("vgg.cnn", "VGG19"));
  }

  /** 138M parameters: 553 MB of weights, within the 4 GB surefire gives the tests. */
  @Test
  void vgg16BuildsWithTheGeneratedParameterCount() {
    ComputationGraph graph = Dl4jChecks.built(ZooSpecs.model("vgg.cnn", "VGG16"));
    assertEquals(138_357_544, graph.numParams());
  }
}
