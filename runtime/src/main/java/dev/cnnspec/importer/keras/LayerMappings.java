package dev.cnnspec.importer.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The translation table: one entry per Keras layer class, each a function from the layer's config
 * to the spec element a person would write, with the Keras defaults that differ from the language's
 * written out (batch norm's momentum and epsilon always; a leaky ReLU's slope). A new op of the
 * language is one more entry here (and, if it has weights, one more {@link SpecLayer.Weights}).
 * Keras classes the language cannot express yet are listed with the reason, so the error says why.
 */
final class LayerMappings {

  @FunctionalInterface
  interface LayerMapping {
    SpecLayer map(KerasLayer layer);
  }

  private static final Map<String, LayerMapping> MAPPINGS = Map.ofEntries(
      Map.entry(KerasConfig.INPUT_LAYER, LayerMappings::input),
      Map.entry("Conv2D", LayerMappings::conv),
      Map.entry("DepthwiseConv2D", LayerMappings::depthwiseConv),
      Map.entry("SeparableConv2D", LayerMappings::separableConv),
      Map.entry("Conv2DTranspose", LayerMappings::convTranspose),
      Map.entry("UpSampling2D", LayerMappings::upsample),
      Map.entry("PReLU", LayerMappings::prelu),
      Map.entry("Dense", LayerMappings::dense),
      Map.entry("MaxPooling2D", l -> pool(l, "maxpool")),
      Map.entry("AveragePooling2D", l -> pool(l, "avgpool")),
      Map.entry("GlobalAveragePooling2D", l -> globalPool(l, "globalavgpool")),
      Map.entry("GlobalMaxPooling2D", l -> globalPool(l, "globalmaxpool")),
      Map.entry("BatchNormalization", LayerMappings::batchNorm),
      Map.entry("Dropout", l -> SpecLayer.layer("dropout(" + number(l.config().path("rate").asDouble()) + ")")),
      Map.entry("Flatten", LayerMappings::flatten),
      Map.entry("Activation", LayerMappings::activationLayer),
      Map.entry("ReLU", LayerMappings::relu),
      Map.entry("LeakyReLU", LayerMappings::leakyRelu),
      Map.entry("Softmax", l -> SpecLayer.layer("softmax")),
      Map.entry("ZeroPadding2D", LayerMappings::zeroPad),
      Map.entry("Add", l -> new SpecLayer(SpecLayer.Kind.MERGE, "add", SpecLayer.Weights.NONE)),
      Map.entry("Multiply", l -> new SpecLayer(SpecLayer.Kind.MERGE, "multiply", SpecLayer.Weights.NONE)),
      Map.entry("Concatenate", LayerMappings::concat));

