package dev.cnnspec.runtime.layers;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The computation of {@link ChannelVertex} on [N, C, H, W]. Shuffle between g groups, as
 * torchvision's {@code channel_shuffle}: view the channels as [g, C / g], transpose to [C / g, g],
 * flatten, so output channel i·g + j is input channel j·(C / g) + i; backward applies the inverse
 * permutation (view as [C / g, g], transpose back). Split: output = x[:, k·C/g : (k + 1)·C/g];
 * backward scatters the gradient into those channels and zero elsewhere.
 */
final class ChannelVertexImpl extends ParameterFreeVertex {
  private final ChannelVertex conf;

  ChannelVertexImpl(ComputationGraph graph, String name, int index, ChannelVertex conf, DataType dataType) {
    super(graph, name, index, dataType);
    this.conf = conf;
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoForward()) {
      throw new IllegalStateException("ChannelVertex " + vertexName + ": input not set");
    }
    INDArray x = checked(inputs[0]);
    int g = conf.getGroups();
    if (conf.getOperation() == ChannelVertex.Operation.SHUFFLE) {
      return regroup(x, g, x.size(1) / g, workspaceMgr, ArrayType.ACTIVATIONS);
    }
    long part = x.size(1) / g;
    return workspaceMgr.dup(ArrayType.ACTIVATIONS, channels(x, conf.getIndex() * part, (conf.getIndex() + 1) * part),
        'c');
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward()) {
      throw new IllegalStateException("ChannelVertex " + vertexName + ": epsilon not set");
    }
    INDArray x = inputs[0];
    int g = conf.getGroups();
    INDArray grad;
    if (conf.getOperation() == ChannelVertex.Operation.SHUFFLE) {
      // The inverse permutation: the forward's [g, C/g] transpose undone by a [C/g, g] one.
      grad = regroup(epsilon, x.size(1) / g, g, workspaceMgr, ArrayType.ACTIVATION_GRAD);
    } else {
      long part = x.size(1) / g;
      grad = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), x.shape(), 'c');
      channels(grad, conf.getIndex() * part, (conf.getIndex() + 1) * part).assign(epsilon);
    }
    return new Pair<>(null, new INDArray[] {grad});
  }

  /** The channels seen as [a, b], transposed to [b, a] and flattened again. */
  private static INDArray regroup(INDArray x, long a, long b, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
    long n = x.size(0);
    long h = x.size(2);
    long w = x.size(3);
    INDArray grouped = x.dup('c').reshape('c', n, a, b, h, w).permute(0, 2, 1, 3, 4);
    INDArray out = workspaceMgr.createUninitialized(type, x.dataType(), new long[] {n, b, a, h, w}, 'c');
    out.assign(grouped);
    return out.reshape('c', n, a * b, h, w);
  }

  private INDArray checked(INDArray x) {
    if (x.rank() != 4 || x.size(1) % conf.getGroups() != 0) {
      throw new IllegalStateException("ChannelVertex " + vertexName + " expects an NCHW input whose channels divide"
          + " into " + conf.getGroups() + " groups, got shape " + java.util.Arrays.toString(x.shape()));
    }
    return x;
  }

  private static INDArray channels(INDArray x, long from, long to) {
    return x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all());
  }

  @Override
  public String toString() {
    return "ChannelVertexImpl(" + vertexName + ", " + conf + ")";
  }
}
