package dev.cnnspec.zoo;

import static dev.cnnspec.zoo.Count.bn;
import static dev.cnnspec.zoo.Count.bnTrainable;
import static dev.cnnspec.zoo.Count.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/**
 * ResNeXt-50 32×4d counted here as torchvision builds it (torchvision/models/resnet.py's
 * Bottleneck with groups=32, width_per_group=4: 1×1, grouped 3×3 with the stride, 1×1 to 4·planes,
 * bias=False everywhere, a 1×1 projection with batch norm on each stage's first block), and against
 * torchvision 0.28.0's own counts (specs/src/test/torchvision/counts.py): trainable parameters, and
 * the total with batch norm's running mean and variance.
 */
class ResNeXtTest {
  static final long TRAINABLE = 25_028_904;
  static final long TOTAL = 25_097_128;

  /** {total, trainable} of torchvision's resnext50_32x4d. */
  static long[] count(int groups, int groupWidth, int classes) {
    long[] n = {0, 0};
    convBn(n, 3, 64, 7, 1);
    int in = 64;
    int[] blocks = {3, 4, 6, 3};
    for (int stage = 0; stage < 4; stage++) {
      int planes = 64 << stage;
      int width = planes * groupWidth / 64 * groups;
      int out = 4 * planes;
      for (int b = 0; b < blocks[stage]; b++) {
        convBn(n, in, width, 1, 1);
        convBn(n, width, width, 3, groups);
        convBn(n, width, out, 1, 1);
        if (b == 0) {
          convBn(n, in, out, 1, 1);
        }
        in = out;
      }
    }
    n[0] += dense(in, classes);
    n[1] += dense(in, classes);
    return n;
  }

  /** A conv without bias (in / groups input channels per filter) and its batch norm. */
  private static void convBn(long[] n, int in, int filters, int kernel, int groups) {
    long weights = (long) kernel * kernel * (in / groups) * filters;
    n[0] += weights + bn(filters);
    n[1] += weights + bnTrainable(filters);
  }

  @Test
  void countsAreTorchvisions() {
    long[] byHand = count(32, 4, 1000);
    assertEquals(TRAINABLE, byHand[1], "torchvision resnext50_32x4d parameters()");
    assertEquals(TOTAL, byHand[0], "torchvision resnext50_32x4d parameters() + running statistics");
    NetworkModel m = ZooSpecs.model("resnext.cnn", "ResNeXt50");
    assertEquals(TOTAL, m.totalParameters());
    assertEquals(TRAINABLE, m.trainableParameters());
    // the paper's Table 1: 4.2 × 10^9 FLOPs (multiply-adds)
    assertEquals(4.2e9, m.totalMacs(), 0.02 * 4.2e9);
  }

  @Test
  void shapesAreTorchvisions() {
    NetworkModel m = ZooSpecs.model("resnext.cnn", "ResNeXt50");
    assertEquals(Shape.spatial(56, 56, 64), ZooSpecs.shape(m, "stem"));
    assertEquals(Shape.spatial(7, 7, 2048), pooled(m));
    assertEquals(Shape.flat(1000), ZooSpecs.outputShape(m, "logits"));
  }

  /** The input of the global pool: the last stage's output. */
  private static Shape pooled(NetworkModel m) {
    for (int i = 1; i < m.layers().size(); i++) {
      if (m.layers().get(i).op() instanceof Op.GlobalPool) {
        return m.layers().get(i - 1).outputShape();
      }
    }
    throw new AssertionError(m.name() + " has no global pool");
  }

  @Test
  void generatedConstantsAgreeWithDl4j() {
    Dl4jChecks.constantsAgree(ZooSpecs.model("resnext.cnn", "ResNeXt50"));
  }

  /** At 32×32 (1×1 before the global pool) DL4J runs it with the shapes the checker inferred. */
  @Test
  void aSmallInputGoesThroughDl4j() {
    NetworkModel m = ZooSpecs.model("resnext.cnn", "ResNeXt50", Map.of("size", "32", "classes", "10"));
    assertEquals(Shape.spatial(1, 1, 2048), pooled(m));
    ComputationGraph graph = Dl4jGraphFactory.network(m, 42, new Adam(1e-3));
    assertEquals(m.totalParameters(), graph.numParams(), "DL4J numParams()");
    Dl4jChecks.forwardPassMatchesInferredShapes(m, graph, 1);
  }
}
