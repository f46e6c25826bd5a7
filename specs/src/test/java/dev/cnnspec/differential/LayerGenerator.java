package dev.cnnspec.differential;

import dev.cnnspec.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Chain elements for a tensor of a known shape: every built-in layer, presets, blocks, groups and
 * the suffixes {@code * n}, {@code for}, {@code when}. Sizes are drawn near the edges on purpose
 * (kernel = input, 1×1 inputs, strides above the kernel, odd sizes, dilation), and an element the
 * generator believes invalid for the shape is redrawn a few times, so that most specs check —
 * unless the case is one of the few meant to be invalid.
 */
final class LayerGenerator {
  private static final int ATTEMPTS = 6;
  static final List<String> MODERN_ACTIVATIONS = List.of("relu6", "swish", "silu", "hard_sigmoid", "hard_swish",
      "gelu", "elu", "selu");

  private final Choices ch;
  private final Vocabulary vocabulary;
  private final Set<String> features;
  private final boolean invalidAllowed;

  LayerGenerator(Choices ch, Vocabulary vocabulary, Set<String> features, boolean invalidAllowed) {
    this.ch = ch;
    this.vocabulary = vocabulary;
    this.features = features;
    this.invalidAllowed = invalidAllowed;
  }

  /** A chain of {@code length} elements starting at {@code in}; its rule gives the end shape. */
  Step chain(Shape in, int length) {
    Step chain = null;
    Shape shape = in;
    for (int i = 0; i < length; i++) {
      Step next = element(shape, 0);
      chain = chain == null ? next : chain.then(next);
      shape = next.apply(shape);
      if (shape == null) {
        break;
      }
    }
    return chain;
  }

