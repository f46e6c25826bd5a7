package dev.cnnspec.runtime.exec;

import java.lang.reflect.Field;
import dev.cnnspec.runtime.layers.CopyOnShareActivationLayer;
import dev.cnnspec.runtime.layers.ReluKernel;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * Changes to an initialised graph that the configuration cannot express, applied on the fast path
 * only (generated code and the interpreter keep producing identical configuration JSON):
 * <ul>
 *   <li>cache mode {@code DEVICE}: DL4J's convolution layer then keeps its pre-activation from the
 *       forward pass instead of recomputing the whole convolution in backprop;</li>
 *   <li>max/avg pooling layers replaced by {@link NativePoolingLayer}, which keeps pooling off
 *       oneDNN and runs max pooling's training passes on {@link MaxPoolKernel};</li>
 *   <li>dense and output layers replaced by {@link NativeDenseLayer} / {@link NativeOutputLayer},
 *       whose pre-activation is one C-ordered {@code xw_plus_b} (see {@link DenseKernel});</li>
 *   <li>batch norm layers get {@link HostBatchNormHelper} in their helper slot (oneDNN 2.5.2 called
 *       directly, {@link DnnlBatchNorm}, or the Java {@link BatchNormKernel}; the oneDNN helper they had
 *       becomes its fallback for shapes it does not take);</li>
 *   <li>convolution layers get {@link DnnlConvHelper} (oneDNN 2.5.2 called directly) over the oneDNN helper
 *       they had; one that is the only reader of a network input (no pre-processor, no dropout) skips the
 *       input gradient nobody reads (and falls back to {@link InputConvHelper}, which skips it too);</li>
 *   <li>DL4J's element-wise adds of at least two inputs become {@link AddVertex}, which writes the sum in
 *       one pass;</li>
 *   <li>a plain ReLU layer that is the only reader of such a batch norm or add becomes a {@link FusedReluLayer}:
 *       the batch norm (oneDNN's fused {@code batch_normalization}) or the add applies the ReLU in training
 *       and the layer hands its arrays on;</li>
 *   <li>a convolution whose only reader is such a batch norm hands it its output, in training steps, in
 *       oneDNN's blocked layout, and takes its gradient back in it ({@link BlockedEdge}); at inference a
 *       residual network's whole stream stays in that layout, from batch norm or add to every reader
 *       ({@link #pairStreams});</li>
 *   <li>the updater is a {@link CachedViewUpdater}, which updates through the views DL4J's updater
 *       made once instead of making new ones on every step (made at the first training step, as
 *       DL4J makes its own, so inference allocates no updater state).</li>
 * </ul>
 * Replacements share the replaced layer's configuration and parameter views, so parameters,
 * gradients and the updater's state are untouched. Apply before the first {@code fit} (or after
 * loading a saved graph): the updater is made after the swap, so it sees only the new layers. The layer swap is what {@code LayerVertex.setLayerAsFrozen()} does in DL4J itself (replace the
 * vertex's layer object); the field is private, hence reflection. If DL4J's internals differ from
 * M2.1's, the swap is skipped and the graph keeps DL4J's layers: slower, never wrong.
 */
final class GraphTuning {
  /** {@code -Dcnnspec.fuseRelu=false} keeps every ReLU layer its own (for A/B measurements, {@code bench/README.md}). */
  static final String FUSE_RELU_PROPERTY = "cnnspec.fuseRelu";
  /** {@code -Dcnnspec.fuseAdd=false} keeps DL4J's element-wise adds (and the ReLU layers after them). */
  static final String FUSE_ADD_PROPERTY = "cnnspec.fuseAdd";
  /** {@code -Dcnnspec.blocked=false} keeps convolution outputs NCHW between convolution and batch norm (A/B). */
  static final String BLOCKED_PROPERTY = "cnnspec.blocked";
  /** {@code -Dcnnspec.blockedStream=false} keeps only the edges training steps use too (A/B of {@link #pairStreams}). */
  static final String STREAM_PROPERTY = "cnnspec.blockedStream";

  private GraphTuning() {}

  static ComputationGraph apply(ComputationGraph graph) {
    graph.getConfiguration().setCacheMode(CacheMode.DEVICE);
    graph.setCacheMode(CacheMode.DEVICE);
    Layer[] layers = graph.getLayers();
    for (GraphVertex vertex : graph.getVertices()) {
      if (!(vertex instanceof LayerVertex layerVertex)) {
        continue;
      }
      Layer old = layerVertex.getLayer();
      if (old.getClass() == BatchNormalization.class && !installBatchNormHelper((BatchNormalization) old)) {
        return graph;
      }
      if (old.getClass() == ConvolutionLayer.class && !DnnlConvHelper.install((ConvolutionLayer) old,
          readsOnlyNetworkInputs(graph, layerVertex) && old.conf().getLayer().getIDropout() == null)) {
        return graph;
      }
      Layer replacement = replacementFor(old);
      if (replacement == null) {
        continue;
      }
      replacement.setListeners(old.getListeners());
      replacement.setIndex(old.getIndex());
      replacement.setCacheMode(CacheMode.DEVICE);
      if (old.numParams() > 0) {
        replacement.setParamsViewArray(old.params());
        replacement.setParamTable(old.paramTable());
        if (old.getGradientsViewArray() != null) {
          replacement.setBackpropGradientsViewArray(old.getGradientsViewArray());
        }
      }
      if (!replace(layerVertex, old, replacement)) {
        return graph;
      }
      for (int i = 0; i < layers.length; i++) {
        if (layers[i] == old) {
          layers[i] = replacement;
        }
      }
    }
    installAdds(graph);
    ForwardWatch watch = new ForwardWatch(graph);
    fuseRelus(graph, layers, watch);
    pairBlockedEdges(graph, watch);
    CachedViewUpdater.installWhenTraining(graph);
    return graph;
  }

  /**
   * Each batch norm on oneDNN whose only input is a convolution on oneDNN that nothing else reads gets
   * a {@link BlockedEdge} with it, and so does each batch norm whose fused ReLU is read by a convolution
   * alone: in training steps the activation and its gradient between the two stay in oneDNN's blocked
   * layout; inference goes further ({@link #pairStreams}). The convolution before a batch norm must
   * have the identity activation (DL4J applies it to the convolution's output outside the helper); the
   * layer that reads the edge must have no dropout (which DL4J applies to its input).
   */
  private static void pairBlockedEdges(ComputationGraph graph, ForwardWatch watch) {
    if ("false".equals(System.getProperty(BLOCKED_PROPERTY))) {
      return;
    }
    for (GraphVertex vertex : graph.getVertices()) {
      if (!(vertex instanceof LayerVertex bn) || bn.getLayer().getClass() != BatchNormalization.class
          || bn.getLayerPreProcessor() != null || bn.getInputVertices() == null || bn.getInputVertices().length != 1
          || bn.getLayer().conf().getLayer().getIDropout() != null
          || !(((BatchNormalization) bn.getLayer()).getHelper() instanceof HostBatchNormHelper norm)
          || !norm.onDnnl()) {
        continue;
      }
      GraphVertex source = graph.getVertices()[bn.getInputVertices()[0].getVertexIndex()];
      if (!(source instanceof LayerVertex convVertex) || convVertex.getLayer().getClass() != ConvolutionLayer.class
          || source.getNumOutputConnections() != 1 || source.isOutputVertex()
          || !(((ConvolutionLayer) convVertex.getLayer()).layerConf().getActivationFn() instanceof ActivationIdentity)
          || !(((ConvolutionLayer) convVertex.getLayer()).getHelper() instanceof DnnlConvHelper conv)) {
        continue;
      }
      BlockedEdge edge = new BlockedEdge(watch);
      conv.feeds(edge);
      norm.readsFrom(edge);
    }
    pairStreams(graph, watch);
  }

  /**
   * The edges that leave a batch norm on oneDNN or an {@link AddVertex}: from what the producer's
   * readers see (its output, or the output of the {@link FusedReluLayer} that alone reads it) to
   * readers that all take oneDNN's blocked layout (convolutions and batch norms on oneDNN, adds), in
   * topological order, so that an add whose every input comes across such an edge passes the layout on.
   * An edge from a batch norm through its fused ReLU to a single convolution carries training steps
   * too; every other one only inference ({@link BlockedEdge}: several readers' gradients would have
   * to agree on a layout). A residual network's stream thereby stays blocked from the stem to the last
   * add before global pooling, which writes NCHW.
   */
  private static void pairStreams(ComputationGraph graph, ForwardWatch watch) {
    GraphVertex[] vertices = graph.getVertices();
    java.util.Set<GraphVertex> streams = new java.util.HashSet<>();
    for (int index : graph.topologicalSortOrder()) {
      GraphVertex producer = vertices[index];
      HostBatchNormHelper norm = batchNormOnDnnl(producer);
      AddVertex add = producer instanceof AddVertex a ? a : null;
      if (norm == null && add == null || producer.isOutputVertex()
          || add != null && !allFrom(graph, add, streams)) {
        continue;
      }
      GraphVertex visible = producer;
      if (producer.getNumOutputConnections() == 1) {
        GraphVertex reader = vertices[producer.getOutputVertices()[0].getVertexIndex()];
        if (reader instanceof LayerVertex relu && relu.getLayer() instanceof FusedReluLayer) {
          visible = reader;
        }
      }
      if (visible.isOutputVertex() || visible.getNumOutputConnections() == 0) {
        continue;
      }
      boolean allTake = true;
      for (VertexIndices out : visible.getOutputVertices()) {
        allTake &= takesBlocked(vertices[out.getVertexIndex()]);
      }
      if (!allTake) {
        continue;
      }
      GraphVertex first = vertices[visible.getOutputVertices()[0].getVertexIndex()];
      boolean training = norm != null && visible != producer && visible.getNumOutputConnections() == 1
          && first instanceof LayerVertex only && only.getLayer().getClass() == ConvolutionLayer.class;
      if (!training && "false".equals(System.getProperty(STREAM_PROPERTY))) {
        continue;
      }
      BlockedEdge edge = new BlockedEdge(watch, !training);
      if (norm != null) {
        norm.feeds(edge);
      } else {
        add.feeds(edge);
      }
      for (VertexIndices out : visible.getOutputVertices()) {
        GraphVertex reader = vertices[out.getVertexIndex()];
        HostBatchNormHelper readingNorm = batchNormOnDnnl(reader);
        if (reader instanceof AddVertex readingAdd) {
          readingAdd.readsFrom(out.getVertexEdgeNumber(), edge);
        } else if (readingNorm != null) {
          readingNorm.readsFrom(edge);
        } else {
          ((DnnlConvHelper) ((ConvolutionLayer) ((LayerVertex) reader).getLayer()).getHelper()).readsFrom(edge);
        }
      }
      streams.add(visible);
    }
  }

  /** Whether every input of {@code add} comes across an edge made so far. */
  private static boolean allFrom(ComputationGraph graph, AddVertex add, java.util.Set<GraphVertex> streams) {
    for (VertexIndices in : add.getInputVertices()) {
      if (!streams.contains(graph.getVertices()[in.getVertexIndex()])) {
        return false;
      }
    }
    return true;
  }

  /** A batch norm layer of DL4J's own class on {@link HostBatchNormHelper} and oneDNN, else null. */
  private static HostBatchNormHelper batchNormOnDnnl(GraphVertex vertex) {
    return vertex instanceof LayerVertex bn && bn.getLayer().getClass() == BatchNormalization.class
        && ((BatchNormalization) bn.getLayer()).getHelper() instanceof HostBatchNormHelper norm && norm.onDnnl()
        ? norm : null;
  }

  /**
   * Whether {@code reader} takes an input in oneDNN's blocked layout: an {@link AddVertex}, or a
   * single-input convolution or batch norm on oneDNN with no pre-processor and no dropout (DL4J applies
   * both to the input outside the helper).
   */
  private static boolean takesBlocked(GraphVertex reader) {
    if (reader instanceof AddVertex) {
      return true;
    }
    if (!(reader instanceof LayerVertex layer) || layer.getLayerPreProcessor() != null
        || layer.getInputVertices() == null || layer.getInputVertices().length != 1
        || layer.getLayer().conf().getLayer().getIDropout() != null) {
      return false;
    }
    return batchNormOnDnnl(reader) != null || layer.getLayer().getClass() == ConvolutionLayer.class
        && ((ConvolutionLayer) layer.getLayer()).getHelper() instanceof DnnlConvHelper;
  }

  /**
   * Each exact {@code ElementWiseVertex} of op {@code Add} with at least two inputs becomes an {@link
   * AddVertex}, in the graph's vertex array and its name table (a protected field, hence reflection).
   * When that table is not M2.1's, nothing is replaced.
   */
  static void installAdds(ComputationGraph graph) {
    if ("false".equals(System.getProperty(FUSE_ADD_PROPERTY))) {
      return;
    }
    java.util.Map<String, GraphVertex> byName;
    try {
      Field field = ComputationGraph.class.getDeclaredField("verticesMap");
      field.setAccessible(true);
      @SuppressWarnings("unchecked")
      java.util.Map<String, GraphVertex> map = (java.util.Map<String, GraphVertex>) field.get(graph);
      byName = map;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return;
    }
    GraphVertex[] vertices = graph.getVertices();
    for (int i = 0; i < vertices.length; i++) {
      GraphVertex v = vertices[i];
      if (v.getClass() == ElementWiseVertex.class && v.getInputVertices() != null
          && v.getInputVertices().length >= 2
          && graph.getConfiguration().getVertices().get(v.getVertexName())
              instanceof org.deeplearning4j.nn.conf.graph.ElementWiseVertex conf
          && conf.getOp() == org.deeplearning4j.nn.conf.graph.ElementWiseVertex.Op.Add
          && byName.get(v.getVertexName()) == v) {
        AddVertex add = new AddVertex((ElementWiseVertex) v);
        vertices[i] = add;
        byName.put(v.getVertexName(), add);
      }
    }
  }

  /**
   * Each plain ReLU layer that is the only reader of a batch norm on {@link HostBatchNormHelper} or
   * of an {@link AddVertex} becomes a {@link FusedReluLayer}, and that source applies the ReLU itself
   * in training.
   */
  static void fuseRelus(ComputationGraph graph, Layer[] layers, ForwardWatch watch) {
    if ("false".equals(System.getProperty(FUSE_RELU_PROPERTY))) {
      return;
    }
    for (GraphVertex vertex : graph.getVertices()) {
      if (!(vertex instanceof LayerVertex relu) || relu.getLayer().getClass() != CopyOnShareActivationLayer.class
          || relu.getLayerPreProcessor() != null || relu.getInputVertices() == null
          || relu.getInputVertices().length != 1) {
        continue;
      }
      CopyOnShareActivationLayer old = (CopyOnShareActivationLayer) relu.getLayer();
      if (!ReluKernel.handles(old.layerConf().getActivationFn()) || old.layerConf().getIDropout() != null) {
        continue;
      }
      GraphVertex source = graph.getVertices()[relu.getInputVertices()[0].getVertexIndex()];
      if (source.getNumOutputConnections() != 1 || source.isOutputVertex()) {
        continue;
      }
      HostBatchNormHelper helper = source instanceof LayerVertex bnVertex
          && bnVertex.getLayer().getClass() == BatchNormalization.class
          && ((BatchNormalization) bnVertex.getLayer()).getHelper() instanceof HostBatchNormHelper h ? h : null;
      AddVertex add = source instanceof AddVertex a ? a : null;
      if (helper == null && add == null) {
        continue;
      }
      FusedReluLayer replacement = new FusedReluLayer(old.conf(), old.getDataType(),
          helper != null ? helper : add.rectifiedSource());
      replacement.setListeners(old.getListeners());
      replacement.setIndex(old.getIndex());
      replacement.setCacheMode(CacheMode.DEVICE);
      if (!replace(relu, old, replacement)) {
        return;
      }
      if (helper != null) {
        helper.fuseRelu(watch);
      } else {
        add.fuseRelu(watch);
      }
      for (int i = 0; i < layers.length; i++) {
        if (layers[i] == old) {
          layers[i] = replacement;
        }
      }
    }
  }

  /** Exact classes only: a subclass of DL4J's layer is someone's deliberate choice. */
  private static Layer replacementFor(Layer old) {
    Class<?> type = old.getClass();
    if (type == SubsamplingLayer.class) {
      return new NativePoolingLayer(old.conf(), ((SubsamplingLayer) old).getDataType());
    }
    if (type == DenseLayer.class) {
      return new NativeDenseLayer(old.conf(), ((DenseLayer) old).getDataType());
    }
    if (type == OutputLayer.class) {
      return new NativeOutputLayer(old.conf(), ((OutputLayer) old).getDataType());
    }
    return null;
  }

  /** True when every input of the vertex is a network input that feeds this vertex only. */
  private static boolean readsOnlyNetworkInputs(ComputationGraph graph, LayerVertex vertex) {
    VertexIndices[] inputs = vertex.getInputVertices();
    if (vertex.getLayerPreProcessor() != null || inputs == null || inputs.length == 0) {
      return false;
    }
    for (VertexIndices in : inputs) {
      GraphVertex source = graph.getVertices()[in.getVertexIndex()];
      // Only this layer may read the input: another reader (a residual add, a second branch)
      // would add its input gradient to the null this layer leaves, and DL4J fails on that.
      if (!source.isInputVertex() || source.getNumOutputConnections() != 1) {
        return false;
      }
    }
    return true;
  }

  /** The helper field is package-private in M2.1's layer, hence reflection, as for the vertex's layer. */
  private static boolean installBatchNormHelper(BatchNormalization layer) {
    try {
      Field field = BatchNormalization.class.getDeclaredField("helper");
      field.setAccessible(true);
      Object before = field.get(layer);
      if (!(before instanceof HostBatchNormHelper)) {
        field.set(layer, new HostBatchNormHelper((BatchNormalizationHelper) before));
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
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
