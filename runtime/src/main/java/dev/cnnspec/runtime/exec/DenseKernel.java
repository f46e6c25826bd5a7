package dev.cnnspec.runtime.exec;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code x·W + b} as a BLAS GEMM straight into a C-ordered result plus one broadcast add. DL4J's
 * {@code BaseLayer} goes through {@code mmuli}, which (with DL4J's F-ordered weight views) ends in
 * a copy of the result and a strided row-vector broadcast; profiled on LeNet-5 those took three
 * times as long as the GEMM itself, and libnd4j's fused {@code xw_plus_b} measured no better than
 * {@code mmuli}. Dense layers run their forward pass up to three times per training step (forward,
 * score, backprop), so this matters more than the layer's size suggests.
 */
final class DenseKernel {
  private DenseKernel() {}

  /**
   * @param input {@code [n, in]}
   * @param weights {@code [in, out]} (DL4J's layout)
   * @param bias {@code [1, out]} or {@code [out]}, or null
   */
  static INDArray preOutput(INDArray input, INDArray weights, INDArray bias, LayerWorkspaceMgr mgr) {
    INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(),
        new long[] {input.size(0), weights.size(1)}, 'c');
    Nd4j.gemm(input, weights, out, false, false, 1.0, 0.0);
    if (bias != null) {
      Nd4j.exec(new BroadcastAddOp(out, bias.reshape(bias.length()), out, 1));
    }
    return out;
  }
}
