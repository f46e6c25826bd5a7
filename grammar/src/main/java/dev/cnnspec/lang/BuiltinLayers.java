package dev.cnnspec.lang;

import static dev.cnnspec.lang.Signature.Parameter.optional;
import static dev.cnnspec.lang.Signature.Parameter.required;
import static dev.cnnspec.lang.Signature.Parameter.withDefault;

import dev.cnnspec.lang.Signature.Parameter;
import dev.cnnspec.lang.Value.BoolV;
import dev.cnnspec.lang.Value.FloatV;
import dev.cnnspec.lang.Value.IntV;
import dev.cnnspec.lang.Value.Sym;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.PoolType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The built-in layers of design.md's table: their signatures (positional order, Keras defaults)
 * and how checked arguments become an {@link Op}. Range checks live in {@link LayerArguments}.
 */
final class BuiltinLayers {

  record Builtin(Signature signature, Function<LayerArguments, Op> factory) {
    String name() {
      return signature.name();
    }

    boolean isMerge() {
      return name().equals("add") || name().equals("concat") || name().equals("multiply");
    }
  }

  private static final Value ONE = new IntV(1);
  private static final Value ALPHA = new FloatV(Activation.DEFAULT_LEAKY_ALPHA);
  private static final Map<String, Builtin> BUILTINS = new LinkedHashMap<>();

