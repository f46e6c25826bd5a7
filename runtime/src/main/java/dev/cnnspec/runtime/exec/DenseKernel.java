package dev.cnnspec.runtime.exec;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code x·W + b} in one libnd4j op writing a C-ordered result. DL4J's {@code BaseLayer} computes
 * it as a GEMM into an F-ordered buffer, a copy when the orders disagree and a strided row-vector
 * broadcast for the bias; profiled on LeNet-5 the copy and the broadcast took three times as long as
 * the GEMM itself, and dense layers run their forward pass up to three times per training step
 * (forward, score, backprop).
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
    if (bias == null) {
      return input.mmuli(weights, out);
    }
    Nd4j.exec(DynamicCustomOp.builder("xw_plus_b")
        .addInputs(input, weights, bias.reshape(bias.length()))
        .addOutputs(out)
        .build());
    return out;
  }
}
