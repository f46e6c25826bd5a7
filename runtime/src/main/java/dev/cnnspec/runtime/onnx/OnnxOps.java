package dev.cnnspec.runtime.onnx;

import static dev.cnnspec.runtime.onnx.OnnxAttributes.integer;
import static dev.cnnspec.runtime.onnx.OnnxAttributes.ints;
import static dev.cnnspec.runtime.onnx.OnnxAttributes.real;
import static dev.cnnspec.runtime.onnx.OnnxAttributes.text;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OpVisitor;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ONNX translation of one layer: the nodes that compute the layer's output value (named like the
 * layer) from its input values, with the layer's weights, read from the DL4J network built from the
 * same model, as initializers. One method per op; the Java compiler rejects an op without one.
 *
 * <p>Layouts: activations are NCHW as in DL4J; DL4J's convolution weights are [out, in, kh, kw]
 * like ONNX's, its dense weights [in, out] (so {@code Gemm} without transposition) and its
 * flatten of NCHW is C order, which is ONNX's {@code Flatten(axis = 1)}. Padding {@code same} is
 * written as the explicit pads the checker's output size implies, the extra row or column at the
 * bottom or right (as TensorFlow, Keras and DL4J do), because ONNX's {@code auto_pad} is
 * deprecated and an explicit model is what other runtimes handle best.
 */
final class OnnxOps implements OpVisitor<Void> {
  private final NetworkModel model;
  private final ComputationGraph weights;
  private final OnnxGraph graph;
  private LayerModel layer;

  OnnxOps(NetworkModel model, ComputationGraph weights, OnnxGraph graph) {
    this.model = model;
    this.weights = weights;
    this.graph = graph;
  }

  /** Emits the nodes of one layer; its output value is named after the layer. */
  void translate(LayerModel layer) {
    this.layer = layer;
    layer.op().accept(this);
    graph.valueInfo(layer.name(), layer.outputShape());
  }

  @Override
  public Void conv(Op.Conv2D c) {
    Shape.Spatial in = spatial(input(0));
    Shape.Spatial out = (Shape.Spatial) layer.outputShape();
    List<String> inputs = new ArrayList<>(List.of(input(0), graph.weights(layer.name() + "/W", param("W"),
        c.filters(), in.channels(), c.kernel().height(), c.kernel().width())));
    if (c.bias()) {
      inputs.add(graph.weights(layer.name() + "/b", param("b"), c.filters()));
    }
    String conv = activated(c.activation()) ? graph.fresh(layer.name() + "/conv") : layer.name();
    graph.node("Conv", inputs, conv, doc(),
        ints("kernel_shape", c.kernel().height(), c.kernel().width()),
        ints("strides", c.stride().height(), c.stride().width()),
        ints("dilations", c.dilation().height(), c.dilation().width()),
        ints("pads", pads(c.padding(), in, out, c.kernel(), c.stride(), c.dilation())),
        integer("group", 1));
    activate(c.activation(), c.alpha(), conv, layer.name(), out);
    return null;
  }

  @Override
  public Void pool(Op.Pool2D p) {
    Shape.Spatial in = spatial(input(0));
    Shape.Spatial out = (Shape.Spatial) layer.outputShape();
    // AveragePool's count_include_pad defaults to 0: pads are not counted, as in DL4J and Keras.
    graph.node(p.type() == PoolType.MAX ? "MaxPool" : "AveragePool", List.of(input(0)), layer.name(), doc(),
        ints("kernel_shape", p.pool().height(), p.pool().width()),
        ints("strides", p.stride().height(), p.stride().width()),
        ints("pads", pads(p.padding(), in, out, p.pool(), p.stride(), Size2D.square(1))));
    return null;
  }

  @Override
  public Void globalPool(Op.GlobalPool g) {
    String pooled = graph.fresh(layer.name() + "/pooled");
    graph.node(g.type() == PoolType.MAX ? "GlobalMaxPool" : "GlobalAveragePool", List.of(input(0)), pooled, doc());
    graph.node("Flatten", List.of(pooled), layer.name(), doc(), integer("axis", 1));
    return null;
  }

  @Override
  public Void zeroPad(Op.ZeroPad z) {
    String pads = graph.int64s(layer.name() + "/pads", 0, 0, z.top(), z.left(), 0, 0, z.bottom(), z.right());
    graph.node("Pad", List.of(input(0), pads), layer.name(), doc(), text("mode", "constant"));
    return null;
  }

  @Override
  public Void dense(Op.Dense d) {
    long in = ((Shape.Flat) shapeOf(input(0))).size();
    List<String> inputs = new ArrayList<>(List.of(input(0),
        graph.weights(layer.name() + "/W", param("W"), in, d.units())));
    if (d.bias()) {
      inputs.add(graph.weights(layer.name() + "/b", param("b"), d.units()));
    }
    String linear = activated(d.activation()) ? graph.fresh(layer.name() + "/linear") : layer.name();
    graph.node("Gemm", inputs, linear, doc());
    activate(d.activation(), d.alpha(), linear, layer.name(), layer.outputShape());
    return null;
  }

  @Override
  public Void dropout(Op.Dropout d) {
    // Inference form: dropout is the identity (DL4J and Keras scale at training time).
    graph.node("Identity", List.of(input(0)), layer.name(), doc());
    return null;
  }

