package dev.cnnspec.runtime.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
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
 *
 * <p>A plain ReLU (ResNet's separate ReLU layers) is {@link ReluKernel} instead, on every path,
 * training and inference alike: it reads the input and writes one new array each way (the output,
 * the input gradient), so it never writes into a shared input either, and it skips DL4J's copies
 * and scratch; the memory estimate counts exactly those two arrays. Backward reads the input, not
 * the output (the same test, as {@code y > 0} exactly where {@code x > 0}): DL4J lets a next layer
 * that is the output's only reader modify it in training (its dropout zeroes and scales in place), so
 * the output is not what this layer wrote by the time backprop runs.
 */
public class CopyOnShareActivationLayer extends ActivationLayer {
  private static final long serialVersionUID = 1L;

  public CopyOnShareActivationLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    if (input != null && ReluKernel.handles(layerConf().getActivationFn())) {
      INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
      ReluKernel.forward(input, out);
      return out;
    }
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

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    if (input != null && epsilon != null && ReluKernel.handles(layerConf().getActivationFn())
        && Arrays.equals(input.shape(), epsilon.shape())) {
      INDArray grad = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
      ReluKernel.backward(input, epsilon, grad);
      return new Pair<>(new DefaultGradient(), grad);
    }
    return super.backpropGradient(epsilon, mgr);
  }
}
