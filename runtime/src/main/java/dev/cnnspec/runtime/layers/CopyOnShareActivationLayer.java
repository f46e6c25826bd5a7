package dev.cnnspec.runtime.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The computation of {@link CopyOnShareActivation}: DL4J's, on a copy of the input at inference.
 * Always a copy, even where {@code ComputationGraph.init()} allowed the layer to modify its input
 * (one consumer, not a network input — the rule DL4J's dropout follows in training): at inference
 * a dropout layer passes its input array on as it is and a flatten's preprocessor passes a view,
 * so the array of "one consumer" can be a network input, or another branch's (found by the
 * differential property: {@code image -> dropout(0.5) -> prelu}). Training is DL4J's unchanged: it
 * copies the input anyway, to keep it for the backward pass.
 */
public class CopyOnShareActivationLayer extends ActivationLayer {
  private static final long serialVersionUID = 1L;

  public CopyOnShareActivationLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    if (training || input == null) {
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
