package dev.cnnspec.zoo;

import static dev.cnnspec.zoo.Count.conv;
import static dev.cnnspec.zoo.Count.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GoogLeNet against Table 1 of Szegedy et al.: one row per inception module. */
class GoogLeNetTest {

  /** Table 1's columns: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj. */
  private static final int[][] TABLE_1 = {
    {64, 96, 128, 16, 32, 32},      // 3a
    {128, 128, 192, 32, 96, 64},    // 3b
    {192, 96, 208, 16, 48, 64},     // 4a
    {160, 112, 224, 24, 64, 64},    // 4b
    {128, 128, 256, 24, 64, 64},    // 4c
    {112, 144, 288, 32, 64, 64},    // 4d
    {256, 160, 320, 32, 128, 128},  // 4e
    {256, 160, 320, 32, 128, 128},  // 5a
    {384, 192, 384, 48, 128, 128},  // 5b
  };

  private static long trunk() {
    long n = conv(3, 64, 7) + conv(64, 64, 1) + conv(64, 192, 3);
    int in = 192;
    for (int[] r : TABLE_1) {
      n += conv(in, r[0], 1) + conv(in, r[1], 1) + conv(r[1], r[2], 3) + conv(in, r[3], 1) + conv(r[3], r[4], 5)
          + conv(in, r[5], 1);
      in = r[0] + r[2] + r[4] + r[5];
    }
    assertEquals(1024, in, "5b's output channels");
    return n + dense(1024, 1000);
  }

  /** 4×4×128 after the 5×5/3 pooling of a 14×14 map and the 1×1 convolution. */
  private static long auxiliary(int channels) {
    return conv(channels, 128, 1) + dense(4 * 4 * 128, 1024) + dense(1024, 1000);
  }

  @Test
  void withoutAuxiliaryHeadsHas6998552Parameters() {
    NetworkModel m = ZooSpecs.model("googlenet.cnn", "GoogLeNet", Map.of("aux", "false"));
    assertEquals(6_998_552, trunk());
    assertEquals(trunk(), m.totalParameters());
    assertEquals(trunk(), m.trainableParameters());
    assertEquals(List.of("probs"), m.outputs().stream().map(OutputModel::name).toList());
  }

  @Test
  void auxiliaryHeadsOn4aAnd4dAddTwoOutputsWeighted03() {
    NetworkModel m = ZooSpecs.model("googlenet.cnn", "GoogLeNet");
    assertEquals(trunk() + auxiliary(512) + auxiliary(528), m.totalParameters());
    assertEquals(13_378_280, trunk() + auxiliary(512) + auxiliary(528));
    assertEquals(Shape.spatial(14, 14, 480), ZooSpecs.shape(m, "i3"), "after 3b and the third pooling");
    for (String head : List.of("probs", "aux1", "aux2")) {
      assertEquals(Shape.flat(1000), ZooSpecs.outputShape(m, head));
    }
    for (OutputModel o : m.outputs()) {
      assertEquals(o.name().equals("probs") ? 1.0 : 0.3, o.node().weight(), 1e-12, o.name());
    }
  }

  @Test
  void generatedConstantsAgreeWithDl4j() {
    Dl4jChecks.constantsAgree(ZooSpecs.model("googlenet.cnn", "GoogLeNet"));
  }
}
