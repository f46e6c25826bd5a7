package dev.cnnspec.runtime.exec;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;

/**
 * Changes to an initialised graph that the configuration cannot express, applied on the fast path
 * only (generated code and the interpreter keep producing identical configuration JSON):
 * <ul>
 *   <li>cache mode {@code DEVICE}: DL4J's convolution layer then keeps its pre-activation from the
 *       forward pass instead of recomputing the whole convolution in backprop;</li>
 *   <li>max/avg pooling layers replaced by {@link NativePoolingLayer}, which keeps pooling off
 *       oneDNN.</li>
 * </ul>
 * The layer swap is what {@code LayerVertex.setLayerAsFrozen()} does in DL4J itself (replace the
 * vertex's layer object); the field is private, hence reflection. If DL4J's internals differ from
 * M2.1's, the swap is skipped and the graph keeps DL4J's layers: slower, never wrong.
 */
final class GraphTuning {
  private GraphTuning() {}

  static ComputationGraph apply(ComputationGraph graph) {
    graph.getConfiguration().setCacheMode(CacheMode.DEVICE);
    graph.setCacheMode(CacheMode.DEVICE);
    Layer[] layers = graph.getLayers();
    for (GraphVertex vertex : graph.getVertices()) {
      if (vertex instanceof LayerVertex layerVertex
          && layerVertex.getLayer().getClass() == SubsamplingLayer.class) {
        SubsamplingLayer old = (SubsamplingLayer) layerVertex.getLayer();
        NativePoolingLayer replacement = new NativePoolingLayer(old.conf(), old.getDataType());
        replacement.setListeners(old.getListeners());
        replacement.setIndex(old.getIndex());
        replacement.setCacheMode(CacheMode.DEVICE);
        if (!replace(layerVertex, old, replacement)) {
          return graph;
        }
        for (int i = 0; i < layers.length; i++) {
          if (layers[i] == old) {
            layers[i] = replacement;
          }
        }
      }
    }
    return graph;
  }

  private static boolean replace(LayerVertex vertex, Layer old, Layer replacement) {
    try {
      Field field = LayerVertex.class.getDeclaredField("layer");
      field.setAccessible(true);
      if (field.get(vertex) != old) {
        return false;
      }
      field.set(vertex, replacement);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
