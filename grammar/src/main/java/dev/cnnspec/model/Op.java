package dev.cnnspec.model;

/**
 * What a layer computes, with every argument resolved to a value. Ops carry no shapes: shapes
 * are inferred by the checker from the graph, so one op record serves any input size.
 *
 * <p>Semantics follow Keras where Keras and DL4J differ (documented per record); back ends
 * translate. {@link #kind()} is the name the language uses and the summary prints.
 */
public sealed interface Op {

  /** The name the language uses for the op, which the summary prints. */
  String kind();

  /**
   * Dispatches to the visitor's method for this op. Every back end is an {@link OpVisitor}, so a
   * new op record is a compile error in each of them until it says what the op means there.
   */
  <R> R accept(OpVisitor<R> visitor);

  /** The tensor ranks the op reads and produces, which the Java front end checks on declared types. */
  Ranks ranks();

  /**
   * An op that slides a window over height and width: what its padding and output size depend on
   * ({@link WindowPadding}, the checker's window rule).
   */
  sealed interface Windowed permits Conv2D, DepthwiseConv2D, SeparableConv2D, Pool2D {
    Size2D window();

    Size2D stride();

    Padding padding();

    /** Explicit zeros on each side, with {@link Padding#VALID}; 0×0 otherwise. */
    Size2D pad();

    Size2D dilation();
  }

  /** What rank of tensor an op accepts or yields; {@code SAME} yields the rank it was given. */
  enum Rank { SPATIAL, FLAT, ANY, SAME }

  /** An op's rank rule: what it reads and what it produces. */
  record Ranks(Rank reads, Rank produces) {
    public static final Ranks SPATIAL = new Ranks(Rank.SPATIAL, Rank.SPATIAL);
    public static final Ranks SPATIAL_TO_FLAT = new Ranks(Rank.SPATIAL, Rank.FLAT);
    public static final Ranks FLAT = new Ranks(Rank.FLAT, Rank.FLAT);
    public static final Ranks ANY = new Ranks(Rank.ANY, Rank.SAME);
  }

  /** Number of tensors the op consumes, or -1 for any number ≥ 2. */
  default int arity() {
    return 1;
  }

