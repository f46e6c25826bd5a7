package dev.cnnspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import org.junit.jupiter.api.Test;

/**
 * The fast path's rules on the model, case by case; the runtime's {@code FastPathRulesTest} checks
 * them against what {@code GraphTuning} installs, and {@code Dl4jWorkspacesTest} the memory that
 * follows from them.
 */
class FastPathRulesTest {
  private static final NetworkModel NET = ZooSpecs.compile("""
      network N() {
        input image: [8, 8, 4]
        input other: [8, 8, 4]
        a = image -> conv(4, 3, padding: same)
        b = other -> conv(4, 2, padding: same)
        c = add(other, b) -> conv(4, 3, padding: same, groups: 2)
        output o = add(a, c) -> batchnorm -> globalavgpool -> batchnorm -> dense(2, activation: softmax)
      }
      """);

  private static LayerModel layer(String name) {
    return NET.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void onlyAConvolutionThatIsAnInputsSoleReaderSkipsItsGradient() {
    assertTrue(FastPathRules.skipsInputGradient(NET, layer("a")));
    // "other" is also read by the add
    assertFalse(FastPathRules.skipsInputGradient(NET, layer("b")));
    // grouped, and not reading an input
    assertFalse(FastPathRules.skipsInputGradient(NET, layer("c")));
    assertEquals(Dl4jKernel.CONV_INPUT, Dl4jKernel.running(Dl4jPath.FAST, NET, layer("a")));
    assertEquals(Dl4jKernel.CONV_CACHED, Dl4jKernel.running(Dl4jPath.FAST, NET, layer("b")));
    assertEquals(Dl4jKernel.CONV_IM2COL, Dl4jKernel.running(Dl4jPath.PLAIN, NET, layer("a")));
  }

  /** Any stride and padding: oneDNN 2.5.2 computes the weight gradient alone for every geometry. */
  @Test
  void aStridedConvolutionReadingAnInputAloneSkipsItsGradientToo() {
    NetworkModel strided = ZooSpecs.compile("""
        network S() {
          input image: [8, 8, 1]
          output o = image -> conv(4, 3, stride: 2) -> flatten -> dense(2, activation: softmax)
        }
        """);
    LayerModel conv = strided.layers().get(0);
    assertTrue(FastPathRules.skipsInputGradient(strided, conv));
    assertEquals(Dl4jKernel.CONV_INPUT, Dl4jKernel.running(Dl4jPath.FAST, strided, conv));
  }

  @Test
  void hostBatchNormTakesSpatialTensorsOnly() {
    assertEquals(Dl4jKernel.BATCH_NORM_HOST, Dl4jKernel.running(Dl4jPath.FAST, NET, layer("batchnorm_1")));
    assertEquals(Dl4jKernel.BATCH_NORM_ONEDNN, Dl4jKernel.running(Dl4jPath.FAST, NET, layer("batchnorm_2")));
    assertEquals(Dl4jKernel.BATCH_NORM_DL4J, Dl4jKernel.running(Dl4jPath.PLAIN, NET, layer("batchnorm_1")));
  }

  /**
   * Adds of inputs of one shape run as the runtime's {@code AddVertex}; a ReLU that alone reads one (nor
   * is the add a network output) is fused into it, and one whose add has another reader is not.
   */
  @Test
  void addsOfOneShapeRunInOnePassAndFuseTheirSoleReluReader() {
    NetworkModel net = ZooSpecs.compile("""
        network R() {
          input image: [8, 8, 4]
          x = image -> conv(4, 3, padding: same)
          s = add(image, x)
          r = s -> relu
          output o = add(r, s, x) -> relu -> globalavgpool -> dense(2, activation: softmax)
        }
        """);
    java.util.List<LayerModel> adds = net.layers().stream().filter(l -> l.op() instanceof dev.cnnspec.model.Op.Add).toList();
    java.util.List<LayerModel> relus = net.layers().stream()
        .filter(l -> l.op() instanceof dev.cnnspec.model.Op.ActivationOp).toList();
    assertEquals(2, adds.size());
    assertEquals(2, relus.size());
    for (LayerModel add : adds) {
      assertTrue(FastPathRules.onePassAdd(net, add), add.name());
      assertEquals(Dl4jKernel.ADD_ONE_PASS, Dl4jKernel.running(Dl4jPath.FAST, net, add));
      assertEquals(Dl4jKernel.GENERIC, Dl4jKernel.running(Dl4jPath.PLAIN, net, add));
    }
    // the first add is also read by the second
    assertEquals(Dl4jKernel.RELU_LAYER, Dl4jKernel.running(Dl4jPath.FAST, net, relus.get(0)));
    assertEquals(Dl4jKernel.RELU_FUSED, Dl4jKernel.running(Dl4jPath.FAST, net, relus.get(1)));
    assertEquals(Dl4jKernel.RELU_LAYER, Dl4jKernel.running(Dl4jPath.PLAIN, net, relus.get(1)));
  }
}
