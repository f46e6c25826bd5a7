package dev.cnnspec.check;

import static dev.cnnspec.diag.DiagnosticCode.LOSS_NEEDS_PROBABILITIES;
import static dev.cnnspec.diag.DiagnosticCode.LOSS_WRONG_PROBABILITIES;
import static dev.cnnspec.diag.DiagnosticCode.SINGLE_CLASS_HEAD;

import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.LossPairing;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputNode;
import dev.cnnspec.model.Shape;

/**
 * Reports the output heads whose activation and loss do not fit together ({@link LossPairing}'s
 * table), and categorical heads over a single unit. DL4J checks some of these pairs itself, but
 * only for unweighted heads and only when the graph is built; here every head gets the same rule,
 * at check time, with a hint that names the fix.
 */
final class HeadRules {
  private HeadRules() {}

  /**
   * @param sourceOp the op of the layer the head reads, or null when it reads a network input
   * @return false when an error was reported
   */
  static boolean check(OutputNode output, Op sourceOp, Shape shape, Diagnostics diagnostics) {
    Activation activation = LossPairing.headActivation(sourceOp);
    Loss loss = output.loss();
    String ends = "its source '" + output.source() + "' "
        + (sourceOp == null ? "is a network input" : "ends in " + activation.specName());
    String what = "output " + output.name() + ": loss " + loss.specName();
    switch (LossPairing.verdict(activation, loss)) {
      case NOT_PROBABILITIES -> {
        diagnostics.error(LOSS_NEEDS_PROBABILITIES, output.location(),
            what + " needs " + (loss == Loss.BINARY_CROSS_ENTROPY ? "sigmoid probabilities"
                : loss == Loss.NLL ? "softmax probabilities" : "softmax probabilities or logits")
                + ", but " + ends,
            switch (loss) {
              case CROSS_ENTROPY -> "drop the activation (logits: cross_entropy applies softmax itself)"
                  + " or use activation: softmax; for regression use loss mse";
              case NLL -> "use loss cross_entropy for logits, or end the head in activation: softmax";
              default -> "end the head in activation: sigmoid, or use loss mse for unbounded values";
            });
        return false;
      }
      case WRONG_PROBABILITIES -> {
        diagnostics.error(LOSS_WRONG_PROBABILITIES, output.location(),
            loss == Loss.BINARY_CROSS_ENTROPY
                ? what + " scores every unit as its own yes/no probability, but " + ends
                    + " (one distribution over all units)"
                : what + " scores one distribution over the units, but " + ends
                    + " (an independent probability per unit)",
            loss == Loss.BINARY_CROSS_ENTROPY
                ? "use loss cross_entropy for one class per example, or activation: sigmoid for several labels"
                : "use activation: softmax (or none) for one class per example, or loss binary_cross_entropy"
                    + " for several labels");
        return false;
      }
      case AS_IS, FUSE_SOFTMAX -> {
        boolean softmax = activation == Activation.SOFTMAX || LossPairing.isCategorical(loss);
        // A per-pixel head [H, W, C] has one distribution over its C channels at each pixel.
        boolean perPixel = shape instanceof Shape.Spatial;
        long classes = shape instanceof Shape.Spatial s ? s.channels() : shape.elements();
        if (softmax && classes == 1) {
          diagnostics.error(SINGLE_CLASS_HEAD, output.location(),
              "output " + output.name() + ": " + (LossPairing.isCategorical(loss) ? "loss " + loss.specName()
                  : "softmax") + " over a single " + (perPixel ? "channel (per pixel, over " + shape + ")" : "unit")
                  + ": the softmax of one value is always 1, so nothing is learned",
              perPixel
                  ? "give the head one channel per class (at least 2), or use activation: sigmoid with loss"
                      + " binary_cross_entropy for a yes/no mask"
                  : "give the head one unit per class (at least 2), or use activation: sigmoid with loss"
                      + " binary_cross_entropy for a yes/no output");
          return false;
        }
        return true;
      }
    }
    throw new AssertionError();
  }
}
