package dev.cnnspec.importer.keras;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Puts Keras's weights into the DL4J graph built from the imported spec, converting layouts. Each
 * conversion was checked against Keras's own outputs (the fixtures' tests), not assumed:
 * <ul>
 *   <li>convolution kernels: Keras HWIO {@code [kh, kw, in, out]} → DL4J {@code [out, in, kh, kw]};</li>
 *   <li>depthwise kernels: {@code [kh, kw, in, multiplier]} in both; separable: the depthwise kernel
 *       → DL4J's {@code W [multiplier, in, kh, kw]}, the pointwise {@code [1, 1, in·m, out]} → {@code pW
 *       [out, in·m, 1, 1]}; transposed convolution: Keras {@code [kh, kw, out, in]} → DL4J's deconvolution
 *       {@code [in, out, kh, kw]}; PReLU slopes {@code [h, w, c]} → {@code [c, h, w]} (DL4J's shapes
 *       printed at run time, the values checked by the MobileNetSmall and DecoderSmall fixtures);</li>
 *   <li>dense kernels: {@code [in, out]} in both, but rows reordered when the input is a flatten of a
 *       spatial tensor: Keras flattens NHWC ({@code (y·W + x)·C + c}), DL4J NCHW ({@code c·H·W + y·W + x});
 *       the order is carried through layers that keep units in place (dropout, activations, batch norm,
 *       concat), so a batch norm after the flatten is reordered too;</li>
 *   <li>batch norm: gamma, beta, moving mean as they are; the moving variance as DL4J stores it, which
 *       by default ({@code useLogStd}) is {@code log10(sqrt(var))} (DL4J adds epsilon when it
 *       normalises, as Keras does), else the variance.</li>
 * </ul>
 * A weights file that does not fit the model (a layer missing, another shape, layers the model
 * lacks) is refused with the layer named: it is the weights file of another model.
 */
final class WeightTransfer {
  private final NetworkModel model;
  private final ComputationGraph graph;
  private final KerasWeights weights;
  private final Map<String, int[]> orders = new HashMap<>();

  WeightTransfer(NetworkModel model, ComputationGraph graph, KerasWeights weights) {
    this.model = model;
    this.graph = graph;
    this.weights = weights;
  }

  /**
   * @param targets each weighted Keras layer → the name of the model layer made from it
   */
  void apply(KerasConfig keras, Map<String, SpecLayer> mapped, Map<String, String> targets) {
    Set<String> unused = new TreeSet<>(weights.layers());
    for (KerasLayer k : keras.layers()) {
      SpecLayer s = mapped.get(k.name());
      List<Tensor> vars = weights.variables(k.name());
      unused.remove(k.name());
      if (s.weights() == SpecLayer.Weights.NONE) {
        if (!vars.isEmpty()) {
          throw k.error("has " + vars.size() + " weight variable" + (vars.size() == 1 ? "" : "s") + " in "
              + weights.source() + ", but it becomes `" + s.text() + "`, which has none; map it to a layer with "
              + "weights or remove them");
        }
        continue;
      }
      LayerModel target = model.layer(targets.get(k.name())).orElseThrow();
      if (vars.isEmpty()) {
        throw new KerasImportException(weights.source() + " has no weights for " + k.describe() + "; is it the "
            + "weights file of another model? It has weights for " + summary(weights.layers()));
      }
      switch (s.weights()) {
        case CONV -> conv(k, target, vars);
        case DEPTHWISE -> depthwise(k, target, vars);
        case SEPARABLE -> separable(k, target, vars);
        case TRANSPOSED -> transposed(k, target, vars);
        case PRELU -> prelu(k, target, vars);
        case DENSE -> dense(k, target, vars);
        case BATCHNORM -> batchNorm(k, target, vars);
        case NONE -> throw new AssertionError();
      }
    }
    if (!unused.isEmpty()) {
      throw new KerasImportException(weights.source() + " has weights for layers the model does not have: "
          + summary(unused) + "; is it the weights file of another model?");
    }
  }

