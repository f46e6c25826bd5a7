package dev.cnnspec.check;

import dev.cnnspec.model.Op;
import dev.cnnspec.model.Shape;

/**
 * Parameter and multiply-accumulate counts of one layer, from its op and shapes alone: no weight
 * is ever allocated, so checking VGG-16 costs a few hundred multiplications on longs. Counts use
 * exact arithmetic; an overflow throws {@link ArithmeticException}, which the checker turns into a
 * diagnostic (only absurd specs get there).
 *
 * <ul>
 *   <li>conv: k_h·k_w·c_in·filters weights (+ filters biases); MACs h_out·w_out·k_h·k_w·c_in·filters;
 *   <li>dense: in·units weights (+ units biases); MACs in·units;
 *   <li>batch norm: 4·C (gamma, beta, running mean, running variance), 2·C trainable;
 *   <li>everything else: no parameters, and no MACs counted (pooling and element-wise ops are
 *       cheap next to the layers above, and Keras-style summaries leave them out too).
 * </ul>
 */
record LayerCost(long parameters, long trainable, long macs) {

  static final LayerCost FREE = new LayerCost(0, 0, 0);

  static LayerCost of(Op op, Shape in, Shape out) {
    if (op instanceof Op.Conv2D c) {
      int cin = ((Shape.Spatial) in).channels();
      Shape.Spatial o = (Shape.Spatial) out;
      long perFilter = Math.multiplyExact((long) c.kernel().height() * c.kernel().width(), cin);
      long weights = Math.multiplyExact(perFilter, c.filters());
      long params = Math.addExact(weights, c.bias() ? c.filters() : 0);
      long macs = Math.multiplyExact((long) o.height() * o.width(), weights);
      return new LayerCost(params, params, macs);
    } else if (op instanceof Op.Dense d) {
      long weights = Math.multiplyExact(in.elements(), d.units());
      long params = Math.addExact(weights, d.bias() ? d.units() : 0);
      return new LayerCost(params, params, weights);
    } else if (op instanceof Op.BatchNorm) {
      long c = Dims.features(in);
      return new LayerCost(4 * c, 2 * c, 0);
    }
    return FREE;
  }
}
