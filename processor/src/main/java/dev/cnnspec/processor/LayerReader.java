package dev.cnnspec.processor;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Size2D;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;

/**
 * Turns one layer annotation into the {@link Op} the language's layer of the same name would
 * make, with the language's defaults and validity rules, so that both front ends produce equal
 * graphs. The op's {@link Op#ranks()} then say which tensor rank the layer reads and produces,
 * which is what lets the interface reader reject a dense layer declared on a {@code Spatial}
 * parameter.
 */
final class LayerReader {
  /** Simple names of the annotations that declare a layer (in {@code dev.cnnspec.annotations}). */
  static final Set<String> LAYERS = Set.of("Conv", "DepthwiseConv", "SeparableConv", "ConvTranspose", "Upsample",
      "MaxPool", "AvgPool",
      "GlobalAvgPool", "GlobalMaxPool", "ZeroPad", "Dense", "Dropout", "BatchNorm", "Flatten", "Activate", "PRelu",
      "Mfm", "Add", "Multiply", "Concat", "ChannelShuffle", "ChannelSplit");

  private final Elements elements;
  private final Reporter reporter;

  LayerReader(Elements elements, Reporter reporter) {
    this.elements = elements;
    this.reporter = reporter;
  }

  /** Empty when a value is missing or invalid (reported here, or by javac if it could not resolve it). */
  Optional<Op> read(String layer, Element method, AnnotationMirror mirror) {
    AnnotationValues v = new AnnotationValues(method, mirror, elements, reporter);
    Op op = switch (layer) {
      case "Conv" -> conv(v);
      case "DepthwiseConv" -> new Op.DepthwiseConv2D(v.positiveInt("multiplier").orElse(1),
          size(v, "kernel").orElse(Size2D.square(1)), size(v, "stride").orElse(Size2D.square(1)),
          v.enumValue("padding", Padding.class).orElse(Padding.VALID), pad(v),
          v.enumValue("activation", Activation.class).orElse(Activation.IDENTITY),
          v.number("alpha").orElse(Activation.DEFAULT_LEAKY_ALPHA), v.bool("bias").orElse(true));
      case "SeparableConv" -> new Op.SeparableConv2D(v.positiveInt("filters").orElse(1),
          size(v, "kernel").orElse(Size2D.square(1)), size(v, "stride").orElse(Size2D.square(1)),
          v.enumValue("padding", Padding.class).orElse(Padding.VALID), pad(v),
          size(v, "dilation").orElse(Size2D.square(1)), v.positiveInt("multiplier").orElse(1),
          v.enumValue("activation", Activation.class).orElse(Activation.IDENTITY),
          v.number("alpha").orElse(Activation.DEFAULT_LEAKY_ALPHA), v.bool("bias").orElse(true));
      case "PRelu" -> new Op.PRelu();
      case "MaxPool" -> pool(v, PoolType.MAX);
      case "AvgPool" -> pool(v, PoolType.AVG);
      case "GlobalAvgPool" -> new Op.GlobalPool(PoolType.AVG, v.bool("keep").orElse(false));
      case "GlobalMaxPool" -> new Op.GlobalPool(PoolType.MAX, v.bool("keep").orElse(false));
      case "Upsample" -> new Op.Upsample2D(size(v, "value").orElse(Size2D.square(2)));
      case "ConvTranspose" -> new Op.ConvTranspose2D(v.positiveInt("filters").orElse(1),
          size(v, "kernel").orElse(Size2D.square(1)), size(v, "stride").orElse(Size2D.square(1)),
          v.enumValue("padding", Padding.class).orElse(Padding.VALID), pad(v),
          v.enumValue("activation", Activation.class).orElse(Activation.IDENTITY),
          v.number("alpha").orElse(Activation.DEFAULT_LEAKY_ALPHA), v.bool("bias").orElse(true));
      case "ZeroPad" -> zeroPad(v);
      case "Dense" -> new Op.Dense(v.positiveInt("units").orElse(1),
          v.enumValue("activation", Activation.class).orElse(Activation.IDENTITY),
          v.number("alpha").orElse(Activation.DEFAULT_LEAKY_ALPHA), v.bool("bias").orElse(true));
      case "Dropout" -> dropout(v);
      case "BatchNorm" -> batchNorm(v);
      case "Flatten" -> new Op.Flatten();
      case "Activate" -> new Op.ActivationOp(v.enumValue("value", Activation.class).orElse(Activation.IDENTITY),
          v.number("alpha").orElse(Activation.DEFAULT_LEAKY_ALPHA));
      case "Mfm" -> new Op.Mfm();
      case "ChannelShuffle" -> new Op.ChannelShuffle(v.positiveInt("value").orElse(1));
      case "ChannelSplit" -> channelSplit(v);
      case "Add" -> new Op.Add();
      case "Multiply" -> new Op.Multiply();
      case "Concat" -> new Op.Concat();
      default -> throw new IllegalArgumentException("not a layer annotation: " + layer);
    };
    return v.valid() ? Optional.of(op) : Optional.empty();
  }