  /** Keras layers the language has no op for (yet), with what to do instead. */
  private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
      Map.entry("Subtract", "the language has no subtract; only add and concat merge tensors"),
      Map.entry("Average", "the language has no average merge; only add and concat"),
      Map.entry("Maximum", "the language has no maximum merge; only add and concat"),
      Map.entry("Lambda", "a Lambda layer is Python code; rewrite it as built-in layers, or map a known custom "
          + "layer with --map"),
      Map.entry("Functional", "a model nested in a model; build the outer model from the inner one's layers"),
      Map.entry("Sequential", "a model nested in a model; build the outer model from the inner one's layers"),
      Map.entry("Reshape", "the language reshapes only with flatten"),
      Map.entry("Rescaling", "preprocessing belongs to the data pipeline, not the spec (cnn train normalises pixels)"));

  private LayerMappings() {}

  /**
   * @param custom {@code --map CLASS=ELEMENT}: a custom (or any) layer class → spec element text
   */
  static SpecLayer map(KerasLayer layer, Map<String, String> custom) {
    String mapped = custom.getOrDefault(layer.className(), custom.get(layer.simpleClassName()));
    if (mapped == null && layer.registeredName() != null) {
      mapped = custom.get(layer.registeredName());
    }
    if (mapped != null) {
      return SpecLayer.layer(mapped);
    }
    LayerMapping mapping = MAPPINGS.get(layer.className());
    if (mapping != null) {
      return mapping.map(layer);
    }
    String reason = UNSUPPORTED.get(layer.simpleClassName());
    if (reason != null) {
      throw layer.error("not supported: " + reason);
    }
    throw layer.error("not a layer cnn-spec knows; if it computes what a spec layer does, map it: --map "
        + layer.simpleClassName() + "=LAYER (e.g. --map Maxout=mfm for max-feature-map); the Keras layers "
        + "imported as they are: " + String.join(", ", new TreeMap<>(MAPPINGS).keySet()));
  }

  private static SpecLayer input(KerasLayer l) {
    JsonNode shape = l.config().has("batch_shape") ? l.config().path("batch_shape") : l.config().path("batch_input_shape");
    if (!shape.isArray() || (shape.size() != 4 && shape.size() != 2)) {
      throw l.error("input shape " + shape + " is neither (batch, height, width, channels) nor (batch, units)");
    }
    StringJoiner dims = new StringJoiner(", ", "[", "]");
    for (int i = 1; i < shape.size(); i++) {
      if (!shape.get(i).canConvertToInt() || shape.get(i).asInt() <= 0) {
        throw l.error("input dimension " + i + " is " + shape.get(i) + "; a spec input has a fixed size: save the "
            + "model with keras.Input(shape=(height, width, channels))");
      }
      dims.add(Integer.toString(shape.get(i).asInt()));
    }
    return new SpecLayer(SpecLayer.Kind.INPUT, dims.toString(), SpecLayer.Weights.NONE);
  }

  private static SpecLayer conv(KerasLayer l) {
    JsonNode c = l.config();
    channelsLast(l);
    if (c.path("groups").asInt(1) != 1) {
      throw l.error("groups: " + c.path("groups").asInt() + " (a grouped convolution) is not in the language yet");
    }
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(c.path("filters").asInt()));
    args.add(size(l, c.path("kernel_size")));
    String stride = size(l, c.path("strides"));
    if (!stride.equals("1")) {
      args.add("stride: " + stride);
    }
    padding(l, args);
    String dilation = c.has("dilation_rate") ? size(l, c.path("dilation_rate")) : "1";
    if (!dilation.equals("1")) {
      args.add("dilation: " + dilation);
    }
    activationArgs(l, c.path("activation"), args);
    if (!c.path("use_bias").asBoolean(true)) {
      args.add("bias: false");
    }
    return SpecLayer.weighted("conv(" + String.join(", ", args) + ")", SpecLayer.Weights.CONV);
  }

  private static SpecLayer depthwiseConv(KerasLayer l) {
    JsonNode c = l.config();
    channelsLast(l);
    noDilation(l, "DL4J 1.0.0-M2.1's depthwise convolution fails with one");
    List<String> args = new ArrayList<>();
    args.add(size(l, c.path("kernel_size")));
    int multiplier = c.path("depth_multiplier").asInt(1);
    if (multiplier != 1) {
      args.add("multiplier: " + multiplier);
    }
    windowArgs(l, args);
    return SpecLayer.weighted("depthwise_conv(" + String.join(", ", args) + ")", SpecLayer.Weights.DEPTHWISE);
  }

  private static SpecLayer separableConv(KerasLayer l) {
    JsonNode c = l.config();
    channelsLast(l);
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(c.path("filters").asInt()));
    args.add(size(l, c.path("kernel_size")));
    String dilation = c.has("dilation_rate") ? size(l, c.path("dilation_rate")) : "1";
    if (!dilation.equals("1")) {
      args.add("dilation: " + dilation);
    }
    int multiplier = c.path("depth_multiplier").asInt(1);
    if (multiplier != 1) {
      args.add("multiplier: " + multiplier);
    }
    windowArgs(l, args);
    return SpecLayer.weighted("separable_conv(" + String.join(", ", args) + ")", SpecLayer.Weights.SEPARABLE);
  }

  private static SpecLayer convTranspose(KerasLayer l) {
    JsonNode c = l.config();
    channelsLast(l);
    noDilation(l, "the language's conv_transpose has none");
    if (!c.path("output_padding").isNull() && !c.path("output_padding").isMissingNode()) {
      throw l.error("output_padding " + c.path("output_padding") + " is not in the language; conv_transpose's "
          + "output is (n − 1)·stride + kernel (valid) or n·stride (same)");
    }
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(c.path("filters").asInt()));
    args.add(size(l, c.path("kernel_size")));
    windowArgs(l, args);
    return SpecLayer.weighted("conv_transpose(" + String.join(", ", args) + ")", SpecLayer.Weights.TRANSPOSED);
  }

  private static SpecLayer upsample(KerasLayer l) {
    channelsLast(l);
    String interpolation = l.config().path("interpolation").asText("nearest");
    if (!interpolation.equals("nearest")) {
      throw l.error("interpolation " + interpolation + " is not in the language; upsample repeats pixels (nearest)");
    }
    String size = size(l, l.config().path("size"));
    return SpecLayer.layer(size.equals("2") ? "upsample" : "upsample(" + size + ")");
  }

  private static SpecLayer prelu(KerasLayer l) {
    JsonNode axes = l.config().path("shared_axes");
    if (!axes.isNull() && !axes.isMissingNode()) {
      throw l.error("shared_axes " + axes + " shares slopes; the language's prelu has one per element (Keras's "
          + "default, shared_axes None)");
    }
    return SpecLayer.weighted("prelu", SpecLayer.Weights.PRELU);
  }

  /** Stride, padding, activation and bias, as every convolution writes them after its sizes. */
  private static void windowArgs(KerasLayer l, List<String> args) {
    JsonNode c = l.config();
    String stride = size(l, c.path("strides"));
    if (!stride.equals("1")) {
      args.add("stride: " + stride);
    }
    padding(l, args);
    activationArgs(l, c.path("activation"), args);
    if (!c.path("use_bias").asBoolean(true)) {
      args.add("bias: false");
    }
  }

  private static void noDilation(KerasLayer l, String why) {
    JsonNode d = l.config().path("dilation_rate");
    if (!d.isMissingNode() && !size(l, d).equals("1")) {
      throw l.error("dilation_rate " + d + " is not supported here: " + why);
    }
  }

  private static SpecLayer dense(KerasLayer l) {
    JsonNode c = l.config();
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(c.path("units").asInt()));
    activationArgs(l, c.path("activation"), args);
    if (!c.path("use_bias").asBoolean(true)) {
      args.add("bias: false");
    }
    return SpecLayer.weighted("dense(" + String.join(", ", args) + ")", SpecLayer.Weights.DENSE);
  }

  private static SpecLayer pool(KerasLayer l, String op) {
    JsonNode c = l.config();
    channelsLast(l);
    List<String> args = new ArrayList<>();
    String pool = size(l, c.path("pool_size"));
    args.add(pool);
    JsonNode strides = c.path("strides");
    if (!strides.isNull() && !strides.isMissingNode() && !size(l, strides).equals(pool)) {
      args.add("stride: " + size(l, strides));
    }
    padding(l, args);
    return SpecLayer.layer(op + "(" + String.join(", ", args) + ")");
  }

  private static SpecLayer globalPool(KerasLayer l, String op) {
    channelsLast(l);
    // keepdims=True (a 1×1×C tensor, as a squeeze-and-excitation gate reads it) is the language's keep: true
    return SpecLayer.layer(l.config().path("keepdims").asBoolean(false) ? op + "(keep: true)" : op);
  }

  private static SpecLayer batchNorm(KerasLayer l) {
    JsonNode c = l.config();
    JsonNode axis = c.path("axis");
    int a = axis.isArray() && axis.size() == 1 ? axis.get(0).asInt() : axis.asInt(-1);
    if (axis.isArray() && axis.size() != 1 || (a != -1 && a != 3)) {
      throw l.error("normalises over axis " + axis + "; the language normalises the last axis (-1: channels, or units)");
    }
    if (!c.path("center").asBoolean(true) || !c.path("scale").asBoolean(true)) {
      throw l.error("center: false or scale: false drops beta or gamma; the language's batchnorm has both");
    }
    // Always written: Keras's defaults (0.99, 0.001) are not the language's (0.9, 1e-5).
    return SpecLayer.weighted("batchnorm(momentum: " + number(c.path("momentum").asDouble(0.99)) + ", epsilon: "
        + number(c.path("epsilon").asDouble(1e-3)) + ")", SpecLayer.Weights.BATCHNORM);
  }

  private static SpecLayer flatten(KerasLayer l) {
    String format = l.config().path("data_format").asText("channels_last");
    if (format.equals("channels_first")) {
      throw l.error("data_format channels_first; the importer reads channels-last models");
    }
    return SpecLayer.layer("flatten");
  }

  private static SpecLayer activationLayer(KerasLayer l) {
    List<String> args = new ArrayList<>();
    activationArgs(l, l.config().path("activation"), args);
    if (args.isEmpty()) {
      return SpecLayer.layer("identity");
    }
    String fn = args.get(0).substring("activation: ".length());
    return SpecLayer.layer(args.size() == 1 ? fn : fn + "(" + args.get(1) + ")");
  }

  private static SpecLayer relu(KerasLayer l) {
    JsonNode c = l.config();
    if (c.path("threshold").asDouble(0) != 0) {
      throw l.error("threshold " + c.path("threshold") + " is not in the language; only ReLU at 0");
    }
    double slope = c.path("negative_slope").asDouble(0);
    JsonNode max = c.path("max_value");
    if (!max.isNull() && !max.isMissingNode()) {
      if (max.asDouble() != 6 || slope != 0) {
        throw l.error("max_value " + max + (slope != 0 ? " with negative_slope " + slope : "") + " is not in the "
            + "language; the one clipped ReLU it has is relu6 (max_value 6, no slope)");
      }
      return SpecLayer.layer("relu6");
    }
    return SpecLayer.layer(slope == 0 ? "relu" : "leaky_relu(alpha: " + number(slope) + ")");
  }

  private static SpecLayer leakyRelu(KerasLayer l) {
    JsonNode c = l.config();
    // Keras 3 says negative_slope, Keras 2 alpha; both default to 0.3.
    double slope = c.has("negative_slope") ? c.path("negative_slope").asDouble() : c.path("alpha").asDouble(0.3);
    return SpecLayer.layer("leaky_relu(alpha: " + number(slope) + ")");
  }

  private static SpecLayer zeroPad(KerasLayer l) {
    channelsLast(l);
    JsonNode p = l.config().path("padding");
    int t;
    int b;
    int left;
    int r;
    if (p.canConvertToInt()) {
      t = b = left = r = p.asInt();
    } else if (p.isArray() && p.size() == 2 && p.get(0).isArray()) {
      t = p.get(0).get(0).asInt();
      b = p.get(0).get(1).asInt();
      left = p.get(1).get(0).asInt();
      r = p.get(1).get(1).asInt();
    } else if (p.isArray() && p.size() == 2) {
      t = b = p.get(0).asInt();
      left = r = p.get(1).asInt();
    } else {
      throw l.error("padding " + p + " is neither n, (v, h) nor ((top, bottom), (left, right))");
    }
    if (t == b && b == left && left == r) {
      return SpecLayer.layer("zeropad(" + t + ")");
    }
    if (t == b && left == r) {
      return SpecLayer.layer("zeropad([" + t + ", " + left + "])");
    }
    return SpecLayer.layer("zeropad([" + t + ", " + b + ", " + left + ", " + r + "])");
  }

  private static SpecLayer concat(KerasLayer l) {
    int axis = l.config().path("axis").asInt(-1);
    if (axis != -1 && axis != 3 && axis != 1) {
      throw l.error("concatenates on axis " + axis + "; the language concatenates channels (axis -1)");
    }
    return new SpecLayer(SpecLayer.Kind.MERGE, "concat", SpecLayer.Weights.NONE);
  }

  private static void padding(KerasLayer l, List<String> args) {
    String padding = l.config().path("padding").asText("valid");
    switch (padding) {
      case "valid" -> { }
      case "same" -> args.add("padding: same");
      default -> throw l.error("padding " + padding + " is not in the language (same or valid)");
    }
  }

  private static void channelsLast(KerasLayer l) {
    String format = l.config().path("data_format").asText("channels_last");
    if (!format.equals("channels_last") && !format.equals("null")) {
      throw l.error("data_format " + format + "; the importer reads channels-last models (Keras's default)");
    }
  }

  /**
   * Appends {@code activation: X} (and {@code alpha: …}) unless the activation is linear. Keras 3
   * writes a name, or for a function an object whose {@code config} is the name.
   */
  static void activationArgs(KerasLayer l, JsonNode activation, List<String> args) {
    String name = activation.isTextual() ? activation.asText()
        : activation.isObject() ? activation.path("config").asText(activation.path("class_name").asText("")) : "linear";
    switch (name) {
      case "linear", "" -> { }
      case "relu", "tanh", "sigmoid", "softmax", "relu6", "elu", "selu" -> args.add("activation: " + name);
      case "silu", "swish" -> args.add("activation: swish");
      // Keras 3's hard_sigmoid is relu6(x + 3) / 6 = x/6 + 1/2 clipped, the language's (Keras 2's was 0.2·x + 0.5)
      case "hard_sigmoid" -> args.add("activation: hard_sigmoid");
      case "hard_silu", "hard_swish" -> args.add("activation: hard_swish");
      // a string names keras.activations.gelu with its default, approximate=False: the exact x·Φ(x)
      case "gelu" -> args.add("activation: gelu");
      // keras.activations.leaky_relu's default slope is 0.2 (the LeakyReLU layer's is 0.3)
      case "leaky_relu" -> {
        args.add("activation: leaky_relu");
        args.add("alpha: 0.2");
      }
      default -> throw l.error("activation " + name + " is not in the language (relu, leaky_relu, tanh, sigmoid, "
          + "softmax, linear, relu6, silu/swish, hard_sigmoid, hard_silu/hard_swish, gelu, elu, selu)");
    }
  }

  /**
   * Keras 2's {@code hard_sigmoid} is 0.2·x + 0.5 clipped, Keras 3's (and the language's) x/6 + 1/2:
   * the same name, another function. A model saved by Keras 1 or 2 that uses it is refused rather than
   * imported with outputs that differ by up to 0.08.
   */
  static void refuseKeras2HardSigmoid(KerasConfig keras, String version, String source) {
    if (version == null || !(version.startsWith("1.") || version.startsWith("2."))) {
      return;
    }
    List<String> uses = new ArrayList<>();
    for (KerasLayer l : keras.layers()) {
      JsonNode a = l.config().path("activation");
      String name = a.isTextual() ? a.asText() : a.path("config").asText("");
      if (name.equals("hard_sigmoid")) {
        uses.add(l.name());
      }
    }
    if (!uses.isEmpty()) {
      throw new KerasImportException(source + " was saved by Keras " + version + ", whose hard_sigmoid is "
          + "0.2·x + 0.5 (clipped); the language's is Keras 3's x/6 + 1/2, so layer" + (uses.size() == 1 ? " " : "s ")
          + String.join(", ", uses) + " would compute something else; replace it, or save the model with Keras 3");
    }
  }

  /** {@code 5} for a square size, {@code [3, 5]} otherwise. */
  private static String size(KerasLayer l, JsonNode n) {
    if (n.canConvertToInt()) {
      return Integer.toString(n.asInt());
    }
    if (n.isArray() && n.size() == 2 && n.get(0).canConvertToInt() && n.get(1).canConvertToInt()) {
      int h = n.get(0).asInt();
      int w = n.get(1).asInt();
      return h == w ? Integer.toString(h) : "[" + h + ", " + w + "]";
    }
    throw l.error("size " + n + " is not a 2-D size");
  }

  /** A float as the language writes it: {@code 0.99}, {@code 0.00001001}, never an exponent with E. */
  static String number(double v) {
    String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    return s.contains(".") ? s : s + ".0";
  }
}