  @Override
  public Void batchNorm(Op.BatchNorm b) {
    long channels = channels(layer.outputShape());
    INDArray variance = variance(b);
    graph.node("BatchNormalization", List.of(input(0),
            graph.weights(layer.name() + "/gamma", param("gamma"), channels),
            graph.weights(layer.name() + "/beta", param("beta"), channels),
            graph.weights(layer.name() + "/mean", param("mean"), channels),
            graph.weights(layer.name() + "/var", variance, channels)),
        layer.name(), doc(), real("epsilon", b.epsilon()), real("momentum", b.momentum()));
    return null;
  }

  @Override
  public Void flatten(Op.Flatten f) {
    if (shapeOf(input(0)) instanceof Shape.Spatial) {
      graph.node("Flatten", List.of(input(0)), layer.name(), doc(), integer("axis", 1));
    } else {
      graph.node("Identity", List.of(input(0)), layer.name(), doc());
    }
    return null;
  }

  @Override
  public Void activation(Op.ActivationOp a) {
    if (a.activation() == Activation.IDENTITY) {
      graph.node("Identity", List.of(input(0)), layer.name(), doc());
    } else {
      activate(a.activation(), a.alpha(), input(0), layer.name(), layer.outputShape());
    }
    return null;
  }

  @Override
  public Void mfm(Op.Mfm m) {
    // Max-feature-map: the first half of the channels (or units) against the second, as MaxFeatureMap.
    String first = graph.fresh(layer.name() + "/first");
    String second = graph.fresh(layer.name() + "/second");
    graph.node("Split", List.of(input(0)), List.of(first, second), doc(), integer("axis", 1));
    graph.node("Max", List.of(first, second), layer.name(), doc());
    return null;
  }

  @Override
  public Void add(Op.Add a) {
    graph.node(layer.node().inputs().size() == 2 ? "Add" : "Sum", layer.node().inputs(), layer.name(), doc());
    return null;
  }

  @Override
  public Void concat(Op.Concat c) {
    graph.node("Concat", layer.node().inputs(), layer.name(), doc(), integer("axis", 1));
    return null;
  }

  private static boolean activated(Activation a) {
    return a != Activation.IDENTITY;
  }

  /** The activation node from {@code in} to {@code out}; nothing for identity (in is out then). */
  private void activate(Activation a, double alpha, String in, String out, Shape shape) {
    switch (a) {
      case IDENTITY -> { }
      case RELU -> graph.node("Relu", List.of(in), out, doc());
      case LEAKY_RELU -> graph.node("LeakyRelu", List.of(in), out, doc(), real("alpha", alpha));
      case TANH -> graph.node("Tanh", List.of(in), out, doc());
      case SIGMOID -> graph.node("Sigmoid", List.of(in), out, doc());
      // Over the channels (NCHW axis 1) or the units: the language's softmax is over the last
      // dimension of the HWC tensor it describes, which is axis 1 once the layout is NCHW.
      case SOFTMAX -> graph.node("Softmax", List.of(in), out, doc(), integer("axis", 1));
      case MFM -> throw new IllegalArgumentException(
          "mfm is a layer, not an activation: GraphBuilder splits it off before any back end runs");
    }
  }

  /**
   * DL4J M2.1 keeps a batch norm's running variance either as {@code var} or, by default, as
   * {@code log10stdev} = log10(sqrt(var)); ONNX wants the variance.
   */
  private INDArray variance(Op.BatchNorm b) {
    Layer l = dl4j();
    if (l.paramTable().containsKey("var")) {
      return param("var");
    }
    double[] log10std = param("log10stdev").castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] var = new double[log10std.length];
    for (int i = 0; i < var.length; i++) {
      var[i] = Math.pow(10, 2 * log10std[i]);
    }
    return Nd4j.createFromArray(var);
  }

  /**
   * Explicit [top, left, bottom, right] pads giving the checker's output size: none for valid;
   * for same the total (out − 1)·stride + effective kernel − in, half before and the rest after.
   */
  static long[] pads(Padding padding, Shape.Spatial in, Shape.Spatial out, Size2D kernel, Size2D stride,
      Size2D dilation) {
    if (padding == Padding.VALID) {
      return new long[] {0, 0, 0, 0};
    }
    long h = total(in.height(), out.height(), kernel.height(), stride.height(), dilation.height());
    long w = total(in.width(), out.width(), kernel.width(), stride.width(), dilation.width());
    return new long[] {h / 2, w / 2, h - h / 2, w - w / 2};
  }

  private static long total(int in, int out, int kernel, int stride, int dilation) {
    long effective = (long) (kernel - 1) * dilation + 1;
    return Math.max(0, (long) (out - 1) * stride + effective - in);
  }

  private String input(int k) {
    return layer.node().inputs().get(k);
  }

  private Shape shapeOf(String tensor) {
    return model.shapeOf(tensor).orElseThrow(() -> new IllegalStateException("no shape for " + tensor));
  }

  private Shape.Spatial spatial(String tensor) {
    return (Shape.Spatial) shapeOf(tensor);
  }

  private static long channels(Shape shape) {
    return shape instanceof Shape.Spatial s ? s.channels() : ((Shape.Flat) shape).size();
  }

  private Layer dl4j() {
    Layer l = weights.getLayer(layer.name());
    if (l == null) {
      throw new IllegalArgumentException("the DL4J network has no layer " + layer.name()
          + "; it was not built from this network's model");
    }
    return l;
  }

  private INDArray param(String key) {
    INDArray p = dl4j().paramTable().get(key);
    if (p == null) {
      throw new IllegalArgumentException("DL4J layer " + layer.name() + " has no parameter " + key
          + " (it has " + dl4j().paramTable().keySet() + "); it was not built from this network's model");
    }
    return p;
  }

  private String doc() {
    return layer.node().location().isKnown() ? layer.node().location().toString() : "";
  }
}
