package dev.cnnspec.runtime.exec;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;

/**
 * DL4J's output layer (dense + loss) with its pre-activation computed by {@link DenseKernel}. Everything else —
 * parameters, backprop, activation, dropout — is DL4J's; layer norm and masks keep DL4J's path.
 *
 * <p>In a training step {@code ComputationGraph} runs the output layer's backprop and then, with the
 * same input and weights, {@code computeScore}, which computed the pre-activation (GEMM and bias)
 * a second time: half of the score's time, the score about half of LeNet-5's time between vertices.
 * For softmax with cross-entropy, whose gradient reads the pre-activation without writing it (other
 * losses' activation backprop may overwrite it in place), backprop's pre-activation goes into an
 * array of this layer's own, outside every workspace (DL4J would put it in the layer's working
 * memory, which the next vertex reuses), and the score that follows reads it. It is used once, by
 * the next {@code computeScore} on the same input, and forgotten by {@code clear()}.
 */
final class NativeOutputLayer extends OutputLayer {
  private static final long serialVersionUID = 1L;

  /** Backprop's pre-activation, {@code [n, out]}, reused across steps while the shape holds. */
  private transient INDArray kept;
  /** The input {@link #kept} was computed from, or null when there is nothing to reuse. */
  private transient INDArray keptFor;
  private transient boolean inBackprop;
  private transient boolean inScore;
  private transient long reused;

  NativeOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    inBackprop = true;
    try {
      return super.backpropGradient(epsilon, workspaceMgr);
    } finally {
      inBackprop = false;
    }
  }

  @Override
  public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
    inScore = true;
    try {
      return super.computeScore(fullNetRegTerm, training, workspaceMgr);
    } finally {
      inScore = false;
      keptFor = null;
    }
  }

  @Override
  public void clear() {
    super.clear();
    keptFor = null;
  }

  @Override
  protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
      LayerWorkspaceMgr workspaceMgr) {
    INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
    if (hasLayerNorm() || maskArray != null || input == null || input.rank() != 2
        || input.columns() != w.rows() || layerConf().getWeightNoise() != null) {
      keptFor = null;
      return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
    }
    if (inScore && training && keptFor != null && keptFor == input) {
      reused++;
      return new Pair<>(kept, kept);
    }
    applyDropOutIfNecessary(training, workspaceMgr);
    INDArray b = hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null;
    INDArray x = input.castTo(dataType);
    if (inBackprop && training && scoreCanReuse()) {
      DenseKernel.preOutput(x, w, b, keptArray(x.size(0), w.size(1), w.dataType()));
      keptFor = input;
      return new Pair<>(kept, kept);
    }
    INDArray z = DenseKernel.preOutput(x, w, b, workspaceMgr);
    return new Pair<>(z, z);
  }

  /** Scores that read backprop's pre-activation (for tests). */
  long reusedPreOutputs() {
    return reused;
  }

  /** Softmax with (negative log-likelihood) cross-entropy leaves the pre-activation as it was; no dropout. */
  private boolean scoreCanReuse() {
    ILossFunction loss = layerConf().getLossFn();
    return (loss.getClass() == LossMCXENT.class || loss.getClass() == LossNegativeLogLikelihood.class)
        && layerConf().getActivationFn().getClass() == ActivationSoftmax.class && layerConf().getIDropout() == null;
  }

  private INDArray keptArray(long rows, long columns, DataType type) {
    long[] shape = {rows, columns};
    if (kept == null || kept.dataType() != type || !Arrays.equals(kept.shape(), shape)) {
      try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
        kept = Nd4j.createUninitialized(type, shape, 'c');
      }
    }
    return kept;
  }
}