  /**
   * 2-D convolution. {@code activation} is never {@link Activation#MFM}: front ends split that
   * into a following {@link Mfm}. {@code alpha} is the leaky-ReLU slope and is ignored otherwise.
   * {@code pad} is explicit zero padding on each side (PyTorch's {@code padding=(h, w)}), used
   * with {@link Padding#VALID} only: output ⌊(n + 2·pad − span) / stride⌋ + 1.
   *
   * <p>{@code groups} is PyTorch's {@code Conv2d(groups=g)} and Keras 3's {@code Conv2D(groups=g)}:
   * the input channels and the filters are cut into g groups, and filter group j sees only input
   * group j, so there are k_h·k_w·(C_in / g)·filters weights, laid out [filters, C_in / g, k_h, k_w]
   * as PyTorch and ONNX do. Both C_in and filters must be divisible by g (E0410). g = C_in is a
   * depthwise convolution with multiplier filters / C_in.
   */
  record Conv2D(int filters, Size2D kernel, Size2D stride, Padding padding, Size2D pad, Size2D dilation,
      Activation activation, double alpha, boolean bias, int groups) implements Op, Windowed {

    /** An ungrouped conv. */
    public Conv2D(int filters, Size2D kernel, Size2D stride, Padding padding, Size2D pad, Size2D dilation,
        Activation activation, double alpha, boolean bias) {
      this(filters, kernel, stride, padding, pad, dilation, activation, alpha, bias, 1);
    }

    /** An ungrouped conv without explicit padding. */
    public Conv2D(int filters, Size2D kernel, Size2D stride, Padding padding, Size2D dilation,
        Activation activation, double alpha, boolean bias) {
      this(filters, kernel, stride, padding, Size2D.square(0), dilation, activation, alpha, bias, 1);
    }

    /** True for a grouped convolution (more than one group). */
    public boolean grouped() {
      return groups != 1;
    }

    /**
     * Whether this grouped conv is a depthwise convolution that DL4J's depthwise layer computes:
     * one group per input channel and no dilation (DL4J 1.0.0-M2.1's depthwise convolution fails
     * with one). Both DL4J back ends and the ONNX export read this one rule.
     */
    public boolean depthwise(int inChannels) {
      return grouped() && groups == inChannels && dilation.equals(Size2D.square(1));
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.conv(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.SPATIAL;
    }

    @Override
    public String kind() {
      return "conv";
    }

    @Override
    public Size2D window() {
      return kernel;
    }
  }

  /**
   * Depthwise convolution (Keras's DepthwiseConv2D, PyTorch's Conv2d with groups = C_in): each input
   * channel is convolved with {@code multiplier} filters of its own, so the output has
   * C_in · multiplier channels. Parameters k_h·k_w·C_in·multiplier (+ C_in·multiplier biases).
   * Arguments otherwise as {@link Conv2D}'s, without dilation: DL4J 1.0.0-M2.1's depthwise
   * convolution fails with any dilation ("could not create a descriptor for a dilated convolution
   * forward propagation primitive", measured), so the op offers none.
   */
  record DepthwiseConv2D(int multiplier, Size2D kernel, Size2D stride, Padding padding, Size2D pad,
      Activation activation, double alpha, boolean bias) implements Op, Windowed {
    @Override
    public Size2D dilation() {
      return Size2D.square(1);
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.depthwiseConv(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.SPATIAL;
    }

    @Override
    public String kind() {
      return "depthwise_conv";
    }

    @Override
    public Size2D window() {
      return kernel;
    }
  }

  /**
   * Separable convolution (Keras's SeparableConv2D): a depthwise convolution with
   * {@code multiplier} filters per input channel, then a 1×1 convolution to {@code filters}
   * channels, in one layer with no activation between them. Parameters
   * k_h·k_w·C_in·multiplier + C_in·multiplier·filters (+ filters biases, on the pointwise part only,
   * as Keras and DL4J).
   */
  record SeparableConv2D(int filters, Size2D kernel, Size2D stride, Padding padding, Size2D pad,
      Size2D dilation, int multiplier, Activation activation, double alpha, boolean bias) implements Op, Windowed {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.separableConv(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.SPATIAL;
    }

    @Override
    public String kind() {
      return "separable_conv";
    }

    @Override
    public Size2D window() {
      return kernel;
    }
  }

  /**
   * Max or average pooling; {@code pad} as {@link Conv2D}'s. {@code countPad}: whether an average
   * over a window that overlaps the padding divides by the whole window (PyTorch's default,
   * {@code count_include_pad=True}) or by the input pixels only (Keras's and DL4J's behaviour, and
   * ours by default); always false for max pooling. {@code ceil}: PyTorch's {@code ceil_mode} —
   * round the output size of valid or explicit padding up instead of down, so that a last, partial
   * window still yields an output (as long as it starts inside the input or its left padding).
   */
  record Pool2D(PoolType type, Size2D pool, Size2D stride, Padding padding, Size2D pad, boolean countPad,
      boolean ceil) implements Op, Windowed {

    /** A pool without explicit padding. */
    public Pool2D(PoolType type, Size2D pool, Size2D stride, Padding padding) {
      this(type, pool, stride, padding, Size2D.square(0), false, false);
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.pool(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.SPATIAL;
    }

    @Override
    public String kind() {
      return type == PoolType.MAX ? "maxpool" : "avgpool";
    }

    @Override
    public Size2D window() {
      return pool;
    }

    @Override
    public Size2D dilation() {
      return Size2D.square(1);
    }
  }

  /**
   * Global pooling over height and width: a flat output, one value per channel (Keras's default),
   * or with {@code keep} a 1×1×C tensor (Keras's {@code keepdims=True}, PyTorch's
   * {@code AdaptiveAvgPool2d(1)}), which squeeze-and-excitation gates and 1×1 heads read.
   */
  record GlobalPool(PoolType type, boolean keep) implements Op {
    public GlobalPool(PoolType type) {
      this(type, false);
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.globalPool(this);
    }

    @Override
    public Ranks ranks() {
      return keep ? Ranks.SPATIAL : Ranks.SPATIAL_TO_FLAT;
    }

    @Override
    public String kind() {
      return type == PoolType.MAX ? "globalmaxpool" : "globalavgpool";
    }
  }

  /**
   * Nearest-neighbour upsampling by an integer factor per dimension (Keras's UpSampling2D,
   * PyTorch's {@code Upsample(scale_factor, mode='nearest')}). Bilinear is not offered: DL4J
   * 1.0.0-M2.1's Upsampling2D repeats pixels only.
   */
  record Upsample2D(Size2D size) implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.upsample(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.SPATIAL;
    }

    @Override
    public String kind() {
      return "upsample";
    }
  }

  /**
   * Transposed convolution (Keras's Conv2DTranspose, PyTorch's ConvTranspose2d without
   * output_padding): output (n − 1)·stride + k − 2·pad under valid or explicit padding, n·stride
   * under same. Parameters k_h·k_w·C_in·filters (+ filters biases).
   */
  record ConvTranspose2D(int filters, Size2D kernel, Size2D stride, Padding padding, Size2D pad,
      Activation activation, double alpha, boolean bias) implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.convTranspose(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.SPATIAL;
    }

    @Override
    public String kind() {
      return "conv_transpose";
    }
  }

  record ZeroPad(int top, int bottom, int left, int right) implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.zeroPad(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.SPATIAL;
    }

    @Override
    public String kind() {
      return "zeropad";
    }
  }

  /** Fully connected. Its input must be flat: the checker rejects a spatial input (no implicit flatten). */
  record Dense(int units, Activation activation, double alpha, boolean bias) implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.dense(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.FLAT;
    }