  private void conv(KerasLayer k, LayerModel target, List<Tensor> vars) {
    Op.Conv2D c = (Op.Conv2D) target.op();
    int in = ((Shape.Spatial) model.shapeOf(target.node().inputs().get(0)).orElseThrow()).channels();
    expectCount(k, vars, c.bias() ? 2 : 1);
    Tensor kernel = vars.get(0);
    expectShape(k, kernel, c.kernel().height(), c.kernel().width(), in, c.filters());
    INDArray hwio = Nd4j.create(kernel.values().get(), toLong(kernel.shape()), 'c');
    set(target, "W", hwio.permute(3, 2, 0, 1));
    if (c.bias()) {
      set(target, "b", vector(k, vars.get(1), c.filters(), null));
    }
  }

  private void depthwise(KerasLayer k, LayerModel target, List<Tensor> vars) {
    Op.DepthwiseConv2D c = (Op.DepthwiseConv2D) target.op();
    int in = channelsIn(target);
    expectCount(k, vars, c.bias() ? 2 : 1);
    Tensor kernel = vars.get(0);
    expectShape(k, kernel, c.kernel().height(), c.kernel().width(), in, c.multiplier());
    // DL4J's depthwise W is [kh, kw, in, multiplier], Keras's layout itself
    set(target, "W", Nd4j.create(kernel.values().get(), toLong(kernel.shape()), 'c'));
    if (c.bias()) {
      set(target, "b", vector(k, vars.get(1), in * c.multiplier(), null));
    }
  }

  private void separable(KerasLayer k, LayerModel target, List<Tensor> vars) {
    Op.SeparableConv2D c = (Op.SeparableConv2D) target.op();
    int in = channelsIn(target);
    expectCount(k, vars, c.bias() ? 3 : 2);
    Tensor depthwise = vars.get(0);
    Tensor pointwise = vars.get(1);
    expectShape(k, depthwise, c.kernel().height(), c.kernel().width(), in, c.multiplier());
    expectShape(k, pointwise, 1, 1, in * c.multiplier(), c.filters());
    // depthwise [kh, kw, in, m] → DL4J's W [m, in, kh, kw]; pointwise [1, 1, in·m, out] → pW [out, in·m, 1, 1]
    set(target, "W", Nd4j.create(depthwise.values().get(), toLong(depthwise.shape()), 'c').permute(3, 2, 0, 1));
    set(target, "pW", Nd4j.create(pointwise.values().get(), toLong(pointwise.shape()), 'c').permute(3, 2, 0, 1));
    if (c.bias()) {
      set(target, "b", vector(k, vars.get(2), c.filters(), null));
    }
  }

  private void transposed(KerasLayer k, LayerModel target, List<Tensor> vars) {
    Op.ConvTranspose2D c = (Op.ConvTranspose2D) target.op();
    int in = channelsIn(target);
    expectCount(k, vars, c.bias() ? 2 : 1);
    Tensor kernel = vars.get(0);
    // Keras's Conv2DTranspose kernel is [kh, kw, out, in]; DL4J's deconvolution W is [in, out, kh, kw]
    expectShape(k, kernel, c.kernel().height(), c.kernel().width(), c.filters(), in);
    set(target, "W", Nd4j.create(kernel.values().get(), toLong(kernel.shape()), 'c').permute(3, 2, 0, 1));
    if (c.bias()) {
      set(target, "b", vector(k, vars.get(1), c.filters(), null));
    }
  }

  private void prelu(KerasLayer k, LayerModel target, List<Tensor> vars) {
    String input = target.node().inputs().get(0);
    Shape shape = model.shapeOf(input).orElseThrow();
    expectCount(k, vars, 1);
    Tensor alpha = vars.get(0);
    if (shape instanceof Shape.Spatial s) {
      // Keras's alpha is [h, w, c]; DL4J's PReLU W is [c, h, w]
      expectShape(k, alpha, s.height(), s.width(), s.channels());
      set(target, "W", Nd4j.create(alpha.values().get(), toLong(alpha.shape()), 'c').permute(2, 0, 1));
    } else {
      int n = ((Shape.Flat) shape).size();
      set(target, "W", vector(k, alpha, n, kerasOrder(input)));
    }
  }

