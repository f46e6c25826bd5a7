package dev.cnnspec.runtime.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.feedforward.PReLU;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The computation of {@link CopyOnSharePReLU}: DL4J's, on a copy of the input at inference (why
 * always: {@link CopyOnShareActivationLayer}, whose {@code activate} this repeats: the two extend
 * different DL4J classes).
 */
public class CopyOnSharePReLULayer extends PReLU {
  private static final long serialVersionUID = 1L;

  public CopyOnSharePReLULayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    if (training || input == null) {
      return super.activate(training, mgr);
    }
    INDArray shared = input;
    input = mgr.dup(ArrayType.ACTIVATIONS, shared, shared.ordering());
    try {
      return super.activate(false, mgr);
    } finally {
      input = shared;
    }
  }
}
