package dev.cnnspec.runtime.layers;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The computation of {@link BroadcastVertex}: out = big ∘ gate, the gate ([N, C], [N, C, 1, 1] or
 * big's own shape) repeated over height and width. Backward: the big input's gradient is ε ∘ gate
 * (product) or ε (sum); the gate's is ε ∘ big (or ε) summed over the repeated axes, in the gate's
 * shape — exactly once, unlike a lambda vertex.
 */
final class BroadcastVertexImpl extends ParameterFreeVertex {
  private final BroadcastVertex.Operation operation;

  BroadcastVertexImpl(ComputationGraph graph, String name, int index, BroadcastVertex.Operation operation,
      DataType dataType) {
    super(graph, name, index, dataType);
    this.operation = operation;
  }

  /** Index of the larger input; on a tie (a 1×1×C tensor and a C-vector) the spatial one. */
  private int big() {
    long a = inputs[0].length();
    long b = inputs[1].length();
    return a > b || a == b && inputs[0].rank() >= inputs[1].rank() ? 0 : 1;
  }

  /** The gate as [N, C, 1, 1] when it is flat and the other input is spatial, else as it is. */
  private static INDArray asBroadcast(INDArray gate, INDArray big) {
    if (gate.rank() == 2 && big.rank() == 4) {
      return gate.reshape(gate.size(0), gate.size(1), 1, 1);
    }
    return gate;
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoForward()) {
      throw new IllegalStateException("BroadcastVertex " + vertexName + ": inputs not set");
    }
    INDArray big = inputs[big()];
    INDArray gate = asBroadcast(inputs[1 - big()], big);
    INDArray out = workspaceMgr.dup(ArrayType.ACTIVATIONS, big);
    return operation == BroadcastVertex.Operation.MULTIPLY ? out.muli(gate) : out.addi(gate);
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward()) {
      throw new IllegalStateException("BroadcastVertex " + vertexName + ": epsilon not set");
    }
    int b = big();
    INDArray big = inputs[b];
    INDArray gateIn = inputs[1 - b];
    INDArray gate = asBroadcast(gateIn, big);
    INDArray dBig = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon);
    INDArray product = operation == BroadcastVertex.Operation.MULTIPLY ? epsilon.mul(big) : epsilon;
    if (operation == BroadcastVertex.Operation.MULTIPLY) {
      dBig.muli(gate);
    }
    INDArray dGate;
    if (gateIn.equalShapes(big)) {
      dGate = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, product);
    } else {
      INDArray summed = product.sum(true, 2, 3);
      dGate = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, summed.reshape(gateIn.shape()));
    }
    INDArray[] gradients = new INDArray[2];
    gradients[b] = dBig;
    gradients[1 - b] = dGate;
    return new Pair<>(null, gradients);
  }

  @Override
  public String toString() {
    return "BroadcastVertexImpl(" + vertexName + ", " + operation + ")";
  }
}