    @Override
    public String kind() {
      return "dense";
    }
  }

  /**
   * Dropout with a <em>drop</em> rate, as Keras and PyTorch define it: {@code rate = 0.75} zeroes
   * three activations in four during training. DL4J's {@code dropOut(p)} takes the retain
   * probability, so its back end passes {@code 1 − rate}.
   */
  record Dropout(double rate) implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.dropout(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.ANY;
    }

    @Override
    public String kind() {
      return "dropout";
    }
  }

  /**
   * Batch normalisation. {@code momentum} weights the old running statistics (running = momentum ·
   * running + (1 − momentum) · batch), which is DL4J's {@code decay} and PyTorch's 1 − momentum.
   * Parameters: 4·C of which 2·C (gamma, beta) trainable.
   */
  record BatchNorm(double momentum, double epsilon) implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.batchNorm(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.ANY;
    }

    @Override
    public String kind() {
      return "batchnorm";
    }
  }

  record Flatten() implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.flatten(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.SPATIAL_TO_FLAT;
    }

    @Override
    public String kind() {
      return "flatten";
    }
  }

  /** A stand-alone activation; never {@link Activation#MFM} (that is {@link Mfm}). */
  record ActivationOp(Activation activation, double alpha) implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.activation(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.ANY;
    }

    @Override
    public String kind() {
      return activation.specName();
    }
  }

  /**
   * Parametric ReLU (He et al. 2015): max(x, 0) + a·min(x, 0) with a slope {@code a} learned per
   * element — Keras's {@code PReLU()} default (no shared axes): H·W·C parameters on a spatial
   * tensor, one per unit on a flat one. The per-channel form (PyTorch's
   * {@code PReLU(num_parameters=C)}, Keras's {@code shared_axes=[1, 2]}) is not offered: DL4J
   * 1.0.0-M2.1's {@code prelu_bp} fails when the height and width axes are shared (measured).
   * Slopes start at 0, Keras's default (PyTorch starts at 0.25).
   */
  record PRelu() implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.prelu(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.ANY;
    }

    @Override
    public String kind() {
      return "prelu";
    }
  }

  /**
   * Max-feature-map (Wu et al. 2015): splits the channels (or units, on a flat tensor) into two
   * halves and keeps the element-wise maximum, halving the count. Needs an even count.
   */
  record Mfm() implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.mfm(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.ANY;
    }

    @Override
    public String kind() {
      return "mfm";
    }
  }

  /**
   * Channel shuffle (Zhang et al., ShuffleNet; PyTorch's {@code nn.ChannelShuffle(g)}): the C
   * channels, seen as g groups of C / g, are reordered so that output channel i·g + j is input
   * channel j·(C / g) + i — a reshape to [g, C / g], a transpose and a flatten, as torchvision's
   * {@code channel_shuffle}. C must be divisible by g (E0410). No parameters.
   */
  record ChannelShuffle(int groups) implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.channelShuffle(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.SPATIAL;
    }

    @Override
    public String kind() {
      return "channel_shuffle";
    }
  }

  /**
   * Part {@code index} (from 0) of the channels cut into {@code parts} equal parts: channels
   * [index·C / parts, (index + 1)·C / parts), PyTorch's {@code x.chunk(parts, dim=1)[index]} (for C
   * divisible by parts, E0410 otherwise) and ShuffleNetV2's channel split. One op per part keeps
   * every layer one tensor out; {@code a = x -> channel_split(2, 0)} and {@code b = x ->
   * channel_split(2, 1)} are the two halves. No parameters.
   */
  record ChannelSplit(int parts, int index) implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.channelSplit(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.SPATIAL;
    }

    @Override
    public String kind() {
      return "channel_split";
    }
  }

  /**
   * Element-wise sum of tensors of identical shape, or of two tensors one of which is a per-channel
   * gate of the other ({@link Multiply}'s broadcasting).
   */
  record Add() implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.add(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.ANY;
    }

    @Override
    public String kind() {
      return "add";
    }

    @Override
    public int arity() {
      return -1;
    }
  }

  /**
   * Element-wise product of two tensors of one shape, or of a tensor [H, W, C] and a per-channel
   * gate [1, 1, C] or [C] repeated over height and width (squeeze-and-excitation; NumPy's and
   * PyTorch's broadcasting restricted to that case). {@link Add} broadcasts the same way for two
   * tensors.
   */
  record Multiply() implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.multiply(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.ANY;
    }

    @Override
    public String kind() {
      return "multiply";
    }

    @Override
    public int arity() {
      return 2;
    }
  }

  /** Concatenation along channels (spatial) or units (flat); other dimensions must agree. */
  record Concat() implements Op {
    @Override
    public <R> R accept(OpVisitor<R> visitor) {
      return visitor.concat(this);
    }

    @Override
    public Ranks ranks() {
      return Ranks.ANY;
    }

    @Override
    public String kind() {
      return "concat";
    }

    @Override
    public int arity() {
      return -1;
    }
  }
}
