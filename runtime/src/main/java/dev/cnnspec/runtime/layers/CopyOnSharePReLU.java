package dev.cnnspec.runtime.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's PReLU layer, except that at inference it never writes into its input: DL4J 1.0.0-M2.1's {@code PReLU} applies its slopes to the input array in place when not
 * training, exactly as its activation layer does (see {@link CopyOnShareActivation}; found by
 * {@code SharedReadersTest}). Configured by DL4J's {@code PReLULayer.Builder} and wrapped with
 * {@link #of}; the computation is in {@link CopyOnSharePReLULayer}.
 */
public class CopyOnSharePReLU extends PReLULayer {
  private static final long serialVersionUID = 1L;

  /** For Jackson; prefer {@link #of}. */
  public CopyOnSharePReLU() {}

  /** The layer DL4J's builder configured, computing without writing into a shared input. */
  public static CopyOnSharePReLU of(PReLULayer configured) {
    return LayerSettings.copy(configured, new CopyOnSharePReLU());
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, DataType networkDataType) {
    return LayerSettings.instantiated(new CopyOnSharePReLULayer(conf, networkDataType), this, conf, trainingListeners,
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
