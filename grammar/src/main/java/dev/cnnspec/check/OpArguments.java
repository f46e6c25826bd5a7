package dev.cnnspec.check;

import static dev.cnnspec.diag.DiagnosticCode.INVALID_VALUE;

import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OpVisitor;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Size2D;

/**
 * Rejects op arguments no shape rule could make sense of (E0210): kernels, strides, pool windows
 * and dilations below 1, fewer than one filter or unit, negative padding, drop rates outside
 * [0, 1). The language front end checks types, but values can still come from arithmetic on
 * parameters ({@code filters / 4}), and the Java front end has no evaluator at all, so the checker
 * is the one place every graph passes through.
 */
final class OpArguments {
  private final Diagnostics diagnostics;
  private boolean failed;

  OpArguments(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Reports every bad argument of the layer; true when there was none. */
  boolean validate(String layer, Op op, Location at) {
    failed = false;
    op.accept(new Rules(layer, at));
    return !failed;
  }

  /** The argument rules of each op; {@code null} is the visitor's "nothing to return". */
  private final class Rules implements OpVisitor<Void> {
    private final String layer;
    private final Location at;

    Rules(String layer, Location at) {
      this.layer = layer;
      this.at = at;
    }

    @Override
    public Void conv(Op.Conv2D c) {
      atLeastOne(layer, at, "filters", c.filters(), "give conv at least one filter");
      atLeastOne(layer, at, "groups", c.groups(), "use groups: 1 for an ordinary convolution");
      kernelWindow(c, c.activation());
      return null;
    }

    @Override
    public Void depthwiseConv(Op.DepthwiseConv2D c) {
      atLeastOne(layer, at, "multiplier", c.multiplier(), "give depthwise_conv a multiplier of at least 1");
      kernelWindow(c, c.activation());
      return null;
    }

    @Override
    public Void separableConv(Op.SeparableConv2D c) {
      atLeastOne(layer, at, "filters", c.filters(), "give separable_conv at least one filter");
      atLeastOne(layer, at, "multiplier", c.multiplier(), "give separable_conv a multiplier of at least 1");
      kernelWindow(c, c.activation());
      return null;
    }

    @Override
    public Void convTranspose(Op.ConvTranspose2D c) {
      atLeastOne(layer, at, "filters", c.filters(), "give conv_transpose at least one filter");
      window(layer, at, "kernel", c.kernel());
      window(layer, at, "stride", c.stride());
      padding(c.padding(), c.pad());
      notMfm(layer, at, c.activation());
      return null;
    }

    @Override
    public Void upsample(Op.Upsample2D u) {
      window(layer, at, "size", u.size());
      return null;
    }

    private void kernelWindow(Op.Windowed c, Activation activation) {
      window(layer, at, "kernel", c.window());
      window(layer, at, "stride", c.stride());
      window(layer, at, "dilation", c.dilation());
      padding(c.padding(), c.pad());
      notMfm(layer, at, activation);
    }

    @Override
    public Void pool(Op.Pool2D p) {
      window(layer, at, "pool", p.pool());
      window(layer, at, "stride", p.stride());
      padding(p.padding(), p.pad());
      if (p.countPad() && p.type() == PoolType.MAX) {
        error(at, layer + ": count_pad says how an average counts padding; max pooling has no average",
            "remove count_pad, or use avgpool");
      }
      if (p.ceil() && p.padding() == Padding.SAME) {
        error(at, layer + ": ceil rounds the output size of valid or explicit padding up; padding: same has"
                + " its own size, ⌈n / stride⌉",
            "remove ceil: true, or use padding: valid (or padding: 1 …) with it");
      }
      return null;
    }

    private void padding(Padding padding, Size2D pad) {
      if (pad.height() < 0 || pad.width() < 0) {
        error(at, layer + ": padding must not be negative, got " + pad, "use padding of 0 or more on each side");
      } else if (padding == Padding.SAME && (pad.height() != 0 || pad.width() != 0)) {
        error(at, layer + ": explicit padding " + pad + " cannot be combined with padding: same",
            "give either padding: same or the padding on each side, e.g. padding: 1");
      }
    }

    @Override
    public Void globalPool(Op.GlobalPool op) {
      return null;
    }

    @Override
    public Void zeroPad(Op.ZeroPad z) {
      if (z.top() < 0 || z.bottom() < 0 || z.left() < 0 || z.right() < 0) {
        error(at,
            layer + ": padding must not be negative, got [" + z.top() + ", " + z.bottom() + ", "
                + z.left() + ", " + z.right() + "] (top, bottom, left, right)",
            "use padding of 0 or more; crop with a valid-padded conv or pool instead");
      }
      return null;
    }

    @Override
    public Void dense(Op.Dense d) {
      atLeastOne(layer, at, "units", d.units(), "give dense at least one unit");
      notMfm(layer, at, d.activation());
      return null;
    }

    @Override
    public Void dropout(Op.Dropout d) {
      if (!(d.rate() >= 0 && d.rate() < 1)) {
        error(at,
            layer + ": dropout rate is the fraction dropped and must be in [0, 1), got " + d.rate(),
            "use a drop rate such as 0.5 (DL4J's retain probability is 1 - rate)");
      }
      return null;
    }

    @Override
    public Void batchNorm(Op.BatchNorm b) {
      if (!(b.momentum() >= 0 && b.momentum() <= 1)) {
        error(at,
            layer + ": batchnorm momentum must be in [0, 1], got " + b.momentum(),
            "use a momentum such as 0.9 or 0.99");
      }
      if (!(b.epsilon() > 0)) {
        error(at,
            layer + ": batchnorm epsilon must be positive, got " + b.epsilon(),
            "use an epsilon such as 1e-5");
      }
      return null;
    }

    @Override
    public Void flatten(Op.Flatten op) {
      return null;
    }

    @Override
    public Void activation(Op.ActivationOp a) {
      notMfm(layer, at, a.activation());
      return null;
    }

    @Override
    public Void prelu(Op.PRelu op) {
      return null;
    }

    @Override
    public Void mfm(Op.Mfm op) {
      return null;
    }

    @Override
    public Void channelShuffle(Op.ChannelShuffle s) {
      atLeastOne(layer, at, "groups", s.groups(), "shuffle between at least 1 group (1 leaves the order)");
      return null;
    }

    @Override
    public Void channelSplit(Op.ChannelSplit s) {
      atLeastOne(layer, at, "parts", s.parts(), "split into at least 1 part");
      if (s.parts() >= 1 && (s.index() < 0 || s.index() >= s.parts())) {
        error(at, layer + ": channel_split index " + s.index() + " names no part of " + s.parts()
            + " (parts are numbered from 0)", "use an index from 0 to " + (s.parts() - 1));
      }
      return null;
    }

    @Override
    public Void add(Op.Add op) {
      return null;
    }

    @Override
    public Void multiply(Op.Multiply op) {
      return null;
    }

    @Override
    public Void concat(Op.Concat op) {
      return null;
    }
  }

  private void error(Location at, String message, String hint) {
    failed = true;
    diagnostics.error(INVALID_VALUE, at, message, hint);
  }

  private void atLeastOne(String layer, Location at, String what, int value, String hint) {
    if (value < 1) {
      error(at, layer + ": " + what + " must be at least 1, got " + value, hint);
    }
  }

  private void window(String layer, Location at, String what, Size2D size) {
    if (size.height() < 1 || size.width() < 1) {
      error(at,
          layer + ": " + what + " must be at least 1×1, got " + size,
          "use a " + what + " of 1 or more in each dimension");
    }
  }

  // GraphBuilder splits mfm off into its own layer; a graph built without it would otherwise
  // reach back ends with an activation they cannot express.
  private void notMfm(String layer, Location at, Activation activation) {
    if (activation == Activation.MFM) {
      error(at,
          layer + ": mfm is not an element-wise activation and cannot be fused into the layer",
          "build the graph with GraphBuilder, which splits mfm into its own layer");
    }
  }
}
