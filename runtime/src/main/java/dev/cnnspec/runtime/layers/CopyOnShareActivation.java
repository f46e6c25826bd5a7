package dev.cnnspec.runtime.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's stand-alone activation layer, except that at inference it never writes into its input. DL4J 1.0.0-M2.1's {@code ActivationLayer} activates its input
 * array in place whenever it is not training, so a second branch reading the same tensor, a
 * network input read twice, and the caller's own input array all saw the activated values
 * (issue 10's DL4J_ACTIVATION_IN_PLACE). The computation is in {@link CopyOnShareActivationLayer};
 * the configuration is DL4J's own (same fields, same JSON apart from {@code @class}), made by
 * {@code ActivationLayer.Builder} and wrapped: {@code CopyOnShareActivation.of(new
 * ActivationLayer.Builder().activation(Activation.RELU).build())}.
 */
public class CopyOnShareActivation extends ActivationLayer {
  private static final long serialVersionUID = 1L;

  /** For Jackson; prefer {@link #of}. */
  public CopyOnShareActivation() {}

  /** The layer DL4J's builder configured, computing without writing into a shared input. */
  public static CopyOnShareActivation of(ActivationLayer configured) {
    return LayerSettings.copy(configured, new CopyOnShareActivation());
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, DataType networkDataType) {
    return LayerSettings.instantiated(new CopyOnShareActivationLayer(conf, networkDataType), this, conf, trainingListeners,
        layerIndex, layerParamsView, initializeParams);
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && super.equals(o);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + getClass().getName().hashCode();
  }
}
