package dev.cnnspec.runtime.exec;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * losses' activation backprop may overwrite it in place), backprop's pre-activation goes where the
 * score's went, the graph's activation workspace (DL4J would put it in the layer's working memory,
 * which the next vertex reuses), so the workspaces hold what they held before, and the score that
 * follows reads it: once, on the same input, while that workspace is still in the same cycle.
 * {@code clear()}, which the graph calls at the end of every step, forgets it.
 */
final class NativeOutputLayer extends OutputLayer {
  private static final long serialVersionUID = 1L;

  /** Backprop's pre-activation, {@code [n, out]}, for the score that follows. */
  private transient INDArray kept;
  /** The input {@link #kept} was computed from, or null when there is nothing to reuse. */
  private transient INDArray keptFor;
  /** The workspace {@link #kept} lives in (null: none) and its generation then. */
  private transient MemoryWorkspace keptIn;
  private transient long keptGeneration;
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
      forget();
    }
  }

  @Override
  public void clear() {
    super.clear();
    forget();
  }

  private void forget() {
    kept = null;
    keptFor = null;
    keptIn = null;
  }

  @Override
  protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
      LayerWorkspaceMgr workspaceMgr) {
    INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
    if (hasLayerNorm() || maskArray != null || input == null || input.rank() != 2
        || input.columns() != w.rows() || layerConf().getWeightNoise() != null) {
      forget();
      return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
    }
    if (inScore && training && keptFor != null && keptFor == input && stillValid()) {
      reused++;
      return new Pair<>(kept, kept);
    }
    applyDropOutIfNecessary(training, workspaceMgr);
    INDArray b = hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null;
    INDArray x = input.castTo(dataType);
    if (inBackprop && training && scoreCanReuse() && inputWorkspaceUsable(workspaceMgr)) {
      kept = DenseKernel.preOutput(x, w, b, workspaceMgr.createUninitialized(ArrayType.INPUT, w.dataType(),
          new long[] {x.size(0), w.size(1)}, 'c'));
      keptFor = input;
      keptIn = kept.isAttached() ? kept.data().getParentWorkspace() : null;
      keptGeneration = keptIn == null ? 0 : keptIn.getGenerationId();
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

  /** The graph's backprop managers map INPUT to the open activation workspace, or to none. */
  private static boolean inputWorkspaceUsable(LayerWorkspaceMgr mgr) {
    return mgr.hasConfiguration(ArrayType.INPUT) ? mgr.isWorkspaceOpen(ArrayType.INPUT) : mgr.isScopedOut(ArrayType.INPUT);
  }

  private boolean stillValid() {
    return keptIn == null || keptIn.isScopeActive() && keptIn.getGenerationId() == keptGeneration;
  }
}
