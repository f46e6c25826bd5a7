package dev.cnnspec.report;

import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OpVisitor;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The receptive field of every layer's output with respect to the network's (first) input, per
 * axis: {@code size} (how many input pixels one output value sees), {@code jump} (the distance in
 * input pixels between two neighbouring output values: the effective stride) and {@code start}
 * (the input coordinate of the centre of the first output value's field; negative when padding
 * puts it outside the image). The arithmetic is the standard recurrence (Araujo, Norris and Sim,
 * "Computing receptive fields of convolutional neural networks", Distill 2019):
 *
 * <pre>
 *   k' = dilation·(k − 1) + 1
 *   size  = size_in + (k' − 1)·jump_in
 *   jump  = jump_in · stride
 *   start = start_in + ((k' − 1)/2 − pad_before)·jump_in
 * </pre>
 *
 * with Keras' {@code same} padding putting the smaller half of the padding before (explicit
 * {@code pad} with {@code valid}). Upsampling ops leave the field unknown. Global pooling
 * and flatten make every value see the whole field of their input; element-wise ops keep their
 * input's field; {@code add} and {@code concat} take the largest of their inputs' fields (they
 * agree on jump whenever shapes agree). Dense layers read a flat tensor, which already sees
 * everything. Nothing here depends on a batch or allocates anything.
 */
public final class ReceptiveField {

  /** The field along one axis. {@code start} is a half-integer in general, hence a double. */
  public record Axis(long size, long jump, double start) {
    static final Axis PIXEL = new Axis(1, 1, 0);
  }

  /** Height and width axes of one tensor's field. */
  public record Field(Axis height, Axis width) {
    static final Field PIXEL = new Field(Axis.PIXEL, Axis.PIXEL);
    /** After an upsampling op: not computed (see {@link Rule}). */
    public static final Field UNKNOWN = new Field(new Axis(0, 0, 0), new Axis(0, 0, 0));

    public boolean known() {
      return height.size() > 0;
    }
  }

  private ReceptiveField() {}

  /** Tensor name → field, for the network's inputs and every layer, in graph order. */
  public static Map<String, Field> of(NetworkModel model) {
    Map<String, Field> fields = new LinkedHashMap<>();
    for (InputNode in : model.inputs()) {
      fields.put(in.name(), Field.PIXEL);
    }
    for (LayerModel layer : model.layers()) {
      List<String> inputs = layer.node().inputs();
      Field in = fields.get(inputs.get(0));
      for (String other : inputs.subList(1, inputs.size())) {
        in = widest(in, fields.get(other));
      }
      Shape inShape = model.shapeOf(inputs.get(0)).orElseThrow();
      fields.put(layer.name(), step(layer.op(), in, inShape));
    }
    return fields;
  }

  /** One op's rule: the field of its output from its input's field and shape. */
  static Field step(Op op, Field in, Shape inShape) {
    if (!in.known()) {
      return Field.UNKNOWN;
    }
    return op.accept(new Rule(in, inShape));
  }

  /**
   * The rules, one per op (the compiler makes a new op say what it does to a field). Upsampling
   * ops (transposed convolution, nearest-neighbour upsampling) make the jump fractional and their
   * start depends on how the back end aligns the grids, so their field, and everything after
   * them, is reported as unknown rather than guessed.
   */
  private record Rule(Field in, Shape inShape) implements OpVisitor<Field> {
    private Field windowed(Op.Windowed w) {
      return new Field(
          window(in.height(), w.window().height(), w.dilation().height(), w.stride().height(), w.padding(),
              w.pad().height(), height(inShape)),
          window(in.width(), w.window().width(), w.dilation().width(), w.stride().width(), w.padding(),
              w.pad().width(), width(inShape)));
    }

    private Field whole() {
      return inShape instanceof Shape.Spatial s
          ? new Field(ReceptiveField.whole(in.height(), s.height()), ReceptiveField.whole(in.width(), s.width()))
          : in;
    }

    @Override public Field conv(Op.Conv2D op) { return windowed(op); }
    @Override public Field depthwiseConv(Op.DepthwiseConv2D op) { return windowed(op); }
    @Override public Field separableConv(Op.SeparableConv2D op) { return windowed(op); }
    @Override public Field pool(Op.Pool2D op) { return windowed(op); }
    @Override public Field convTranspose(Op.ConvTranspose2D op) { return Field.UNKNOWN; }
    @Override public Field upsample(Op.Upsample2D op) { return Field.UNKNOWN; }
    @Override public Field globalPool(Op.GlobalPool op) { return whole(); }
    @Override public Field flatten(Op.Flatten op) { return whole(); }
    @Override public Field zeroPad(Op.ZeroPad op) {
      return new Field(shift(in.height(), op.top()), shift(in.width(), op.left()));
    }
    // Element-wise, or dense on a flat tensor that already sees everything; merges: the caller.
    @Override public Field dense(Op.Dense op) { return in; }
    @Override public Field dropout(Op.Dropout op) { return in; }
    @Override public Field batchNorm(Op.BatchNorm op) { return in; }
    @Override public Field activation(Op.ActivationOp op) { return in; }
    @Override public Field prelu(Op.PRelu op) { return in; }
    @Override public Field mfm(Op.Mfm op) { return in; }
    @Override public Field channelShuffle(Op.ChannelShuffle op) { return in; }
    @Override public Field channelSplit(Op.ChannelSplit op) { return in; }
    @Override public Field add(Op.Add op) { return in; }
    @Override public Field multiply(Op.Multiply op) { return in; }
    @Override public Field concat(Op.Concat op) { return in; }
  }

  /** Keras' {@code same} puts the smaller half of the padding before; {@code valid} pads {@code pad}. */
  private static Axis window(Axis in, int kernel, int dilation, int stride, Padding padding, int explicitPad,
      int inSize) {
    long span = (long) dilation * (kernel - 1) + 1;
    long before = explicitPad;
    if (padding == Padding.SAME) {
      long out = (inSize + stride - 1) / stride;
      long total = Math.max((out - 1) * stride + span - inSize, 0);
      before = total / 2;
    }
    return new Axis(in.size() + (span - 1) * in.jump(), in.jump() * stride,
        in.start() + ((span - 1) / 2.0 - before) * in.jump());
  }

  private static Axis shift(Axis in, int before) {
    return new Axis(in.size(), in.jump(), in.start() - before * in.jump());
  }

  /** A value that pools {@code n} positions: one window covering all of them, stride n. */
  private static Axis whole(Axis in, int n) {
    return new Axis(in.size() + (n - 1) * in.jump(), in.jump() * n, in.start() + (n - 1) / 2.0 * in.jump());
  }

  private static Field widest(Field a, Field b) {
    if (!a.known() || !b.known()) {
      return Field.UNKNOWN;
    }
    return new Field(wider(a.height(), b.height()), wider(a.width(), b.width()));
  }

  private static Axis wider(Axis a, Axis b) {
    if (a.size() != b.size()) {
      return a.size() > b.size() ? a : b;
    }
    return a.start() <= b.start() ? a : b;
  }

  private static int height(Shape s) {
    return s instanceof Shape.Spatial sp ? sp.height() : 1;
  }

  private static int width(Shape s) {
    return s instanceof Shape.Spatial sp ? sp.width() : 1;
  }

  /** {@code 11x11} (ASCII, for the text table) or {@code 11} when square: how the table prints a field's size or jump. */
  static String pair(long h, long w) {
    return h == w ? Long.toString(h) : h + "x" + w;
  }
}
