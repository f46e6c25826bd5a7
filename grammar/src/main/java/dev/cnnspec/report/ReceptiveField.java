package dev.cnnspec.report;

import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
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
 * with Keras' {@code same} padding putting the smaller half of the padding before. Global pooling
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
    if (op instanceof Op.Conv2D c) {
      return new Field(
          window(in.height(), c.kernel().height(), c.dilation().height(), c.stride().height(), c.padding(), height(inShape)),
          window(in.width(), c.kernel().width(), c.dilation().width(), c.stride().width(), c.padding(), width(inShape)));
    } else if (op instanceof Op.Pool2D p) {
      return new Field(
          window(in.height(), p.pool().height(), 1, p.stride().height(), p.padding(), height(inShape)),
          window(in.width(), p.pool().width(), 1, p.stride().width(), p.padding(), width(inShape)));
    } else if (op instanceof Op.ZeroPad z) {
      return new Field(shift(in.height(), z.top()), shift(in.width(), z.left()));
    } else if ((op instanceof Op.GlobalPool || op instanceof Op.Flatten) && inShape instanceof Shape.Spatial s) {
      return new Field(whole(in.height(), s.height()), whole(in.width(), s.width()));
    }
    return in; // element-wise, dense on a flat tensor, merges (handled by the caller)
  }

  private static Axis window(Axis in, int kernel, int dilation, int stride, Padding padding, int inSize) {
    long span = (long) dilation * (kernel - 1) + 1;
    long before = 0;
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
