package dev.cnnspec.check;

import dev.cnnspec.model.Op;
import dev.cnnspec.model.OpVisitor;
import dev.cnnspec.model.Shape;

/**
 * Parameter and multiply-accumulate counts of one layer, from its op and shapes alone: no weight
 * is ever allocated, so checking VGG-16 costs a few hundred multiplications on longs. Counts use
 * exact arithmetic; an overflow throws {@link ArithmeticException}, which the checker turns into a
 * diagnostic (only absurd specs get there).
 *
 * <p>Every op states its count ({@link Counter} is an {@link OpVisitor}): a new op cannot silently
 * count as free. Ops without weights count no MACs either (pooling and element-wise ops are cheap
 * next to convolutions and dense layers, and Keras-style summaries leave them out too).
 */
record LayerCost(long parameters, long trainable, long macs) {

  static final LayerCost FREE = new LayerCost(0, 0, 0);

  static LayerCost of(Op op, Shape in, Shape out) {
    return op.accept(new Counter(in, out));
  }

  private static LayerCost trainable(long params, long macs) {
    return new LayerCost(params, params, macs);
  }

  private record Counter(Shape in, Shape out) implements OpVisitor<LayerCost> {
    /**
     * k_h·k_w·(c_in / groups)·filters weights (+ filters biases); MACs h_out·w_out·(weights): each
     * filter sees only its group's channels.
     */
    @Override
    public LayerCost conv(Op.Conv2D c) {
      int cin = ((Shape.Spatial) in).channels() / c.groups();
      Shape.Spatial o = (Shape.Spatial) out;
      long perFilter = Math.multiplyExact((long) c.kernel().height() * c.kernel().width(), cin);
      long weights = Math.multiplyExact(perFilter, c.filters());
      long params = Math.addExact(weights, c.bias() ? c.filters() : 0);
      return trainable(params, Math.multiplyExact((long) o.height() * o.width(), weights));
    }

    /** k_h·k_w·(C_in·m) weights (+ C_in·m biases); MACs h_out·w_out·k_h·k_w·C_in·m. */
    @Override
    public LayerCost depthwiseConv(Op.DepthwiseConv2D c) {
      Shape.Spatial o = (Shape.Spatial) out;
      long weights = Math.multiplyExact((long) c.kernel().height() * c.kernel().width(), o.channels());
      long params = Math.addExact(weights, c.bias() ? o.channels() : 0);
      return trainable(params, Math.multiplyExact((long) o.height() * o.width(), weights));
    }

    /**
     * Depthwise k_h·k_w·C_in·m plus pointwise C_in·m·filters weights (+ filters biases); MACs
     * h_out·w_out·(both weight counts).
     */
    @Override
    public LayerCost separableConv(Op.SeparableConv2D c) {
      int cin = ((Shape.Spatial) in).channels();
      Shape.Spatial o = (Shape.Spatial) out;
      long depthwise = Math.multiplyExact(Math.multiplyExact((long) c.kernel().height() * c.kernel().width(), cin),
          c.multiplier());
      long pointwise = Math.multiplyExact(Math.multiplyExact((long) cin, c.multiplier()), c.filters());
      long weights = Math.addExact(depthwise, pointwise);
      long params = Math.addExact(weights, c.bias() ? c.filters() : 0);
      return trainable(params, Math.multiplyExact((long) o.height() * o.width(), weights));
    }

    /** k_h·k_w·C_in·filters weights (+ filters biases); MACs h_in·w_in·(weights): each input pixel scatters a kernel. */
    @Override
    public LayerCost convTranspose(Op.ConvTranspose2D c) {
      Shape.Spatial i = (Shape.Spatial) in;
      long weights = Math.multiplyExact(Math.multiplyExact((long) c.kernel().height() * c.kernel().width(), i.channels()),
          c.filters());
      long params = Math.addExact(weights, c.bias() ? c.filters() : 0);
      return trainable(params, Math.multiplyExact((long) i.height() * i.width(), weights));
    }

    @Override
    public LayerCost upsample(Op.Upsample2D op) {
      return FREE;
    }

    @Override
    public LayerCost pool(Op.Pool2D op) {
      return FREE;
    }

    @Override
    public LayerCost globalPool(Op.GlobalPool op) {
      return FREE;
    }

    @Override
    public LayerCost zeroPad(Op.ZeroPad op) {
      return FREE;
    }

    /** in·units weights (+ units biases); MACs in·units. */
    @Override
    public LayerCost dense(Op.Dense d) {
      long weights = Math.multiplyExact(in.elements(), d.units());
      return trainable(Math.addExact(weights, d.bias() ? d.units() : 0), weights);
    }

    @Override
    public LayerCost dropout(Op.Dropout op) {
      return FREE;
    }

    /** 4·C: gamma, beta (trainable), running mean and variance (not). */
    @Override
    public LayerCost batchNorm(Op.BatchNorm op) {
      long c = Dims.features(in);
      return new LayerCost(4 * c, 2 * c, 0);
    }

    @Override
    public LayerCost flatten(Op.Flatten op) {
      return FREE;
    }

    @Override
    public LayerCost activation(Op.ActivationOp op) {
      return FREE;
    }

    /** One slope per element; no MACs counted, as for other activations. */
    @Override
    public LayerCost prelu(Op.PRelu op) {
      return trainable(in.elements(), 0);
    }

    @Override
    public LayerCost mfm(Op.Mfm op) {
      return FREE;
    }

    @Override
    public LayerCost channelShuffle(Op.ChannelShuffle op) {
      return FREE;
    }

    @Override
    public LayerCost channelSplit(Op.ChannelSplit op) {
      return FREE;
    }

    @Override
    public LayerCost add(Op.Add op) {
      return FREE;
    }

    @Override
    public LayerCost multiply(Op.Multiply op) {
      return FREE;
    }

    @Override
    public LayerCost concat(Op.Concat op) {
      return FREE;
    }
  }
}
