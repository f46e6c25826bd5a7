package dev.cnnspec.runtime.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The computation of {@link CopyOnShareActivation}: DL4J's, on a copy of the input at inference
 * unless DL4J allowed the layer to modify it. {@code ComputationGraph.init()} allows that exactly
 * when the input comes from one vertex that nothing else reads and is not a network input (the
 * rule DL4J's dropout layer follows), so plain chains keep activating in place and pay nothing.
 * Training is DL4J's unchanged: it copies the input anyway, to keep it for the backward pass.
 */
public class CopyOnShareActivationLayer extends ActivationLayer {
  private static final long serialVersionUID = 1L;

  public CopyOnShareActivationLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    if (training || inputModificationAllowed || input == null) {
      return super.activate(training, mgr);
    }
    // DL4J's forward pass leverages the input into the activations workspace and activates it in
    // place; handing it a copy made there keeps the shared array as it was.
    INDArray shared = input;
    input = mgr.dup(ArrayType.ACTIVATIONS, shared, shared.ordering());
    try {
      return super.activate(false, mgr);
    } finally {
      input = shared;
    }
  }
}
