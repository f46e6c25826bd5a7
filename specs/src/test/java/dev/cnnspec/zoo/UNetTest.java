package dev.cnnspec.zoo;

import static dev.cnnspec.zoo.Count.conv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/**
 * U-Net (Ronneberger et al. 2015, Figure 1, with same padding) against a hand count and against
 * Keras 3's {@code count_params()} of the same network (the script is at the top of unet.cnn):
 * 31,030,658 for the paper's widths, 485,682 at base 8. A forward pass at a small size gives one
 * score per class at every pixel of the input.
 */
class UNetTest {

  /** Hand count: {@code base} doubling over four levels, 2×2 up-convolutions, a 1×1 head. */
  static long count(int classes, int base, int channels) {
    long n = 0;
    int in = channels;
    for (int level = 0; level < 5; level++) {
      int f = base << level;
      n += conv(in, f, 3) + conv(f, f, 3);
      in = f;
    }
    for (int level = 3; level >= 0; level--) {
      int f = base << level;
      n += conv(2 * f, f, 2); // conv_transpose 2×2 from 2f to f channels: the same count as a conv
      n += conv(2 * f, f, 3) + conv(f, f, 3);
    }
    return n + conv(base, classes, 1);
  }

  /** The shape of the last layer of a block instance: what the block returns. */
  private static Shape returned(NetworkModel m, String instance) {
    return m.layers().stream().filter(l -> l.name().startsWith(instance + "/")).reduce((a, b) -> b)
        .map(dev.cnnspec.model.LayerModel::outputShape).orElseThrow(() -> new AssertionError("no instance " + instance));
  }

  @Test
  void thePapersWidthsCountAsKeras() {
    assertEquals(31_030_658, count(2, 64, 1), "Keras 3.15.1 count_params()");
    NetworkModel m = ZooSpecs.model("unet.cnn", "UNet");
    assertEquals(31_030_658, m.totalParameters());
    assertEquals(m.totalParameters(), m.trainableParameters());
    assertEquals(Shape.spatial(256, 256, 1), m.inputs().get(0).shape());
    assertEquals(Shape.spatial(16, 16, 1024), returned(m, "bottom"));
    assertEquals(Shape.spatial(32, 32, 512), returned(m, "u4"));
    assertEquals(Shape.spatial(256, 256, 2), ZooSpecs.outputShape(m, "mask"));
    Dl4jChecks.constantsAgree(m);
  }

  @Test
  void classesBaseSizeAndChannelsAreParameters() {
    NetworkModel m = ZooSpecs.model("unet.cnn", "UNet", Map.of("classes", "3", "base", "8", "size", "96", "channels", "3"));
    assertEquals(count(3, 8, 3), m.totalParameters());
    assertEquals(Shape.spatial(96, 96, 3), ZooSpecs.outputShape(m, "mask"));
    assertEquals(485_682, ZooSpecs.model("unet.cnn", "UNet", Map.of("base", "8", "size", "64")).totalParameters(),
        "Keras 3.15.1 count_params() at base 8, 64×64");
  }

  @Test
  void aSizeThatFourPoolingsCannotHalveIsRefusedByTheSpecsAssert() {
    Compilation c = new CnnCompiler(java.util.List.of(ZooSpecs.ROOT), Map.of("size", "100"))
        .compileFiles(java.util.List.of(ZooSpecs.ZOO.resolve("unet.cnn")));
    assertTrue(c.diagnostics().toString().contains("E0211")
        && c.diagnostics().toString().contains("size must be a multiple of 16"), c.diagnostics().toString());
  }

  /**
   * Small (classes 2, base 8, 64×64): built by the generated builder, DL4J's count is the checker's,
   * and a forward pass gives two class scores at every pixel. (Training per-pixel heads is
   * PerPixelTrainingTest's, on real Fashion-MNIST masks, and the differential property's one step on
   * random networks with conv_transpose heads; a U-Net's steps here cost too much CI time.)
   */
  @Test
  void smallUNetBuildsAndRunsPerPixel() {
    NetworkModel m = ZooSpecs.model("unet.cnn", "UNet", Map.of("base", "8", "size", "64"));
    ComputationGraph graph = UNet.builder().classes(2).base(8).size(64).build();
    assertEquals(m.totalParameters(), graph.numParams());
    Dl4jChecks.forwardPassMatchesInferredShapes(m, graph);
  }
}
