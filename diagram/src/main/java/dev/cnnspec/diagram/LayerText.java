package dev.cnnspec.diagram;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.BlockPath;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.Op;
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
    if (op instanceof Op.Conv2D c) {
      return "conv " + c.filters() + ", " + size(c.kernel()) + stride(c.stride()) + padding(c.padding())
          + (c.dilation().height() == 1 && c.dilation().width() == 1 ? "" : " dilation " + size(c.dilation()))
          + activation(c.activation());
    } else if (op instanceof Op.Pool2D p) {
      return p.kind() + " " + size(p.pool()) + stride(p.stride()) + padding(p.padding());
    } else if (op instanceof Op.Dense d) {
      return "dense " + d.units() + activation(d.activation());
    } else if (op instanceof Op.Dropout d) {
      return "dropout " + String.format(Locale.ROOT, "%s", d.rate());
    } else if (op instanceof Op.ZeroPad z) {
      return "zeropad " + z.top() + "," + z.bottom() + "," + z.left() + "," + z.right();
    }
    return op.kind();
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

  private static String padding(Padding p) {
    return p == Padding.SAME ? " same" : "";
  }

  private static String activation(Activation a) {
    return a == Activation.IDENTITY ? "" : ", " + a.specName();
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