  static {
    define("conv", a -> new Op.Conv2D(a.positive("filters"), a.size("kernel"), a.size("stride"),
        a.padding("padding"), a.pad("padding"), a.size("dilation"), a.activation("activation"), a.real("alpha"),
        a.bool("bias"), a.positive("groups")),
        required("filters", ValueType.INT), required("kernel", ValueType.SIZE),
        withDefault("stride", ValueType.SIZE, ONE), withDefault("padding", ValueType.WINDOW_PADDING, sym("valid")),
        withDefault("activation", ValueType.ACTIVATION, sym("identity")),
        withDefault("bias", ValueType.BOOL, new BoolV(true)), withDefault("dilation", ValueType.SIZE, ONE),
        withDefault("alpha", ValueType.FLOAT, ALPHA), withDefault("groups", ValueType.INT, ONE));
    define("depthwise_conv", a -> new Op.DepthwiseConv2D(a.positive("multiplier"), a.size("kernel"), a.size("stride"),
        a.padding("padding"), a.pad("padding"), a.activation("activation"), a.real("alpha"), a.bool("bias")),
        required("kernel", ValueType.SIZE), withDefault("multiplier", ValueType.INT, ONE),
        withDefault("stride", ValueType.SIZE, ONE), withDefault("padding", ValueType.WINDOW_PADDING, sym("valid")),
        withDefault("activation", ValueType.ACTIVATION, sym("identity")),
        withDefault("bias", ValueType.BOOL, new BoolV(true)), withDefault("alpha", ValueType.FLOAT, ALPHA));
    define("separable_conv", a -> new Op.SeparableConv2D(a.positive("filters"), a.size("kernel"), a.size("stride"),
        a.padding("padding"), a.pad("padding"), a.size("dilation"), a.positive("multiplier"),
        a.activation("activation"), a.real("alpha"), a.bool("bias")),
        required("filters", ValueType.INT), required("kernel", ValueType.SIZE),
        withDefault("stride", ValueType.SIZE, ONE), withDefault("padding", ValueType.WINDOW_PADDING, sym("valid")),
        withDefault("activation", ValueType.ACTIVATION, sym("identity")),
        withDefault("bias", ValueType.BOOL, new BoolV(true)), withDefault("dilation", ValueType.SIZE, ONE),
        withDefault("multiplier", ValueType.INT, ONE), withDefault("alpha", ValueType.FLOAT, ALPHA));
    define("conv_transpose", a -> new Op.ConvTranspose2D(a.positive("filters"), a.size("kernel"), a.size("stride"),
        a.padding("padding"), a.pad("padding"), a.activation("activation"), a.real("alpha"), a.bool("bias")),
        required("filters", ValueType.INT), required("kernel", ValueType.SIZE),
        withDefault("stride", ValueType.SIZE, ONE), withDefault("padding", ValueType.WINDOW_PADDING, sym("valid")),
        withDefault("activation", ValueType.ACTIVATION, sym("identity")),
        withDefault("bias", ValueType.BOOL, new BoolV(true)), withDefault("alpha", ValueType.FLOAT, ALPHA));
    define("upsample", a -> new Op.Upsample2D(a.size("size")), withDefault("size", ValueType.SIZE, new IntV(2)));
    for (PoolType type : PoolType.values()) {
      String name = type == PoolType.MAX ? "maxpool" : "avgpool";
      List<Parameter> pool = new ArrayList<>(List.of(withDefault("pool", ValueType.SIZE, new IntV(2)),
          optional("stride", ValueType.SIZE), withDefault("padding", ValueType.WINDOW_PADDING, sym("valid")),
          withDefault("ceil", ValueType.BOOL, new BoolV(false))));
      if (type == PoolType.AVG) {
        pool.add(withDefault("count_pad", ValueType.BOOL, new BoolV(false)));
      }
      define(name, a -> new Op.Pool2D(type, a.size("pool"), a.has("stride") ? a.size("stride") : a.size("pool"),
              a.padding("padding"), a.pad("padding"), type == PoolType.AVG && a.bool("count_pad"),
              a.bool("ceil")),
          pool.toArray(Parameter[]::new));
      define("global" + name, a -> new Op.GlobalPool(type, a.bool("keep")),
          withDefault("keep", ValueType.BOOL, new BoolV(false)));
    }
    define("zeropad", LayerArguments::zeroPad, required("padding", ValueType.PADS));
    define("dense", a -> new Op.Dense(a.positive("units"), a.activation("activation"), a.real("alpha"), a.bool("bias")),
        required("units", ValueType.INT), withDefault("activation", ValueType.ACTIVATION, sym("identity")),
        withDefault("bias", ValueType.BOOL, new BoolV(true)), withDefault("alpha", ValueType.FLOAT, ALPHA));
    define("dropout", a -> new Op.Dropout(a.rate("rate")), required("rate", ValueType.FLOAT));
    Function<LayerArguments, Op> batchNorm = a -> new Op.BatchNorm(a.momentum("momentum"), a.positiveReal("epsilon"));
    Parameter momentum = withDefault("momentum", ValueType.FLOAT, new FloatV(0.9));
    Parameter epsilon = withDefault("epsilon", ValueType.FLOAT, new FloatV(1e-5));
    define("batchnorm", batchNorm, momentum, epsilon);
    define("bn", batchNorm, momentum, epsilon);
    define("flatten", a -> new Op.Flatten());
    define("activation", a -> new Op.ActivationOp(a.activation("fn"), a.real("alpha")),
        required("fn", ValueType.ACTIVATION), withDefault("alpha", ValueType.FLOAT, ALPHA));
    for (Activation activation : Activation.values()) {
      if (activation == Activation.MFM) {
        define("mfm", a -> new Op.Mfm());
      } else if (activation == Activation.LEAKY_RELU) {
        define("leaky_relu", a -> new Op.ActivationOp(Activation.LEAKY_RELU, a.real("alpha")),
            withDefault("alpha", ValueType.FLOAT, ALPHA));
      } else {
        define(activation.specName(), a -> new Op.ActivationOp(activation, Activation.DEFAULT_LEAKY_ALPHA));
      }
    }
    Activation.ALIASES.forEach((alias, activation) ->
        define(alias, a -> new Op.ActivationOp(activation, Activation.DEFAULT_LEAKY_ALPHA)));
    define("prelu", a -> new Op.PRelu());
    define("channel_shuffle", a -> new Op.ChannelShuffle(a.positive("groups")), required("groups", ValueType.INT));
    define("channel_split", a -> new Op.ChannelSplit(a.positive("parts"), a.integer("index")),
        required("parts", ValueType.INT), required("index", ValueType.INT));
    define("add", a -> new Op.Add(), required("tensors", ValueType.TENSORS));
    define("concat", a -> new Op.Concat(), required("tensors", ValueType.TENSORS));
    define("multiply", a -> new Op.Multiply(), required("tensors", ValueType.TENSORS));
  }

  private BuiltinLayers() {}

  private static void define(String name, Function<LayerArguments, Op> factory, Parameter... parameters) {
    BUILTINS.put(name, new Builtin(new Signature(name, List.of(parameters)), factory));
  }

  private static Value sym(String name) {
    return new Sym(name, dev.cnnspec.diag.Location.UNKNOWN);
  }

  static Optional<Builtin> find(String name) {
    return Optional.ofNullable(BUILTINS.get(name));
  }

  static java.util.Set<String> names() {
    return BUILTINS.keySet();
  }

  /** The graph kind a layer counts under for naming ({@code conv_1}); bn counts as batchnorm. */
  static String kindOf(Op op) {
    if (op instanceof Op.ActivationOp a && a.activation() == Activation.MFM) {
      return "mfm";
    }
    return op.kind();
  }

  static Padding padding(String name) {
    return Padding.fromSpecName(name).orElseThrow();
  }
}