  private int channelsIn(LayerModel target) {
    return ((Shape.Spatial) model.shapeOf(target.node().inputs().get(0)).orElseThrow()).channels();
  }

  private void dense(KerasLayer k, LayerModel target, List<Tensor> vars) {
    Op.Dense d = (Op.Dense) target.op();
    String input = target.node().inputs().get(0);
    int in = ((Shape.Flat) model.shapeOf(input).orElseThrow()).size();
    expectCount(k, vars, d.bias() ? 2 : 1);
    Tensor kernel = vars.get(0);
    expectShape(k, kernel, in, d.units());
    float[] w = kernel.values().get();
    int[] order = kerasOrder(input);
    if (order != null) {
      float[] reordered = new float[w.length];
      for (int row = 0; row < in; row++) {
        System.arraycopy(w, order[row] * d.units(), reordered, row * d.units(), d.units());
      }
      w = reordered;
    }
    set(target, "W", Nd4j.create(w, new long[] {in, d.units()}, 'c'));
    if (d.bias()) {
      set(target, "b", vector(k, vars.get(1), d.units(), null));
    }
  }

  private void batchNorm(KerasLayer k, LayerModel target, List<Tensor> vars) {
    String input = target.node().inputs().get(0);
    Shape shape = model.shapeOf(input).orElseThrow();
    int n = shape instanceof Shape.Spatial s ? s.channels() : ((Shape.Flat) shape).size();
    int[] order = shape instanceof Shape.Flat ? kerasOrder(input) : null;
    expectCount(k, vars, 4);
    set(target, "gamma", vector(k, vars.get(0), n, order));
    set(target, "beta", vector(k, vars.get(1), n, order));
    set(target, "mean", vector(k, vars.get(2), n, order));
    INDArray variance = vector(k, vars.get(3), n, order);
    Layer layer = graph.getLayer(target.name());
    if (layer.paramTable().containsKey("log10stdev")) {
      // DL4J's default stores log10(sqrt(var)) and adds epsilon itself when it normalises. (Storing
      // log10(sqrt(var + eps)) counts epsilon twice: outputs then differed from Keras's by up to 7.6e-5.)
      INDArray logStd = variance.castTo(DataType.DOUBLE);
      logStd = org.nd4j.linalg.ops.transforms.Transforms.log(logStd, false).muli(0.5 / Math.log(10));
      set(target, "log10stdev", logStd.castTo(variance.dataType()));
    } else {
      set(target, "var", variance);
    }
  }

  /**
   * For a flat tensor, the Keras unit index of each DL4J unit ({@code order[dl4j] = keras}), or
   * {@code null} where both order units alike.
   */
  int[] kerasOrder(String tensor) {
    if (orders.containsKey(tensor)) {
      return orders.get(tensor);
    }
    int[] order = null;
    LayerModel layer = model.layer(tensor).orElse(null);
    if (layer != null && model.shapeOf(tensor).orElseThrow() instanceof Shape.Flat) {
      Op op = layer.op();
      List<String> inputs = layer.node().inputs();
      if (op instanceof Op.Flatten) {
        Shape in = model.shapeOf(inputs.get(0)).orElseThrow();
        if (in instanceof Shape.Spatial s && s.height() * s.width() > 1 && s.channels() > 1) {
          order = channelsLastOrder(s.height(), s.width(), s.channels());
        } else if (in instanceof Shape.Flat) {
          order = kerasOrder(inputs.get(0));
        }
      } else if (op instanceof Op.Dropout || op instanceof Op.ActivationOp || op instanceof Op.BatchNorm) {
        order = kerasOrder(inputs.get(0));
      } else if (op instanceof Op.Concat) {
        order = concatOrder(inputs);
      } else if (op instanceof Op.Add) {
        order = kerasOrder(inputs.get(0));
        for (String other : inputs) {
          if (!Arrays.equals(order, kerasOrder(other))) {
            throw unsupportedOrder(layer);
          }
        }
      } else if (op instanceof Op.Mfm && kerasOrder(inputs.get(0)) != null) {
        throw unsupportedOrder(layer);
      }
    }
    orders.put(tensor, order);
    return order;
  }

