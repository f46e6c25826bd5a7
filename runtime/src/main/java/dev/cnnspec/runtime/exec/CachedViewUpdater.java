package dev.cnnspec.runtime.exec;

import java.io.Serializable;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.Regularization.ApplyStep;

/**
 * DL4J's graph updater, minus the arrays it makes on every step.
 *
 * <p>In DL4J 1.0.0-M2.1, {@code BaseMultiLayerUpdater.update} asks whether the gradient is the
 * network's own flat gradient by comparing arrays by identity, and {@code DefaultGradient.gradient()}
 * returns a new reshape on every call, so every training step takes the branch for an "external"
 * gradient: it rebuilds the minibatch-division subsets and, per updater block and per parameter,
 * new reshapes and interval views of the flat gradient and parameters, each with a native shape
 * buffer whose JavaCPP allocation also reads the process's resident size (profiled on LeNet-5:
 * a third of the update's samples in {@code Pointer.physicalBytesInaccurate}). The branch for the
 * network's own gradient, which would use the views the updater made at construction, cannot run
 * in M2.1 (it reshapes a null array).
 *
 * <p>This class runs that second branch as intended, on the views DL4J made at construction: the
 * same division by the batch size, per block the same {@code GradientUpdater} on the block's
 * gradient view and the same regularization calls on each parameter's views, in DL4J's order, so
 * the arithmetic is DL4J's op for op. The state array is DL4J's, so saving, loading and resuming
 * see a normal updater. Anything else — a gradient that is not a view of the network's own, gradient
 * normalization — goes to DL4J's code unchanged.
 */
final class CachedViewUpdater extends ComputationGraphUpdater {
  private final boolean normalizes;
  private List<INDArray> divisionSubsets;
  private long ownSteps;

  private CachedViewUpdater(ComputationGraph graph, INDArray state) {
    super(graph, state);
    normalizes = anyNormalization(getOrderedLayers());
  }

  /**
   * Gives the graph this updater when it first trains, at the moment DL4J would make its own (the
   * first step's {@code onGradientCalculation}, just before the update), so that building a graph
   * for inference allocates no updater state; a graph that already has DL4J's updater (one loaded
   * with its state) gets this one now, with that state. The listener stays in the graph's list: a
   * caller that replaces the list ({@code setListeners}) gets DL4J's updater, slower, never wrong.
   */
  static void installWhenTraining(ComputationGraph graph) {
    if (graph.numParams() == 0) {
      return;
    }
    if (graph.getUpdater(false) != null) {
      install(graph);
    } else {
      graph.addListeners(new FirstStep());
    }
  }

  /**
   * Gives the graph this updater now, keeping the state of the one it has (a restored graph's Adam
   * moments), or leaves the graph alone when it has no parameters or a subclass of DL4J's updater.
   */
  static void install(ComputationGraph graph) {
    if (graph.numParams() == 0) {
      return;
    }
    ComputationGraphUpdater current = graph.getUpdater(false);
    if (current instanceof CachedViewUpdater
        || current != null && current.getClass() != ComputationGraphUpdater.class) {
      return;
    }
    graph.setUpdater(new CachedViewUpdater(graph, current == null ? null : current.getStateViewArray()));
  }

  /** Installs the updater when the first step's gradient is ready (the optimizer runs outside workspaces then). */
  private static final class FirstStep extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onGradientCalculation(Model model) {
      if (model instanceof ComputationGraph graph && !(graph.getUpdater(false) instanceof CachedViewUpdater)) {
        install(graph);
      }
    }
  }

  /** Steps that took this class's path rather than DL4J's (for tests). */
  long ownSteps() {
    return ownSteps;
  }

  @Override
  public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
      LayerWorkspaceMgr workspaceMgr) {
    if (normalizes || !isOwnGradient(gradient.gradient())) {
      super.update(gradient, iteration, epoch, batchSize, workspaceMgr);
      return;
    }
    ownSteps++;
    if (isMiniBatch()) {
      if (divisionSubsets == null) {
        divisionSubsets = getMinibatchDivisionSubsets(getFlattenedGradientsView());
      }
      for (INDArray subset : divisionSubsets) {
        subset.divi(batchSize);
      }
    }
    workspaceMgr.assertNotOpen(ArrayType.UPDATER_WORKING_MEM, "Updater working memory");
    for (UpdaterBlock block : updaterBlocks) {
      if (block.skipDueToPretrainConfig(false)
          || block.getLayersAndVariablesInBlock().get(0).getLayer().numParams() == 0) {
        continue;
      }
      try (MemoryWorkspace ws = workspaceMgr.notifyScopeEntered(ArrayType.UPDATER_WORKING_MEM)) {
        regularize(block, ApplyStep.BEFORE_UPDATER, iteration, epoch);
        block.getGradientUpdater().applyUpdater(block.getGradientView(), iteration, epoch);
        regularize(block, ApplyStep.POST_UPDATER, iteration, epoch);
      }
    }
  }

  /**
   * True when {@code flat} is the network's flat gradient seen whole, the array the views were cut
   * from (a reshape has a data buffer object of its own over the same memory, hence the addresses).
   */
  private boolean isOwnGradient(INDArray flat) {
    INDArray own = getFlattenedGradientsView();
    return flat.data().address() == own.data().address() && flat.offset() == own.offset()
        && flat.length() == own.length() && flat.dataType() == own.dataType()
        && flat.elementWiseStride() == 1 && own.elementWiseStride() == 1;
  }

  /** {@code UpdaterBlock.applyRegularizationAllVariables}, on the parameter views made at construction. */
  private static void regularize(UpdaterBlock block, ApplyStep step, int iteration, int epoch) {
    IUpdater config = block.getGradientUpdater().getConfig();
    for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
      List<Regularization> all = p.getLayer().getConfig().getRegularizationByParam(p.getParamName());
      if (all == null || all.isEmpty()) {
        continue;
      }
      double lr = config.hasLearningRate() ? config.getLearningRate(iteration, epoch) : 1.0;
      for (Regularization r : all) {
        if (r.applyStep() == step) {
          r.apply(p.getParamView(), p.getGradView(), lr, iteration, epoch);
        }
      }
    }
  }

  private static boolean anyNormalization(Trainable[] layers) {
    for (Trainable layer : layers) {
      GradientNormalization n = layer.getConfig() == null ? null : layer.getConfig().getGradientNormalization();
      if (n != null && n != GradientNormalization.None) {
        return true;
      }
    }
    return false;
  }
}