  /** One element that (the generator believes) applies to {@code in}. */
  Step element(Shape in, int depth) {
    if (in == null) {
      // a tensor of a case meant to be invalid, whose shape the generator cannot tell (a head's
      // hidden chain on it reached flat(null) and group(null) before)
      return Step.preserving("identity");
    }
    Step step = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      step = withSuffix(in, in instanceof Shape.Spatial s ? spatial(s, depth) : flat((Shape.Flat) in, depth));
      if (invalidAllowed || step.apply(in) != null) {
        return step;
      }
    }
    return invalidAllowed ? step : Step.preserving("identity");
  }

  private Step withSuffix(Shape in, Step step) {
    switch (ch.below(14)) {
      case 11:
        int times = ch.below(4);
        features.add("repeat");
        return step.repeated(times, vocabulary.intExpr(times));
      case 12:
      case 13:
        boolean holds = ch.maybe(60);
        features.add("when");
        return step.when(holds, vocabulary.condition(holds));
      default:
        return step;
    }
  }

  private Step spatial(Shape.Spatial s, int depth) {
    switch (ch.below(24)) {
      case 1: case 2: case 3:
        return conv(s);
      case 22:
        return groupedConv(s);
      case 23:
        return channels(s);
      case 16:
        return depthwise(s);
      case 17:
        return KnownIssues.avoids(Construct.SEPARABLE_CONV_FORWARD) ? depthwise(s) : separable(s);
      case 18:
        return transpose(s);
      case 19:
        return upsample();
      case 20:
        features.add("prelu");
        return Step.preserving("prelu");
      case 21:
        features.add("global pool keep");
        return new Step(ch.oneOf("globalavgpool", "globalmaxpool") + "(keep: true)",
            in -> in instanceof Shape.Spatial sp ? Shape.spatial(1, 1, sp.channels()) : null);
      case 4: case 5:
        return pool(s);
      case 6:
        features.add("batchnorm");
        return Step.preserving(ch.oneOf("batchnorm", "bn", "batchnorm(momentum: 0.99)", "batchnorm(0.8, 1e-3)"));
      case 7:
        return dropout();
      case 8:
        return zeroPad();
      case 9:
        features.add("mfm");
        return new Step("mfm", LayerGenerator::halve);
      case 10:
        return Presets.use(ch, vocabulary, features, s);
      case 11:
        return Blocks.use(ch, vocabulary, features, s);
      case 12:
        return depth < 2 ? group(s, depth) : activation(true);
      case 13:
        return loop(s);
      case 14:
        features.add("global pool");
        return new Step(ch.oneOf("globalavgpool", "globalmaxpool"),
            in -> in instanceof Shape.Spatial sp ? Shape.flat(sp.channels()) : null);
      case 15:
        features.add("flatten");
        return new Step("flatten", LayerGenerator::flatten);
      default:
        return activation(true);
    }
  }

  private Step flat(Shape.Flat f, int depth) {
    switch (ch.below(9)) {
      case 1: case 2: case 3:
        return dense(ch.oneOf(4, 1, 2, 3, 6, 10), ch.oneOf("", "relu", "tanh", "sigmoid", "leaky_relu", "softmax",
            "mfm", "identity"));
      case 4:
        return dropout();
      case 5:
        features.add("batchnorm");
        return Step.preserving(ch.oneOf("batchnorm", "bn(momentum: 0.5)"));
      case 6:
        features.add("mfm");
        return new Step("mfm", LayerGenerator::halve);
      case 7:
        if (ch.maybe(30)) {
          features.add("prelu");
          return Step.preserving("prelu");
        }
        features.add("flatten");
        return new Step("flatten", LayerGenerator::flatten);
      case 8:
        return depth < 2 ? group(f, depth) : activation(false);
      default:
        return activation(false);
    }
  }

  /** {@code dense(units, activation: a)}; {@code a} empty for the default (identity). */
  Step dense(int units, String activation) {
    features.add("dense");
    StringBuilder text = new StringBuilder("dense(").append(vocabulary.intExpr(units));
    if (!activation.isEmpty()) {
      text.append(", activation: ").append(vocabulary.activation(activation));
    }
    if (activation.equals("leaky_relu") && ch.maybe(50)) {
      text.append(", alpha: 0.2");
    }
    if (ch.maybe(15)) {
      text.append(", bias: false");
    }
    text.append(")");
    boolean mfm = activation.equals("mfm");
    return new Step(text.toString(), in -> in instanceof Shape.Flat
        ? (mfm ? halve(Shape.flat(units)) : Shape.flat(units)) : null);
  }

  private Step conv(Shape.Spatial s) {
    features.add("conv");
    int filters = ch.oneOf(Vocabulary.FILTERS, 1, 2, 3, 6, 8);
    int kh = ch.oneOf(1, 3, 2, 5, s.height());
    int kw = ch.maybe(25) ? ch.oneOf(1, 3, 2, s.width()) : kh;
    int stride = ch.oneOf(1, 1, 2, 3, 4);
    boolean same = ch.maybe(40);
    int dilation = ch.maybe(12) ? 2 : 1;
    if (same && KnownIssues.avoids(Construct.SAME_PADDING_STRIDE_ABOVE_WINDOW)) {
      stride = Math.min(stride, Math.min(span(kh, dilation), span(kw, dilation)));
    }
    int explicit = !same && ch.maybe(20) ? ch.oneOf(1, 2, kh / 2) : -1;
    String activation = layerActivation();
    StringBuilder text = new StringBuilder("conv(");
    String kernel = kh == kw ? vocabulary.intExpr(kh) : "[" + kh + ", " + kw + "]";
    if (ch.maybe(10)) {
      text.append("filters: ").append(vocabulary.intExpr(filters)).append(", kernel: ").append(kernel);
    } else {
      text.append(vocabulary.intExpr(filters)).append(", ").append(kernel);
    }
    if (stride != 1 || ch.maybe(5)) {
      text.append(", stride: ").append(vocabulary.intExpr(stride));
    }
    if (explicit >= 0) {
      features.add("padding explicit");
      text.append(", padding: ").append(ch.maybe(50) ? "" + explicit : "[" + explicit + ", " + explicit + "]");
    } else if (same || ch.maybe(5)) {
      text.append(", padding: ").append(same ? "same" : "valid");
    }
    if (dilation != 1) {
      text.append(", dilation: ").append(dilation);
    }
    if (!activation.isEmpty()) {
      text.append(", activation: ").append(vocabulary.activation(activation));
    }
    if (ch.maybe(10)) {
      text.append(", bias: false");
    }
    text.append(")");
    features.add(same ? "padding same" : "padding valid");
    int st = stride;
    boolean mfm = activation.equals("mfm");
    Object[] pad = {"", explicit >= 0 ? 2 : same ? 1 : 0, explicit, explicit};
    return new Step(text.toString(), in -> {
      Shape out = padded(in, kh, kw, st, dilation, pad, filters);
      return mfm ? halve(out) : out;
    });
  }

  private Step pool(Shape.Spatial s) {
    String type = ch.oneOf("maxpool", "avgpool");
    features.add(type);
    // A 1×1 pool after zeropad(1) is the fused-pad case too (seed 2: zeropad([0, 1, 1, 0]) -> maxpool(1, 3)).
    int pool = ch.oneOf(2, KnownIssues.avoids(Construct.PAD_FUSED_INTO_POOL_ONNX) ? 2 : 1, 3, s.height());
    int stride = ch.maybe(30) ? ch.oneOf(1, 2, 3) : pool;
    boolean same = ch.maybe(30);
    if (same && KnownIssues.avoids(Construct.SAME_PADDING_STRIDE_ABOVE_WINDOW)) {
      stride = Math.min(stride, pool);
    }
    int explicit = !same && pool > 1 && ch.maybe(20) ? ch.oneOf(1, pool / 2) : -1;
    boolean countPad = type.equals("avgpool") && ch.maybe(explicit > 0 || same ? 50 : 10);
    // Ceil mode where floor would drop a last, partial window (DL4J computes some; others are E0409).
    boolean ceil = !same && ch.maybe(15);
    String text;
    if (explicit >= 0 || countPad || ceil) {
      features.add(explicit >= 0 ? "padding explicit" : "padding " + (same ? "same" : "valid"));
      if (countPad) {
        features.add("count_pad");
      }
      if (ceil) {
        features.add("ceil");
      }
      text = type + "(" + pool + ", stride: " + stride
          + (explicit >= 0 ? ", padding: " + explicit : same ? ", padding: same" : "")
          + (countPad ? ", count_pad: true" : "") + (ceil ? ", ceil: true" : "") + ")";
    } else if (pool == 2 && stride == 2 && !same && ch.maybe(50)) {
      text = type;
    } else if (stride == pool && !same) {
      text = type + "(" + vocabulary.intExpr(pool) + ")";
    } else if (ch.maybe(50)) {
      text = type + "(" + pool + ", " + stride + ", " + (same ? "same" : "valid") + ")";
    } else {
      text = type + "(" + pool + ", stride: " + stride + (same ? ", padding: same" : "") + ")";
    }
    int st = stride;
    int p = Math.max(explicit, 0);
    if (ceil) {
      return new Step(text, in -> in instanceof Shape.Spatial sp
          && ceilSize(sp.height(), pool, st, p) > 0 && ceilSize(sp.width(), pool, st, p) > 0
          ? Shape.spatial(ceilSize(sp.height(), pool, st, p), ceilSize(sp.width(), pool, st, p), sp.channels()) : null);
    }
    Object[] pad = {"", explicit >= 0 ? 2 : same ? 1 : 0, explicit, explicit};
    return new Step(text, in -> in instanceof Shape.Spatial sp
        ? padded(in, pool, pool, st, 1, pad, sp.channels()) : null);
  }

  /** PyTorch's ceil_mode size (torch.nn.MaxPool2d's docs), 0 when the window does not fit. */
  private static int ceilSize(int n, int k, int stride, int pad) {
    int room = n + 2 * pad - k;
    if (room < 0) {
      return 0;
    }
    int out = -Math.floorDiv(-room, stride) + 1;
    return (out - 1) * stride >= n + pad ? out - 1 : out;
  }

  private Step zeroPad() {
    features.add("zeropad");
    return switch (ch.below(3)) {
      case 1 -> padStep("zeropad([1, 0])", 1, 1, 0, 0);
      case 2 -> KnownIssues.avoids(Construct.PAD_FUSED_INTO_POOL_ONNX)
          ? padStep("zeropad([0, 1, 1, 0])", 0, 1, 1, 0) : padStep("zeropad([0, 1, 2, 0])", 0, 1, 2, 0);
      default -> padStep("zeropad(1)", 1, 1, 1, 1);
    };
  }

  private static Step padStep(String text, int top, int bottom, int left, int right) {
    return new Step(text, in -> in instanceof Shape.Spatial s
        ? Shape.spatial(s.height() + top + bottom, s.width() + left + right, s.channels()) : null);
  }

  private Step dropout() {
    features.add("dropout");
    return Step.preserving(ch.oneOf("dropout(0.5)", "dropout(0.0)", "dropout(rate: 0.25)", "dropout(0.9)"));
  }

  /** A stand-alone activation; {@code spatial}: on a spatial tensor (see {@link Construct#SPATIAL_SOFTMAX}). */
  private Step activation(boolean spatial) {
    features.add("activation layer");
    if (ch.maybe(40)) {
      String modern = ch.oneOf(MODERN_ACTIVATIONS);
      features.add("activation " + modern);
      return Step.preserving(ch.maybe(70) ? modern : "activation(" + modern + ")");
    }
    String softmax = spatial && KnownIssues.avoids(Construct.SPATIAL_SOFTMAX) ? "sigmoid" : "softmax";
    return Step.preserving(ch.oneOf("relu", "tanh", "sigmoid", "identity", softmax, "leaky_relu",
        "leaky_relu(alpha: 0.2)", "activation(tanh)", "activation(leaky_relu, alpha: 0.3)",
        "activation(" + vocabulary.activation("relu") + ")"));
  }

  /** An activation for a conv-like layer: the old set, or (a third of the time) a modern one. */
  private String layerActivation() {
    if (ch.maybe(30)) {
      String modern = ch.oneOf(MODERN_ACTIVATIONS);
      features.add("activation " + modern);
      return modern;
    }
    String softmax = KnownIssues.avoids(Construct.SPATIAL_SOFTMAX) ? "sigmoid" : "softmax";
    return ch.oneOf("", "relu", "tanh", "sigmoid", "leaky_relu", "identity", softmax, "mfm");
  }

  /**
   * {@code padding: same}, {@code valid}, an int or {@code [h, w]}: the text to append (empty for
   * the default) and the padding as {@code {mode, ph, pw}} with mode 0 valid, 1 same, 2 explicit.
   */
  private Object[] padding(int kh, int kw, int dilation, int stride) {
    int form = ch.below(10);
    if (form < 4) {
      if (KnownIssues.avoids(Construct.SAME_PADDING_STRIDE_ABOVE_WINDOW)
          && stride > Math.min(span(kh, dilation), span(kw, dilation))) {
        return new Object[] {"", 0, 0, 0};
      }
      features.add("padding same");
      return new Object[] {", padding: same", 1, 0, 0};
    }
    if (form < 6) {
      // Explicit zeros, mostly at most half the window (PyTorch's limit for pools).
      int ph = ch.oneOf(1, 0, kh / 2, 2);
      int pw = ch.maybe(70) ? ph : ch.oneOf(0, 1, kw / 2);
      features.add("padding explicit");
      return new Object[] {", padding: " + (ph == pw && ch.maybe(60) ? "" + ph : "[" + ph + ", " + pw + "]"), 2, ph, pw};
    }
    features.add("padding valid");
    return new Object[] {ch.maybe(10) ? ", padding: valid" : "", 0, 0, 0};
  }

  private static Shape padded(Shape in, int kh, int kw, int stride, int dilation, Object[] pad, int channels) {
    int mode = (Integer) pad[1];
    if (mode != 2) {
      return window(in, kh, kw, stride, dilation, mode == 1, channels);
    }
    if (!(in instanceof Shape.Spatial s)) {
      return null;
    }
    int h = valid(s.height() + 2 * (Integer) pad[2], span(kh, dilation), stride);
    int w = valid(s.width() + 2 * (Integer) pad[3], span(kw, dilation), stride);
    return h > 0 && w > 0 ? Shape.spatial(h, w, channels) : null;
  }

  private String kernelText(int kh, int kw) {
    return kh == kw ? vocabulary.intExpr(kh) : "[" + kh + ", " + kw + "]";
  }

  private static String activationText(String activation) {
    return activation.isEmpty() ? "" : ", activation: " + activation;
  }

  private static UnaryOperator<Shape> thenMfm(String activation, UnaryOperator<Shape> rule) {
    return activation.equals("mfm") ? in -> halve(rule.apply(in)) : rule;
  }

  /** {@code depthwise_conv(kernel, multiplier: m, stride, padding, activation)}: C·m channels. */
  private Step depthwise(Shape.Spatial s) {
    features.add("depthwise_conv");
    int kh = ch.oneOf(3, 1, 2, s.height());
    int kw = ch.maybe(20) ? ch.oneOf(1, 3, s.width()) : kh;
    int multiplier = ch.oneOf(1, 1, 2, 3);
    int stride = ch.oneOf(1, 1, 2, 3);
    Object[] pad = padding(kh, kw, 1, stride);
    String activation = layerActivation();
    String text = "depthwise_conv(" + (ch.maybe(30) ? "kernel: " : "") + kernelText(kh, kw)
        + (multiplier != 1 || ch.maybe(5) ? ", multiplier: " + multiplier : "")
        + (stride != 1 ? ", stride: " + stride : "") + pad[0] + activationText(activation)
        + (ch.maybe(10) ? ", bias: false" : "") + ")";
    return new Step(text, thenMfm(activation, in -> in instanceof Shape.Spatial sp
        ? padded(in, kh, kw, stride, 1, pad, sp.channels() * multiplier) : null));
  }

  /**
   * {@code conv(filters, kernel, …, groups: g)}: g one of the channel count's divisors (now and then
   * the channel count itself, a depthwise convolution, or one that does not divide it, which the
   * checker must refuse with E0430), filters a multiple of g, dilation now and then.
   */
  private Step groupedConv(Shape.Spatial s) {
    features.add("conv groups");
    List<Integer> divisors = divisors(s.channels());
    int groups = invalidAllowed && ch.maybe(15) ? s.channels() + 1
        : ch.maybe(30) ? s.channels() : ch.oneOf(divisors);
    if (groups == s.channels()) {
      features.add("conv groups = channels");
    }
    int filters = groups * ch.oneOf(1, 1, 2, 3);
    int kh = ch.oneOf(3, 1, 2);
    int kw = ch.maybe(20) ? ch.oneOf(1, 3) : kh;
    int stride = ch.oneOf(1, 1, 2);
    int dilation = ch.maybe(15) ? 2 : 1;
    Object[] pad = padding(kh, kw, dilation, stride);
    String activation = layerActivation();
    String text = "conv(" + vocabulary.intExpr(filters) + ", " + kernelText(kh, kw)
        + (stride != 1 ? ", stride: " + stride : "") + pad[0] + (dilation != 1 ? ", dilation: " + dilation : "")
        + activationText(activation) + (ch.maybe(15) ? ", bias: false" : "") + ", groups: "
        + vocabulary.intExpr(groups) + ")";
    return new Step(text, thenMfm(activation, in -> in instanceof Shape.Spatial sp && sp.channels() % groups == 0
        ? padded(in, kh, kw, stride, dilation, pad, filters) : null));
  }

  /** {@code channel_shuffle(g)} or {@code channel_split(parts, index)}, parts dividing the channels. */
  private Step channels(Shape.Spatial s) {
    int g = ch.oneOf(divisors(s.channels()));
    if (ch.maybe(50)) {
      features.add("channel_shuffle");
      return new Step("channel_shuffle(" + vocabulary.intExpr(g) + ")",
          in -> in instanceof Shape.Spatial sp && sp.channels() % g == 0 ? in : null);
    }
    features.add("channel_split");
    int index = ch.below(g);
    return new Step("channel_split(" + vocabulary.intExpr(g) + ", " + index + ")",
        in -> in instanceof Shape.Spatial sp && sp.channels() % g == 0
            ? Shape.spatial(sp.height(), sp.width(), sp.channels() / g) : null);
  }

  private static List<Integer> divisors(int n) {
    List<Integer> d = new ArrayList<>();
    for (int k = 1; k <= n; k++) {
      if (n % k == 0) {
        d.add(k);
      }
    }
    return d;
  }

  /** {@code separable_conv(filters, kernel, …)}: depthwise then 1×1 in one layer. */
  private Step separable(Shape.Spatial s) {
    features.add("separable_conv");
    int filters = ch.oneOf(Vocabulary.FILTERS, 1, 2, 3, 6);
    int kh = ch.oneOf(3, 1, 2, s.height());
    int kw = ch.maybe(20) ? ch.oneOf(1, 3, s.width()) : kh;

    int multiplier = ch.oneOf(1, 1, 2);
    int stride = ch.oneOf(1, 1, 2, 3);
    int dilation = ch.maybe(12) ? 2 : 1;
    Object[] pad = padding(kh, kw, dilation, stride);
    String activation = layerActivation();
    String text = "separable_conv(" + vocabulary.intExpr(filters) + ", " + kernelText(kh, kw)
        + (multiplier != 1 ? ", multiplier: " + multiplier : "")
        + (stride != 1 ? ", stride: " + stride : "") + pad[0]
        + (dilation != 1 ? ", dilation: " + dilation : "") + activationText(activation)
        + (ch.maybe(10) ? ", bias: false" : "") + ")";
    return new Step(text, thenMfm(activation, in -> padded(in, kh, kw, stride, dilation, pad, filters)));
  }

  /** {@code conv_transpose(filters, kernel, stride, padding)}: (n − 1)·s + k − 2p, or n·s with same. */
  private Step transpose(Shape.Spatial s) {
    features.add("conv_transpose");
    int filters = ch.oneOf(Vocabulary.FILTERS, 1, 2, 3);
    int kh = ch.oneOf(2, 3, 1, 4);
    int kw = ch.maybe(20) ? ch.oneOf(1, 2, 3) : kh;
    int drawn = ch.oneOf(2, 1, 1, 3);
    int stride = KnownIssues.avoids(Construct.CONV_TRANSPOSE_STRIDE_ABOVE_KERNEL)
        ? Math.min(drawn, Math.min(kh, kw)) : drawn;
    int form = ch.below(10);
    int mode = form < 4 ? 1 : form < 6 ? 2 : 0;
    int p = mode == 2 ? ch.oneOf(1, 0, (Math.min(kh, kw) - 1) / 2) : 0;
    String padText = mode == 1 ? ", padding: same" : mode == 2 ? ", padding: " + p : "";
    features.add(mode == 1 ? "padding same" : mode == 2 ? "padding explicit" : "padding valid");
    String activation = layerActivation();
    String text = "conv_transpose(" + vocabulary.intExpr(filters) + ", " + kernelText(kh, kw)
        + (stride != 1 ? ", stride: " + stride : "") + padText + activationText(activation)
        + (ch.maybe(10) ? ", bias: false" : "") + ")";
    return new Step(text, thenMfm(activation, in -> {
      if (!(in instanceof Shape.Spatial sp)) {
        return null;
      }
      if (mode == 1 && (stride - kh >= 2 || stride - kw >= 2)) {
        return null; // E0409: DL4J's Same mode would pad by (kernel − stride) / 2 < 0
      }
      int h = mode == 1 ? sp.height() * stride : (sp.height() - 1) * stride + kh - 2 * p;
      int w = mode == 1 ? sp.width() * stride : (sp.width() - 1) * stride + kw - 2 * p;
      return h > 0 && w > 0 && h <= 64 && w <= 64 ? Shape.spatial(h, w, filters) : null;
    }));
  }

  /** {@code upsample}, {@code upsample(3)} or {@code upsample(size: [h, w])}: nearest neighbour. */
  private Step upsample() {
    features.add("upsample");
    int sh = ch.oneOf(2, 1, 3);
    int sw = ch.maybe(25) ? ch.oneOf(1, 2) : sh;
    String text = sh == 2 && sw == 2 && ch.maybe(40) ? "upsample"
        : sh == sw ? "upsample(" + sh + ")" : "upsample(size: [" + sh + ", " + sw + "])";
    return new Step(text, in -> in instanceof Shape.Spatial sp && sp.height() * sh <= 64 && sp.width() * sw <= 64
        ? Shape.spatial(sp.height() * sh, sp.width() * sw, sp.channels()) : null);
  }

  private Step group(Shape in, int depth) {
    features.add("group");
    List<Step> parts = new ArrayList<>();
    Shape shape = in;
    int length = ch.between(1, 3);
    for (int i = 0; i < length && shape != null; i++) {
      Step part = element(shape, depth + 1);
      parts.add(part);
      shape = part.apply(shape);
    }
    Step group = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      group = group.then(parts.get(i));
    }
    return group.grouped();
  }

  /** {@code conv(F + i, …) for i in a..b}: one conv per value, channels growing with i. */
  private Step loop(Shape.Spatial s) {
    features.add("for");
    int from = ch.oneOf(1, 0, 2);
    int to = from - 1 + ch.below(4);
    boolean same = ch.maybe(50);
    int kernel = same ? 3 : 1;
    String text = "conv(" + Vocabulary.FILTERS + " + i, " + kernel + (same ? ", padding: same" : "")
        + ") for i in " + from + ".." + to;
    return new Step(text, in -> {
      Shape out = in;
      for (int i = from; i <= to && out != null; i++) {
        out = window(out, kernel, kernel, 1, 1, same, Vocabulary.FILTERS + i);
      }
      return out;
    });
  }

  static int span(int kernel, int dilation) {
    return (kernel - 1) * dilation + 1;
  }

  /** Keras's rule for conv and pooling windows; null for a flat input or a window that does not fit. */
  static Shape window(Shape in, int kh, int kw, int stride, int dilation, boolean same, int channels) {
    if (!(in instanceof Shape.Spatial s)) {
      return null;
    }
    int h = same ? ceil(s.height(), stride) : valid(s.height(), span(kh, dilation), stride);
    int w = same ? ceil(s.width(), stride) : valid(s.width(), span(kw, dilation), stride);
    return h > 0 && w > 0 ? Shape.spatial(h, w, channels) : null;
  }

  private static int ceil(int n, int stride) {
    return (n + stride - 1) / stride;
  }

  private static int valid(int n, int span, int stride) {
    return n < span ? 0 : (n - span) / stride + 1;
  }

  static Shape halve(Shape in) {
    if (in == null) {
      return null;
    }
    if (in instanceof Shape.Spatial s) {
      return s.channels() % 2 == 0 ? Shape.spatial(s.height(), s.width(), s.channels() / 2) : null;
    }
    int n = ((Shape.Flat) in).size();
    return n % 2 == 0 ? Shape.flat(n / 2) : null;
  }

  static Shape flatten(Shape in) {
    return in instanceof Shape.Spatial s ? Shape.flat(s.height() * s.width() * s.channels()) : in;
  }
}
