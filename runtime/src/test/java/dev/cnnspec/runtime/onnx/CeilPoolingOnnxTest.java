package dev.cnnspec.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.dl4j.TestNetworks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Ceil-mode pooling as DL4J computes it (Same mode, or floor) against ONNX Runtime's
 * {@code MaxPool}/{@code AveragePool} with {@code ceil_mode=1}, an implementation of PyTorch's
 * semantics independent of ours, on random inputs in [−1, 1] (so a max over a zero pad would show).
 */
class CeilPoolingOnnxTest {

  @Test
  void dl4jComputesOnnxRuntimesCeilMode() throws Exception {
    NetworkModel model = TestNetworks.ceilPools();
    ComputationGraph graph = OnnxExportTest.network(model, 3);
    INDArray[] out = graph.output(OnnxRuntimeOracle.inputs(model, 2, 11));
    // NCHW: the sizes PyTorch's formula gives by hand (TestNetworks.CEIL_SPEC).
    assertArrayEquals(new long[] {2, 3, 4, 5}, out[0].shape());
    assertArrayEquals(new long[] {2, 3, 4, 5}, out[1].shape());
    assertArrayEquals(new long[] {2, 3, 4, 5}, out[2].shape());
    assertArrayEquals(new long[] {2, 3, 3, 4}, out[3].shape());
    assertArrayEquals(new long[] {2, 3, 3, 4}, out[4].shape());
    assertArrayEquals(new long[] {2, 3, 5, 6}, out[5].shape());
    OnnxRuntimeOracle.assertAgrees(model, graph, 2);
  }
}
