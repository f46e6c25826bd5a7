package dev.cnnspec.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cnnspec.runtime.exec.DnnlConvolution.Geometry;
import dev.cnnspec.runtime.exec.DnnlConvolution.Layout;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN 2.5.2 (bytedeco's preset) runs in a JVM that has already loaded libnd4j's oneDNN build,
 * whose statically linked oneDNN 2.3.0 exports no {@code dnnl_*} symbols: both copies work, one after
 * the other, and agree on a convolution.
 */
class DnnlCoexistenceTest {
  @Test
  void oneDnn252RunsAfterNd4jLoadedItsOwnOneDnn() {
    assumeTrue(FastPath.active().isFast(), () -> "fast path unavailable: " + FastPath.active());
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 9, 9).subi(0.5);
    INDArray w = Nd4j.rand(DataType.FLOAT, 4, 3, 3, 3).subi(0.5);
    INDArray b = Nd4j.rand(DataType.FLOAT, 1, 4);
    INDArray expected = Nd4j.create(DataType.FLOAT, 2, 4, 7, 7);
    // libnd4j's conv2d first (its own oneDNN on the fast path): weights as [kH, kW, iC, oC]
    Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w.permute(2, 3, 1, 0), b).addOutputs(expected)
        .addIntegerArguments(3, 3, 1, 1, 0, 0, 1, 1, 0, 0).build());
    assertTrue(Dnnl.available(), () -> "oneDNN 2.5.2 natives did not load: " + Dnnl.unavailableReason());
    assertEquals("2.5.2", Dnnl.version());
    INDArray actual = Nd4j.create(DataType.FLOAT, 2, 4, 7, 7);
    try (DnnlConvolution conv = new DnnlConvolution(
        new Geometry(2, 3, 9, 9, 4, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0, 7, 7, true), true, Layout.PLAIN)) {
      conv.forward(x, w, b, actual);
    }
    assertEquals(0, expected.distance2(actual), 1e-4 * expected.norm2Number().doubleValue());
    // and libnd4j still works after oneDNN 2.5.2 ran
    INDArray again = Nd4j.create(DataType.FLOAT, 2, 4, 7, 7);
    Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w.permute(2, 3, 1, 0), b).addOutputs(again)
        .addIntegerArguments(3, 3, 1, 1, 0, 0, 1, 1, 0, 0).build());
    assertEquals(0, expected.distance2(again), 0);
  }
}
