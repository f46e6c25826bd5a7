package dev.cnnspec.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast path is on by default: in a JVM that did nothing but put the runtime on its class path,
 * ND4J runs the oneDNN natives and DL4J layers get oneDNN helpers; with the plain switch, none.
 */
class FastPathSelectionTest {

  @Test
  void oneDnnIsSelectedWithoutAnyCall() throws Exception {
    assumeTrue(Files.readString(Path.of("/proc/cpuinfo")).contains(" avx2"), "CPU without AVX2");
    Nd4j.create(1); // starts ND4J the way any program would, before FastPath is named
    assertTrue(Nd4j.getBackend().buildInfo().contains("HAVE_ONEDNN"), Nd4j.getBackend().buildInfo());
    ExecutionPath active = FastPath.active();
    assertEquals(ExecutionPath.Kind.ONEDNN, active.kind(), active.toString());
  }

  @Test
  void layersGetOneDnnHelpersOnTheFastPathAndNoneOnThePlainOne() {
    assumeTrue(FastPath.active().isFast(), "fast path unavailable here");
    ComputationGraph fast = new ComputationGraph(FastPathNetworks.lenet5(1));
    fast.init();
    assertInstanceOf(MKLDNNConvHelper.class, ((ConvolutionLayer) fast.getLayer("conv_1")).getHelper());
    assertInstanceOf(MKLDNNSubsamplingHelper.class, ((SubsamplingLayer) fast.getLayer("maxpool_1")).getHelper());
    assertEquals(61_706, fast.numParams());

    ComputationGraph plain = PathSwitch.PLAIN.build(FastPathNetworks.lenet5(1));
    assertNull(((ConvolutionLayer) plain.getLayer("conv_1")).getHelper());
    assertNull(((SubsamplingLayer) plain.getLayer("maxpool_1")).getHelper());
  }

  @Test
  void plainModeIsHonoured() {
    String before = System.getProperty(FastPath.MODE_PROPERTY);
    System.setProperty(FastPath.MODE_PROPERTY, "plain");
    try {
      assertEquals(ExecutionPath.Kind.PLAIN, FastPath.decide().kind());
    } finally {
      if (before == null) {
        System.clearProperty(FastPath.MODE_PROPERTY);
      } else {
        System.setProperty(FastPath.MODE_PROPERTY, before);
      }
    }
  }
}