  private static Op conv(AnnotationValues v) {
    return new Op.Conv2D(v.positiveInt("filters").orElse(1), size(v, "kernel").orElse(Size2D.square(1)),
        size(v, "stride").orElse(Size2D.square(1)), v.enumValue("padding", Padding.class).orElse(Padding.VALID),
        pad(v), size(v, "dilation").orElse(Size2D.square(1)),
        v.enumValue("activation", Activation.class).orElse(Activation.IDENTITY),
        v.number("alpha").orElse(Activation.DEFAULT_LEAKY_ALPHA), v.bool("bias").orElse(true),
        v.positiveInt("groups").orElse(1));
  }

  private static Op channelSplit(AnnotationValues v) {
    int parts = v.positiveInt("parts").orElse(1);
    int index = v.nonNegativeInt("index").orElse(0);
    if (index >= parts) {
      v.invalid("index", "the part index must be from 0 to " + (parts - 1) + ", not " + index,
          "parts are numbered from 0: @ChannelSplit(parts = 2, index = 1) is the second half");
    }
    return new Op.ChannelSplit(parts, index);
  }

  private static Op pool(AnnotationValues v, PoolType type) {
    Size2D window = size(v, "value").orElse(Size2D.square(2));
    Optional<List<Integer>> stride = v.ints("stride", 1, List.of(0, 1, 2), "one or two values");
    Size2D s = stride.filter(l -> !l.isEmpty()).map(LayerReader::toSize).orElse(window);
    boolean countPad = type == PoolType.AVG && v.bool("countPad").orElse(false);
    return new Op.Pool2D(type, window, s, v.enumValue("padding", Padding.class).orElse(Padding.VALID), pad(v),
        countPad, v.bool("ceil").orElse(false));
  }

  private static Size2D pad(AnnotationValues v) {
    return v.ints("pad", 0, List.of(1, 2), "one value or {height, width}").map(LayerReader::toSize)
        .orElse(Size2D.square(0));
  }

  private static Op zeroPad(AnnotationValues v) {
    List<Integer> p = v.ints("value", 0, List.of(1, 2, 4), "1, 2 or 4 values").orElse(List.of(0));
    return switch (p.size()) {
      case 1 -> new Op.ZeroPad(p.get(0), p.get(0), p.get(0), p.get(0));
      case 2 -> new Op.ZeroPad(p.get(0), p.get(0), p.get(1), p.get(1));
      default -> new Op.ZeroPad(p.get(0), p.get(1), p.get(2), p.get(3));
    };
  }

  private static Op dropout(AnnotationValues v) {
    double rate = v.number("value").orElse(0.0);
    if (rate < 0 || rate >= 1) {
      v.invalid("value", "the drop rate must be in [0, 1), not " + rate,
          "it is the fraction of activations dropped, as in Keras: @Dropout(0.5)");
    }
    return new Op.Dropout(rate);
  }

  private static Op batchNorm(AnnotationValues v) {
    double momentum = v.number("momentum").orElse(0.9);
    double epsilon = v.number("epsilon").orElse(1e-5);
    if (momentum < 0 || momentum >= 1) {
      v.invalid("momentum", "momentum must be in [0, 1), not " + momentum, "the usual value is 0.9 or 0.99");
    }
    if (epsilon <= 0) {
      v.invalid("epsilon", "epsilon must be positive, not " + epsilon, "the usual value is 1e-5");
    }
    return new Op.BatchNorm(momentum, epsilon);
  }

  private static Optional<Size2D> size(AnnotationValues v, String name) {
    return v.ints(name, 1, List.of(1, 2), "one value or {height, width}").map(LayerReader::toSize);
  }

  private static Size2D toSize(List<Integer> l) {
    return l.size() == 1 ? Size2D.square(l.get(0)) : new Size2D(l.get(0), l.get(1));
  }
}
