package dev.cnnspec.diagram;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.BlockPath;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OpVisitor;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Size2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text in a box: the layer's name, its type with the arguments a reader checks against a
 * paper ({@code conv 64, 7×7 /2 same, relu}), and its parameter count when it has any. Arguments
 * at their defaults are left out, so a box stays two or three short lines.
 */
final class LayerText {
  private LayerText() {}

  static List<String> lines(LayerModel layer) {
    List<String> lines = new ArrayList<>();
    lines.add(BlockPath.leaf(layer.name()));
    lines.add(describe(layer.op()));
    if (layer.parameters() > 0) {
      lines.add(number(layer.parameters()) + " params");
    }
    return lines;
  }

  /** A collapsed block instance: its name, how many layers it hides, their parameters summed. */
  static List<String> blockLines(String name, List<LayerModel> layers) {
    long params = layers.stream().mapToLong(LayerModel::parameters).sum();
    List<String> lines = new ArrayList<>();
    lines.add(name);
    lines.add("block, " + layers.size() + (layers.size() == 1 ? " layer" : " layers"));
    if (params > 0) {
      lines.add(number(params) + " params");
    }
    return lines;
  }

  /** The op's kind with its key arguments; an op without arguments worth showing is its kind. */
  static String describe(Op op) {
    return op.accept(new Describe());
  }

  /** One method per op, so a new op has to say what its box shows. */
  private static final class Describe implements OpVisitor<String> {
    @Override public String conv(Op.Conv2D c) {
      return "conv " + c.filters() + ", " + size(c.kernel()) + stride(c.stride()) + padding(c.padding(), c.pad())
          + dilation(c.dilation()) + (c.grouped() ? ", groups " + c.groups() : "") + act(c.activation());
    }
    @Override public String depthwiseConv(Op.DepthwiseConv2D c) {
      return "depthwise_conv " + size(c.kernel()) + stride(c.stride()) + padding(c.padding(), c.pad())
          + (c.multiplier() == 1 ? "" : ", ×" + c.multiplier()) + act(c.activation());
    }
    @Override public String separableConv(Op.SeparableConv2D c) {
      return "separable_conv " + c.filters() + ", " + size(c.kernel()) + stride(c.stride())
          + padding(c.padding(), c.pad()) + dilation(c.dilation()) + act(c.activation());
    }
    @Override public String convTranspose(Op.ConvTranspose2D c) {
      return c.kind() + " " + c.filters() + ", " + size(c.kernel()) + stride(c.stride())
          + padding(c.padding(), c.pad()) + act(c.activation());
    }
    @Override public String pool(Op.Pool2D p) {
      return p.kind() + " " + size(p.pool()) + stride(p.stride()) + padding(p.padding(), p.pad());
    }
    @Override public String upsample(Op.Upsample2D u) { return "upsample " + size(u.size()); }
    @Override public String dense(Op.Dense d) { return "dense " + d.units() + act(d.activation()); }
    @Override public String dropout(Op.Dropout d) { return "dropout " + String.format(Locale.ROOT, "%s", d.rate()); }
    @Override public String zeroPad(Op.ZeroPad z) {
      return "zeropad " + z.top() + "," + z.bottom() + "," + z.left() + "," + z.right();
    }
    @Override public String globalPool(Op.GlobalPool g) { return g.kind(); }
    @Override public String batchNorm(Op.BatchNorm b) { return b.kind(); }
    @Override public String flatten(Op.Flatten f) { return f.kind(); }
    @Override public String activation(Op.ActivationOp a) { return a.kind(); }
    @Override public String prelu(Op.PRelu p) { return p.kind(); }
    @Override public String mfm(Op.Mfm m) { return m.kind(); }
    @Override public String channelShuffle(Op.ChannelShuffle s) { return s.kind() + " " + s.groups(); }
    @Override public String channelSplit(Op.ChannelSplit s) { return s.kind() + " " + s.index() + "/" + s.parts(); }
    @Override public String add(Op.Add a) { return a.kind(); }
    @Override public String multiply(Op.Multiply m) { return m.kind(); }
    @Override public String concat(Op.Concat c) { return c.kind(); }
  }

  private static String dilation(Size2D d) {
    return d.height() == 1 && d.width() == 1 ? "" : " dilation " + size(d);
  }

  private static String size(Size2D s) {
    return s.height() + "×" + s.width();
  }

  private static String stride(Size2D s) {
    if (s.height() == 1 && s.width() == 1) {
      return "";
    }
    return s.height() == s.width() ? " /" + s.height() : " /" + size(s);
  }

  private static String padding(Padding p, Size2D pad) {
    if (p == Padding.SAME) {
      return " same";
    }
    if (pad.height() == 0 && pad.width() == 0) {
      return "";
    }
    return " pad " + (pad.height() == pad.width() ? Integer.toString(pad.height()) : size(pad));
  }

  private static String act(Activation a) {
    return a == Activation.IDENTITY ? "" : ", " + a.specName();
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
