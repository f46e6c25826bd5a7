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
import dev.cnnspec.model.WindowPadding;
import ai.onnx.proto.OnnxMl.AttributeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * deprecated and an explicit model is what other runtimes handle best. The one exception is a pool
 * that reads a zero pad: it says {@code auto_pad: VALID}, so that no optimiser fuses the pad into
 * it (see {@link #pool}).
 */
final class OnnxOps implements OpVisitor<Void> {
  private final NetworkModel model;
  private final ComputationGraph weights;
  private final OnnxGraph graph;
  /** ONNX value names of tensors whose name a head's output takes (the head applies softmax after them). */
  private final Map<String, String> renamed = new HashMap<>();
  private LayerModel layer;

  OnnxOps(NetworkModel model, ComputationGraph weights, OnnxGraph graph) {
    this.model = model;
    this.weights = weights;
    this.graph = graph;
  }

  /** Emits the nodes of one layer; its output value is named after the layer (see {@link #rename}). */
  void translate(LayerModel layer) {
    this.layer = layer;
    layer.op().accept(this);
    graph.valueInfo(out(), layer.outputShape());
  }

  /**
   * Gives tensor {@code tensor}'s value another name ({@code <tensor>/<suffix>}), so that a graph
   * output can take its name.
   */
  void rename(String tensor, String suffix) {
    renamed.computeIfAbsent(tensor, t -> graph.fresh(t + "/" + suffix));
  }

  /** The ONNX value of a tensor of the model. */
  String valueOf(String tensor) {
    return renamed.getOrDefault(tensor, tensor);
  }

  /**
   * ONNX's {@code Conv} with {@code group}: its weight is [out, in / group, kh, kw], which is the
   * runtime's grouped convolution's layout; a conv that DL4J computes as a depthwise one
   * ({@link Op.Conv2D#depthwise}) has its kernel rearranged as {@link #depthwiseConv} does.
   */
  @Override
  public Void conv(Op.Conv2D c) {
    Shape.Spatial in = spatial(0);
    INDArray w = c.depthwise(in.channels()) ? param("W").permute(2, 3, 0, 1) : param("W");
    List<String> inputs = new ArrayList<>(List.of(input(0), graph.weights(layer.name() + "/W", w,
        c.filters(), in.channels() / c.groups(), c.kernel().height(), c.kernel().width())));
    if (c.bias()) {
      inputs.add(graph.weights(layer.name() + "/b", param("b"), c.filters()));
    }
    convolution(inputs, c.kernel(), c.stride(), c.dilation(), pads(c.padding(), c.pad(), in, c.kernel(), c.stride(),
        c.dilation()), c.groups(), c.activation(), c.alpha());
    return null;
  }

  /**
   * DL4J keeps a depthwise kernel as [kh, kw, in, multiplier] and numbers its outputs
   * channel · multiplier + m (TensorFlow's order); ONNX's grouped {@code Conv} with one group per
   * input channel wants [in · multiplier, 1, kh, kw] in that same order.
   */
  @Override
  public Void depthwiseConv(Op.DepthwiseConv2D c) {
    Shape.Spatial in = spatial(0);
    long outChannels = (long) in.channels() * c.multiplier();
    INDArray w = param("W").permute(2, 3, 0, 1);
    List<String> inputs = new ArrayList<>(List.of(input(0), graph.weights(layer.name() + "/W", w,
        outChannels, 1, c.kernel().height(), c.kernel().width())));
    if (c.bias()) {
      inputs.add(graph.weights(layer.name() + "/b", param("b"), outChannels));
    }
    convolution(inputs, c.kernel(), c.stride(), c.dilation(), pads(c.padding(), c.pad(), in, c.kernel(), c.stride(),
        c.dilation()), in.channels(), c.activation(), c.alpha());
    return null;
  }

  /**
   * A depthwise convolution (DL4J's {@code W}: [multiplier, in, kh, kw], outputs channel ·
   * multiplier + m) then a 1×1 pointwise one ({@code pW}: [out, in · multiplier, 1, 1]) with the bias.
   */
  @Override
  public Void separableConv(Op.SeparableConv2D c) {
    Shape.Spatial in = spatial(0);
    long depthwise = (long) in.channels() * c.multiplier();
    String mid = graph.fresh(layer.name() + "/depthwise");
    graph.node("Conv", List.of(input(0), graph.weights(layer.name() + "/W", param("W").permute(1, 0, 2, 3),
            depthwise, 1, c.kernel().height(), c.kernel().width())), mid, doc(),
        ints("kernel_shape", c.kernel().height(), c.kernel().width()),
        ints("strides", c.stride().height(), c.stride().width()),
        ints("dilations", c.dilation().height(), c.dilation().width()),
        ints("pads", pads(c.padding(), c.pad(), in, c.kernel(), c.stride(), c.dilation())),
        integer("group", in.channels()));
    List<String> inputs = new ArrayList<>(List.of(mid,
        graph.weights(layer.name() + "/pW", param("pW"), c.filters(), depthwise, 1, 1)));
    if (c.bias()) {
      inputs.add(graph.weights(layer.name() + "/b", param("b"), c.filters()));
    }
    Size2D one = Size2D.square(1);
    convolution(inputs, one, one, one, new long[] {0, 0, 0, 0}, 1, c.activation(), c.alpha());
    return null;
  }

  /**
   * DL4J's deconvolution kernel is [in, out, kh, kw], as ONNX's {@code ConvTranspose} wants. The
   * pads (output rows and columns cropped) and output padding give the checker's output size:
   * {@code same} crops (k − stride) with the odd row at the bottom, and adds what a stride larger
   * than the kernel leaves uncovered.
   */
  @Override
  public Void convTranspose(Op.ConvTranspose2D c) {
    Shape.Spatial in = spatial(0);
    Shape.Spatial out = (Shape.Spatial) layer.outputShape();
    List<String> inputs = new ArrayList<>(List.of(input(0), graph.weights(layer.name() + "/W", param("W"),
        in.channels(), c.filters(), c.kernel().height(), c.kernel().width())));
    if (c.bias()) {
      inputs.add(graph.weights(layer.name() + "/b", param("b"), c.filters()));
    }
    long h = (long) (in.height() - 1) * c.stride().height() + c.kernel().height() - out.height();
    long w = (long) (in.width() - 1) * c.stride().width() + c.kernel().width() - out.width();
    long[] pads = {Math.max(h, 0) / 2, Math.max(w, 0) / 2, Math.max(h, 0) - Math.max(h, 0) / 2,
        Math.max(w, 0) - Math.max(w, 0) / 2};
    String conv = activated(c.activation()) ? graph.fresh(layer.name() + "/conv") : out();
    graph.node("ConvTranspose", inputs, conv, doc(),
        ints("kernel_shape", c.kernel().height(), c.kernel().width()),
        ints("strides", c.stride().height(), c.stride().width()),
        ints("pads", pads),
        ints("output_padding", Math.max(-h, 0), Math.max(-w, 0)));
    activate(c.activation(), c.alpha(), conv, out());
    return null;
  }

  private void convolution(List<String> inputs, Size2D kernel, Size2D stride, Size2D dilation, long[] pads,
      long groups, Activation activation, double alpha) {
    String conv = activated(activation) ? graph.fresh(layer.name() + "/conv") : out();
    graph.node("Conv", inputs, conv, doc(),
        ints("kernel_shape", kernel.height(), kernel.width()),
        ints("strides", stride.height(), stride.width()),
        ints("dilations", dilation.height(), dilation.width()),
        ints("pads", pads),
        integer("group", groups));
    activate(activation, alpha, conv, out());
  }

  @Override
  public Void pool(Op.Pool2D p) {
    Shape.Spatial in = spatial(0);
    long[] pads = pads(p.padding(), p.pad(), in, p.pool(), p.stride(), Size2D.square(1));
    List<AttributeProto> attributes = new ArrayList<>(List.of(
        ints("kernel_shape", p.pool().height(), p.pool().width()),
        ints("strides", p.stride().height(), p.stride().width())));
    String source = input(0);
    String pooled = out();
    if (readsZeroPad()) {
      // ONNX Runtime's PadFusion moves a zero Pad into the pads of the pool that reads it: wrong for
      // a max pool (its padding is -inf, DL4J's zeros are values) and for an average pool that
      // leaves padding out of the divisor, and refused once the sum reaches the window (pads <
      // kernel_shape). It leaves a pool with auto_pad alone (pad_fusion.cc; a fusion cannot add pads
      // to it), so the pool says VALID and its own padding, if any, is a node before or after it.
      attributes.add(text("auto_pad", "VALID"));
      if (!allZero(pads)) {
        boolean excluded = p.type() == PoolType.AVG && !p.countPad();
        source = padded(source, pads, p.type() == PoolType.MAX ? Double.NEGATIVE_INFINITY : 0);
        if (excluded) {
          pooled = graph.fresh(layer.name() + "/pooled");
        }
      }
    } else {
      attributes.add(ints("pads", pads));
    }
    if (p.type() == PoolType.AVG) {
      // Whether zeros of the padding count in the divisor: DL4J's and Keras' default is no (as ONNX's).
      // A ceil window running past an unpadded input: ONNX Runtime would count the overhang (9 for a
      // 3×3 window covering 6 pixels), PyTorch and DL4J do not, so such a pool exports as 0.
      boolean counts = WindowPadding.countsPad(p, WindowPadding.of(p, in).orElseThrow());
      attributes.add(integer("count_include_pad", counts ? 1 : 0));
    }
    // ceil_mode only where ceil adds a window (DL4J's Same mode): where it adds none the floor size is
    // PyTorch's, and ONNX Runtime's ceil would add a window starting past the input (PyTorch's rule
    // against that is not ONNX's): maxpool(1, stride: 2, ceil: true) on 8 gives 4, ORT's ceil 5 (r33).
    if (p.ceil() && WindowPadding.of(p, in).orElseThrow().sameMode()) {
      attributes.add(integer("ceil_mode", 1));
    }
    graph.node(p.type() == PoolType.MAX ? "MaxPool" : "AveragePool", List.of(source), pooled, doc(),
        attributes.toArray(AttributeProto[]::new));
    if (!pooled.equals(out())) {
      graph.node("Mul", List.of(pooled, graph.weights(layer.name() + "/divisor", divisorCorrection(p, in, pads),
          1, 1, ((Shape.Spatial) layer.outputShape()).height(), ((Shape.Spatial) layer.outputShape()).width())),
          out(), doc());
    }
    return null;
  }

  /** {@code source} padded by {@code pads} (top, left, bottom, right) of {@code value}. */
  private String padded(String source, long[] pads, double value) {
    String padded = graph.fresh(layer.name() + "/padded");
    graph.node("Pad", List.of(source, graph.int64s(layer.name() + "/pads", 0, 0, pads[0], pads[1], 0, 0, pads[2],
        pads[3]), graph.scalar(layer.name() + "/pad_value", value)), padded, doc(), text("mode", "constant"));
    return padded;
  }

  /**
   * An average pool that leaves its own padding out of the divisor, computed as one that counts it
   * (on the input padded with zeros) times window size / pixels of the input under the window.
   */
  private INDArray divisorCorrection(Op.Pool2D p, Shape.Spatial in, long[] pads) {
    Shape.Spatial out = (Shape.Spatial) layer.outputShape();
    INDArray factor = Nd4j.create(DataType.FLOAT, out.height(), out.width());
    for (int i = 0; i < out.height(); i++) {
      long rows = covered(i, p.stride().height(), pads[0], p.pool().height(), in.height());
      for (int j = 0; j < out.width(); j++) {
        long cols = covered(j, p.stride().width(), pads[1], p.pool().width(), in.width());
        factor.putScalar(i, j, (double) p.pool().height() * p.pool().width() / Math.max(1, rows * cols));
      }
    }
    return factor;
  }

  /** How many of window {@code k}'s positions along one axis fall inside the unpadded input. */
  private static long covered(int k, int stride, long before, int window, int size) {
    long first = (long) k * stride - before;
    return Math.max(0, Math.min(first + window, size) - Math.max(first, 0));
  }

  /**
   * True when the layer's input is a zero pad's Pad node, directly or through layers exported as
   * {@code Identity}, which ONNX Runtime removes before it fuses a Pad into the node after it.
   */
  private boolean readsZeroPad() {
    String tensor = layer.node().inputs().get(0);
    while (true) {
      LayerModel producer = model.layer(tensor).orElse(null);
      if (producer == null) {
        return false;
      }
      Op op = producer.op();
      if (op instanceof Op.ZeroPad) {
        return true;
      }
      boolean identity = op instanceof Op.Dropout
          || op instanceof Op.ActivationOp a && a.activation() == Activation.IDENTITY;
      if (!identity) {
        return false;
      }
      tensor = producer.node().inputs().get(0);
    }
  }

  private static boolean allZero(long[] values) {
    return java.util.Arrays.stream(values).allMatch(v -> v == 0);
  }

  @Override
  public Void globalPool(Op.GlobalPool g) {
    String pooled = g.keep() ? out() : graph.fresh(layer.name() + "/pooled");
    graph.node(g.type() == PoolType.MAX ? "GlobalMaxPool" : "GlobalAveragePool", List.of(input(0)), pooled, doc());
    if (!g.keep()) {
      graph.node("Flatten", List.of(pooled), out(), doc(), integer("axis", 1));
    }
    return null;
  }

  /** Nearest-neighbour upsampling: each value repeated size times, which Resize's floor mode is. */
  @Override
  public Void upsample(Op.Upsample2D u) {
    String scales = graph.floats(layer.name() + "/scales", 1, 1, u.size().height(), u.size().width());
    graph.node("Resize", List.of(input(0), "", scales), out(), doc(), text("mode", "nearest"),
        text("coordinate_transformation_mode", "asymmetric"), text("nearest_mode", "floor"));
    return null;
  }

  @Override
  public Void zeroPad(Op.ZeroPad z) {
    String pads = graph.int64s(layer.name() + "/pads", 0, 0, z.top(), z.left(), 0, 0, z.bottom(), z.right());
    graph.node("Pad", List.of(input(0), pads), out(), doc(), text("mode", "constant"));
    return null;
  }

  @Override
  public Void dense(Op.Dense d) {
    long in = ((Shape.Flat) shapeOf(0)).size();
    List<String> inputs = new ArrayList<>(List.of(input(0),
        graph.weights(layer.name() + "/W", param("W"), in, d.units())));
    if (d.bias()) {
      inputs.add(graph.weights(layer.name() + "/b", param("b"), d.units()));
    }
    String linear = activated(d.activation()) ? graph.fresh(layer.name() + "/linear") : out();
    graph.node("Gemm", inputs, linear, doc());
    activate(d.activation(), d.alpha(), linear, out());
    return null;
  }

  @Override
  public Void dropout(Op.Dropout d) {
    // Inference form: dropout is the identity (DL4J and Keras scale at training time).
    graph.node("Identity", List.of(input(0)), out(), doc());
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
        out(), doc(), real("epsilon", b.epsilon()), real("momentum", b.momentum()));
    return null;
  }

  @Override
  public Void flatten(Op.Flatten f) {
    if (shapeOf(0) instanceof Shape.Spatial) {
      graph.node("Flatten", List.of(input(0)), out(), doc(), integer("axis", 1));
    } else {
      graph.node("Identity", List.of(input(0)), out(), doc());
    }
    return null;
  }

  @Override
  public Void activation(Op.ActivationOp a) {
    if (a.activation() == Activation.IDENTITY) {
      graph.node("Identity", List.of(input(0)), out(), doc());
    } else {
      activate(a.activation(), a.alpha(), input(0), out());
    }
    return null;
  }

  /** A learned slope per value (DL4J's {@code PReLULayer} with no shared axes): [c, h, w] or [n]. */
  @Override
  public Void prelu(Op.PRelu p) {
    long[] dims = OnnxGraph.nchw(layer.outputShape());
    graph.node("PRelu", List.of(input(0), graph.weights(layer.name() + "/alpha", param("W"), dims)), out(), doc());
    return null;
  }

  @Override
  public Void mfm(Op.Mfm m) {
    // Max-feature-map: the first half of the channels (or units) against the second, as MaxFeatureMap.
    String first = graph.fresh(layer.name() + "/first");
    String second = graph.fresh(layer.name() + "/second");
    graph.node("Split", List.of(input(0)), List.of(first, second), doc(), integer("axis", 1));
    graph.node("Max", List.of(first, second), out(), doc());
    return null;
  }

  /** torchvision's {@code channel_shuffle}: reshape to [N, g, C / g, H, W], swap axes 1 and 2, reshape back. */
  @Override
  public Void channelShuffle(Op.ChannelShuffle s) {
    Shape.Spatial in = spatial(0);
    String grouped = graph.fresh(layer.name() + "/grouped");
    graph.node("Reshape", List.of(input(0), graph.int64s(layer.name() + "/grouped_shape", 0, s.groups(),
        in.channels() / s.groups(), in.height(), in.width())), grouped, doc());
    String swapped = graph.fresh(layer.name() + "/transposed");
    graph.node("Transpose", List.of(grouped), swapped, doc(), ints("perm", 0, 2, 1, 3, 4));
    graph.node("Reshape", List.of(swapped, graph.int64s(layer.name() + "/shape", 0, in.channels(), in.height(),
        in.width())), out(), doc());
    return null;
  }

  /** A {@code Slice} of the part's channels on axis 1. */
  @Override
  public Void channelSplit(Op.ChannelSplit s) {
    long part = spatial(0).channels() / s.parts();
    graph.node("Slice", List.of(input(0), graph.int64s(layer.name() + "/starts", s.index() * part),
        graph.int64s(layer.name() + "/ends", (s.index() + 1) * part), graph.int64s(layer.name() + "/axes", 1)),
        out(), doc());
    return null;
  }

  @Override
  public Void add(Op.Add a) {
    List<String> inputs = broadcastable();
    graph.node(inputs.size() == 2 ? "Add" : "Sum", inputs, out(), doc());
    return null;
  }

  @Override
  public Void multiply(Op.Multiply m) {
    graph.node("Mul", broadcastable(), out(), doc());
    return null;
  }

  /**
   * The inputs of an element-wise merge, a flat [c] gate beside a spatial tensor reshaped to
   * [N, c, 1, 1] so that ONNX's broadcasting (which aligns trailing dimensions) spreads it over
   * height and width as the model's per-channel broadcast does; a [1, 1, c] gate is that already.
   */
  private List<String> broadcastable() {
    boolean spatial = layer.outputShape() instanceof Shape.Spatial;
    List<String> inputs = new ArrayList<>();
    for (int k = 0; k < layer.node().inputs().size(); k++) {
      if (spatial && shapeOf(k) instanceof Shape.Flat f) {
        String gate = graph.fresh(layer.name() + "/gate");
        graph.node("Reshape", List.of(input(k), graph.int64s(layer.name() + "/gate_shape", 0, f.size(), 1, 1)),
            gate, doc());
        inputs.add(gate);
      } else {
        inputs.add(input(k));
      }
    }
    return inputs;
  }

  @Override
  public Void concat(Op.Concat c) {
    graph.node("Concat", inputs(), out(), doc(), integer("axis", 1));
    return null;
  }

  private static boolean activated(Activation a) {
    return a != Activation.IDENTITY;
  }

  /** The activation nodes from {@code in} to {@code out}; nothing for identity (in is out then). */
  void activate(Activation a, double alpha, String in, String out) {
    switch (a) {
      case IDENTITY -> { }
      case RELU -> graph.node("Relu", List.of(in), out, doc());
      case LEAKY_RELU -> graph.node("LeakyRelu", List.of(in), out, doc(), real("alpha", alpha));
      case TANH -> graph.node("Tanh", List.of(in), out, doc());
      case SIGMOID -> graph.node("Sigmoid", List.of(in), out, doc());
      // Over the channels (NCHW axis 1) or the units: the language's softmax is over the last
      // dimension of the HWC tensor it describes, which is axis 1 once the layout is NCHW.
      case SOFTMAX -> graph.node("Softmax", List.of(in), out, doc(), integer("axis", 1));
      case RELU6 -> graph.node("Clip", List.of(in, graph.scalar(layer.name() + "/zero", 0),
          graph.scalar(layer.name() + "/six", 6)), out, doc());
      case SWISH -> gated(in, out, "Sigmoid");
      case HARD_SIGMOID -> graph.node("HardSigmoid", List.of(in), out, doc(), real("alpha", 1.0 / 6), real("beta", 0.5));
      // HardSwish is an operator from opset 14 on: x · hard_sigmoid(x) is the same function.
      case HARD_SWISH -> gated(in, out, "HardSigmoid", real("alpha", 1.0 / 6), real("beta", 0.5));
      case GELU -> gelu(in, out);
      case ELU -> graph.node("Elu", List.of(in), out, doc(), real("alpha", 1.0));
      // ONNX's default alpha and gamma are Klambauer et al.'s constants, as the model's.
      case SELU -> graph.node("Selu", List.of(in), out, doc());
      case MFM -> throw new IllegalArgumentException(
          "mfm is a layer, not an activation: GraphBuilder splits it off before any back end runs");
    }
  }

  /** x · gate(x). */
  private void gated(String in, String out, String gate, AttributeProto... attributes) {
    String g = graph.fresh(layer.name() + "/" + gate);
    graph.node(gate, List.of(in), g, doc(), attributes);
    graph.node("Mul", List.of(in, g), out, doc());
  }

  /** The exact GELU, x · (1 + erf(x / √2)) / 2 (the Gelu operator is opset 20). */
  private void gelu(String in, String out) {
    String scaled = graph.fresh(layer.name() + "/gelu_scaled");
    graph.node("Div", List.of(in, graph.scalar(layer.name() + "/sqrt2", Math.sqrt(2))), scaled, doc());
    String erf = graph.fresh(layer.name() + "/gelu_erf");
    graph.node("Erf", List.of(scaled), erf, doc());
    String one = graph.fresh(layer.name() + "/gelu_1p");
    graph.node("Add", List.of(erf, graph.scalar(layer.name() + "/one", 1)), one, doc());
    String half = graph.fresh(layer.name() + "/gelu_half");
    graph.node("Mul", List.of(in, one), half, doc());
    graph.node("Mul", List.of(half, graph.scalar(layer.name() + "/half", 0.5)), out, doc());
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
   * Explicit [top, left, bottom, right] pads giving the checker's output size: the symmetric
   * {@code pad} under valid; for same the total (out − 1)·stride + effective kernel − in, half
   * before and the rest after (none where the stride skips input, as Keras).
   */
  private long[] pads(Padding padding, Size2D pad, Shape.Spatial in, Size2D kernel, Size2D stride, Size2D dilation) {
    if (padding == Padding.VALID) {
      return new long[] {pad.height(), pad.width(), pad.height(), pad.width()};
    }
    Shape.Spatial out = (Shape.Spatial) layer.outputShape();
    long h = total(in.height(), out.height(), kernel.height(), stride.height(), dilation.height());
    long w = total(in.width(), out.width(), kernel.width(), stride.width(), dilation.width());
    return new long[] {h / 2, w / 2, h - h / 2, w - w / 2};
  }

  private static long total(int in, int out, int kernel, int stride, int dilation) {
    long effective = (long) (kernel - 1) * dilation + 1;
    return Math.max(0, (long) (out - 1) * stride + effective - in);
  }

  private String input(int k) {
    return valueOf(layer.node().inputs().get(k));
  }

  private List<String> inputs() {
    return layer.node().inputs().stream().map(this::valueOf).toList();
  }

  private String out() {
    return valueOf(layer.name());
  }

  /** The shape of the layer's input {@code k}. */
  private Shape shapeOf(int k) {
    String tensor = layer.node().inputs().get(k);
    return model.shapeOf(tensor).orElseThrow(() -> new IllegalStateException("no shape for " + tensor));
  }

  private Shape.Spatial spatial(int k) {
    return (Shape.Spatial) shapeOf(k);
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
