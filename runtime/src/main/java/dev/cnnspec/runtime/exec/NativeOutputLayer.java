package dev.cnnspec.runtime.exec;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's output layer (dense + loss) with its pre-activation computed by {@link DenseKernel}. Everything else —
 * parameters, backprop, activation, dropout — is DL4J's; layer norm and masks keep DL4J's path.
 */
final class NativeOutputLayer extends OutputLayer {
  private static final long serialVersionUID = 1L;

  NativeOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
      LayerWorkspaceMgr workspaceMgr) {
    INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
    if (hasLayerNorm() || maskArray != null || input == null || input.rank() != 2
        || input.columns() != w.rows() || layerConf().getWeightNoise() != null) {
      return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
    }
    applyDropOutIfNecessary(training, workspaceMgr);
    INDArray b = hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null;
    INDArray z = DenseKernel.preOutput(input.castTo(dataType), w, b, workspaceMgr);
    return new Pair<>(z, z);
  }
}
