package dev.cnnspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
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

  @Test
  void theWeightGradientIsAConvolutionAtStrideOneWithEvenPadding() {
    assertTrue(FastPathRules.weightGradientAsConvolution((Op.Conv2D) layer("a").op()));
    // same padding of an even kernel pads one side more
    assertFalse(FastPathRules.weightGradientAsConvolution((Op.Conv2D) layer("b").op()));
    NetworkModel strided = ZooSpecs.compile("""
        network S() {
          input image: [8, 8, 1]
          output o = image -> conv(4, 3, stride: 2) -> flatten -> dense(2, activation: softmax)
        }
        """);
    LayerModel conv = strided.layers().get(0);
    assertTrue(FastPathRules.skipsInputGradient(strided, conv));
    assertFalse(FastPathRules.weightGradientAsConvolution((Op.Conv2D) conv.op()));
    assertEquals(Dl4jKernel.CONV_CACHED, Dl4jKernel.running(Dl4jPath.FAST, strided, conv));
  }

  @Test
  void hostBatchNormTakesSpatialTensorsOnly() {
    assertEquals(Dl4jKernel.BATCH_NORM_HOST, Dl4jKernel.running(Dl4jPath.FAST, NET, layer("batchnorm_1")));
    assertEquals(Dl4jKernel.BATCH_NORM_ONEDNN, Dl4jKernel.running(Dl4jPath.FAST, NET, layer("batchnorm_2")));
    assertEquals(Dl4jKernel.BATCH_NORM_DL4J, Dl4jKernel.running(Dl4jPath.PLAIN, NET, layer("batchnorm_1")));
  }
}
