package dev.cnnspec.runtime.exec;

import dev.cnnspec.runtime.layers.CopyOnShareActivationLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A plain ReLU layer whose only input is a batch norm or a residual add that applies the ReLU itself in
 * training (a {@link RectifiedSource}: {@link HostBatchNormHelper#fuseRelu}, {@link AddVertex#fuseRelu}):
 * when its input is what that source just wrote rectified, the forward pass hands the array on as its
 * own output, and the backward pass hands the incoming gradient on as a copy, which the source's
 * backward then masks (oneDNN's fused {@code batch_normalization} does it inside its own pass, the add
 * while it writes its first input's gradient). What it saves: ResNet-20's separate ReLU layers read and
 * wrote every activation once each way on their own (fused: no forward pass, and a copy on the OpenMP
 * team for the backward's masked loop on one thread).
 *
 * <p>The copy is the least DL4J's graph allows: the gradient a vertex returns must live in its own
 * gradient workspace, which the graph releases once that vertex's inputs are done, so the incoming
 * gradient itself cannot be passed on. Likewise at inference (where each vertex's output lives in its
 * own workspace) and whenever the input is not the source's rectified output, the layer computes
 * the ReLU as {@link CopyOnShareActivationLayer} does. One visible difference in training: the source's
 * own activation (as {@code feedForward(input, true)} reports it) is already rectified.
 */
final class FusedReluLayer extends CopyOnShareActivationLayer {
  private static final long serialVersionUID = 1L;

  private final transient RectifiedSource source;
  /** Whether the last forward handed its input on, so that the backward hands the gradient on. */
  private boolean passedOn;

  FusedReluLayer(NeuralNetConfiguration conf, DataType dataType, RectifiedSource source) {
    super(conf, dataType);
    this.source = source;
  }

  /** The batch norm that applies this layer's ReLU, or null when a residual add does. */
  HostBatchNormHelper batchNorm() {
    return source instanceof HostBatchNormHelper norm ? norm : null;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    passedOn = training && input != null && source.wroteRectified(input);
    if (passedOn) {
      return input;
    }
    INDArray out = super.activate(training, mgr);
    // Element by element: in oneDNN's blocked layout if the input was ({@link BlockedEdge}).
    source.passedActivation(input, out);
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    if (!passedOn || epsilon == null) {
      return super.backpropGradient(epsilon, mgr);
    }
    INDArray grad = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(), 'c');
    grad.assign(epsilon);
    // A copy element for element: in oneDNN's blocked layout if the gradient was ({@link BlockedEdge}).
    source.passedGradient(epsilon, grad);
    return new Pair<>(new DefaultGradient(), grad);
  }
}