  private int[] concatOrder(List<String> inputs) {
    List<int[]> parts = new ArrayList<>();
    boolean any = false;
    int total = 0;
    for (String in : inputs) {
      int size = ((Shape.Flat) model.shapeOf(in).orElseThrow()).size();
      int[] o = kerasOrder(in);
      any |= o != null;
      int[] shifted = new int[size];
      for (int i = 0; i < size; i++) {
        shifted[i] = total + (o == null ? i : o[i]);
      }
      parts.add(shifted);
      total += size;
    }
    if (!any) {
      return null;
    }
    int[] order = new int[total];
    int at = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, order, at, p.length);
      at += p.length;
    }
    return order;
  }

  /** DL4J unit {@code c·H·W + y·W + x} is Keras unit {@code (y·W + x)·C + c}. */
  static int[] channelsLastOrder(int height, int width, int channels) {
    int[] order = new int[height * width * channels];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          order[(c * height + y) * width + x] = (y * width + x) * channels + c;
        }
      }
    }
    return order;
  }

  private static KerasImportException unsupportedOrder(LayerModel layer) {
    return new KerasImportException(layer.name() + " (" + layer.op().kind() + ") mixes units of a channels-last "
        + "flatten in a way that has no DL4J equivalent; put the flatten after it, or a dense layer between");
  }

  private static INDArray vector(KerasLayer k, Tensor t, int n, int[] order) {
    expectShape(k, t, n);
    float[] v = t.values().get();
    if (order != null) {
      float[] r = new float[n];
      for (int i = 0; i < n; i++) {
        r[i] = v[order[i]];
      }
      v = r;
    }
    return Nd4j.create(v, new long[] {1, n}, 'c');
  }

  private void set(LayerModel target, String key, INDArray value) {
    Layer layer = graph.getLayer(target.name());
    INDArray param = layer.getParam(key);
    if (param == null || param.length() != value.length()) {
      throw new IllegalStateException("DL4J layer " + target.name() + " has no parameter " + key + " of "
          + value.length() + " values (it has " + layer.paramTable().keySet() + ")");
    }
    param.assign(Arrays.equals(param.shape(), value.shape()) ? value : value.reshape('c', param.shape()));
  }

  private void expectCount(KerasLayer k, List<Tensor> vars, int count) {
    if (vars.size() != count) {
      throw new KerasImportException(weights.source() + ": " + k.describe() + " has " + vars.size() + " weight variables "
          + vars + "; the spec's layer needs " + count + "; is it the weights file of another model?");
    }
  }

  private static void expectShape(KerasLayer k, Tensor t, int... shape) {
    if (!Arrays.equals(t.shape(), shape)) {
      throw k.error("its " + t.name() + " is " + Tensor.dims(t.shape()) + " in the weights file, but the model "
          + "needs " + Tensor.dims(shape) + "; is the weights file of another model?");
    }
  }

  private static long[] toLong(int[] shape) {
    return Arrays.stream(shape).asLongStream().toArray();
  }

  private static String summary(Set<String> names) {
    List<String> list = new ArrayList<>(new TreeSet<>(names));
    return list.isEmpty() ? "no layer at all" : list.size() <= 8 ? String.join(", ", list)
        : String.join(", ", list.subList(0, 8)) + " and " + (list.size() - 8) + " more";
  }
}
