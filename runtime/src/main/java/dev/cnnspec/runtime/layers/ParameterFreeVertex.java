package dev.cnnspec.runtime.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the runtime's vertices without parameters ({@link BroadcastVertexImpl},
 * {@link ChannelVertexImpl}) share: no layer, no gradient view, and the first input's mask passed on.
 * Subclasses compute {@code doForward} and {@code doBackward}.
 */
abstract class ParameterFreeVertex extends BaseGraphVertex {

  ParameterFreeVertex(ComputationGraph graph, String name, int index, DataType dataType) {
    super(graph, name, index, (VertexIndices[]) null, (VertexIndices[]) null, dataType);
  }

  @Override
  public final boolean hasLayer() {
    return false;
  }

  @Override
  public final Layer getLayer() {
    return null;
  }

  @Override
  public final void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
    if (backpropGradientsViewArray != null) {
      throw new IllegalStateException(getClass().getSimpleName() + " " + vertexName + " has no parameters");
    }
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
      int minibatchSize) {
    return new Pair<>(maskArrays == null || maskArrays.length == 0 ? null : maskArrays[0], currentMaskState);
  }
}
