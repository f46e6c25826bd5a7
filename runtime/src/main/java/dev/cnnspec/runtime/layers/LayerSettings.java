package dev.cnnspec.runtime.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies every setting of a layer configuration that DL4J's own builder made into an instance of
 * a subclass that only changes which implementation {@code instantiate} creates. Field by field
 * over DL4J's class hierarchy (as {@code clone()} would), so that nothing the builder set or
 * defaulted is lost, including settings a later DL4J version adds; {@code PReLULayer}'s
 * builder constructor is private, so a subclass cannot take the builder itself. Also the wiring
 * every {@code instantiate} of our layers does, as DL4J's own layers do it.
 */
final class LayerSettings {
  private LayerSettings() {}

  static <T extends Layer, S extends T> S copy(T from, S into) {
    if (!from.getClass().isAssignableFrom(into.getClass())) {
      throw new IllegalArgumentException(into.getClass().getName() + " is no subclass of "
          + from.getClass().getName());
    }
    try {
      for (Class<?> c = from.getClass(); c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers())) {
            field.setAccessible(true);
            field.set(into, field.get(from));
          }
        }
      }
      return into;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot copy the settings of " + from.getClass().getName(), e);
    }
  }

  /** {@code layer} given what DL4J's {@code Layer.instantiate} gives its layers: listeners, index, parameters. */
  static <L extends org.deeplearning4j.nn.api.Layer> L instantiated(L layer, Layer configuration,
      NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index, INDArray paramsView,
      boolean initializeParams) {
    layer.setListeners(listeners);
    layer.setIndex(index);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(configuration.initializer().init(conf, paramsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }
}
