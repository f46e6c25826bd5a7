package dev.cnnspec.model;

/**
 * The activation × loss table of output heads: which pairs train as written, which get softmax
 * fused into the loss, and which make no sense. It is one table for three readers — the checker
 * reports the refused pairs at the head, and both DL4J back ends (generated code, interpreter)
 * apply the fused softmax — so that a weighted head (whose {@code WeightedLoss} wrapper hides it
 * from DL4J's own output-layer validator) follows exactly the rule of an unweighted one.
 *
 * <p>The rule follows PyTorch and Keras: {@code cross_entropy} accepts logits (PyTorch's
 * {@code CrossEntropyLoss}, Keras's {@code from_logits=True}) as well as softmax probabilities;
 * {@code nll} is the same loss on probabilities only (DL4J's {@code NEGATIVELOGLIKELIHOOD}, Keras's
 * {@code categorical_crossentropy}); {@code binary_cross_entropy} needs sigmoid probabilities
 * (PyTorch's {@code BCELoss}); {@code mse} and {@code mae} take any values. docs/language.md shows
 * the whole table.
 */
public final class LossPairing {
  private LossPairing() {}

  /** What a back end does with a head, or why the checker refuses it. */
  public enum Verdict {
    /** The head's values are what the loss expects: the loss reads them unchanged. */
    AS_IS,
    /** Logits with {@code cross_entropy}: the loss applies softmax first, and predictions are probabilities. */
    FUSE_SOFTMAX,
    /** The loss needs probabilities and the head's activation does not give them. */
    NOT_PROBABILITIES,
    /** Probabilities of the other kind: sigmoid's per-unit ones for a one-of-n loss, or softmax's for binary cross-entropy. */
    WRONG_PROBABILITIES;

    public boolean trains() {
      return this == AS_IS || this == FUSE_SOFTMAX;
    }
  }

  /**
   * The activation that produced a head's values: that of the dense or activation layer the head
   * reads; identity (unbounded scores, i.e. logits) for every layer without one — pooling, merges,
   * batch norm, dropout, flatten, mfm — and for a network input.
   */
  public static Activation headActivation(Op sourceOp) {
    return sourceOp == null ? Activation.IDENTITY : sourceOp.accept(LAST_ACTIVATION);
  }

  /**
   * The activation each op ends in: a visitor, so that a new op must say whether it has one
   * (an {@code instanceof} chain would silently call it unbounded).
   */
  private static final OpVisitor<Activation> LAST_ACTIVATION = new OpVisitor<>() {
    @Override
    public Activation conv(Op.Conv2D op) {
      return op.activation();
    }

    @Override
    public Activation depthwiseConv(Op.DepthwiseConv2D op) {
      return op.activation();
    }

    @Override
    public Activation separableConv(Op.SeparableConv2D op) {
      return op.activation();
    }

    @Override
    public Activation convTranspose(Op.ConvTranspose2D op) {
      return op.activation();
    }

    @Override
    public Activation dense(Op.Dense op) {
      return op.activation();
    }

    @Override
    public Activation activation(Op.ActivationOp op) {
      return op.activation();
    }

    @Override
    public Activation pool(Op.Pool2D op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation globalPool(Op.GlobalPool op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation zeroPad(Op.ZeroPad op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation upsample(Op.Upsample2D op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation dropout(Op.Dropout op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation batchNorm(Op.BatchNorm op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation flatten(Op.Flatten op) {
      return Activation.IDENTITY;
    }

    /** Unbounded below and above, as logits are. */
    @Override
    public Activation prelu(Op.PRelu op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation mfm(Op.Mfm op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation channelShuffle(Op.ChannelShuffle op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation channelSplit(Op.ChannelSplit op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation add(Op.Add op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation multiply(Op.Multiply op) {
      return Activation.IDENTITY;
    }

    @Override
    public Activation concat(Op.Concat op) {
      return Activation.IDENTITY;
    }
  };


  /** The table itself. Exhaustive on purpose: a new activation or loss must be placed in it. */
  public static Verdict verdict(Activation head, Loss loss) {
    return switch (loss) {
      case MSE, MAE -> Verdict.AS_IS;
      case CROSS_ENTROPY -> switch (head) {
        case SOFTMAX -> Verdict.AS_IS;
        case IDENTITY, MFM -> Verdict.FUSE_SOFTMAX;
        case SIGMOID -> Verdict.WRONG_PROBABILITIES;
        case RELU, LEAKY_RELU, TANH, RELU6, SWISH, HARD_SIGMOID, HARD_SWISH, GELU, ELU, SELU ->
            Verdict.NOT_PROBABILITIES;
      };
      case NLL -> switch (head) {
        case SOFTMAX -> Verdict.AS_IS;
        case SIGMOID -> Verdict.WRONG_PROBABILITIES;
        case IDENTITY, MFM, RELU, LEAKY_RELU, TANH, RELU6, SWISH, HARD_SIGMOID, HARD_SWISH, GELU, ELU, SELU ->
            Verdict.NOT_PROBABILITIES;
      };
      case BINARY_CROSS_ENTROPY -> switch (head) {
        case SIGMOID -> Verdict.AS_IS;
        case SOFTMAX -> Verdict.WRONG_PROBABILITIES;
        case IDENTITY, MFM, RELU, LEAKY_RELU, TANH, RELU6, SWISH, HARD_SIGMOID, HARD_SWISH, GELU, ELU, SELU ->
            Verdict.NOT_PROBABILITIES;
      };
    };
  }

  /** {@code true} for the losses over one distribution of classes, which need at least two units. */
  public static boolean isCategorical(Loss loss) {
    return loss == Loss.CROSS_ENTROPY || loss == Loss.NLL;
  }

  /**
   * Whether a head's loss must clip the probabilities it receives, as Keras' categorical
   * cross-entropy does: a per-pixel categorical head whose softmax comes before its loss layer
   * (the loss layer's own activation is the identity). DL4J's loss clips only behind its own
   * softmax, and a saturated one gives NaN (r32). One rule for both DL4J back ends.
   */
  public static boolean clipsProbabilities(OutputModel head, Activation lossLayerActivation) {
    return head.shape() instanceof Shape.Spatial && lossLayerActivation == Activation.IDENTITY
        && isCategorical(head.node().loss());
  }
}
