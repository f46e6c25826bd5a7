package dev.cnnspec.report;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;

/**
 * The code that runs a layer in a DL4J training step (DL4J 1.0.0-M2.1, {@code WorkspaceMode.ENABLED})
 * and the arrays it allocates there, per kind of workspace ({@link Dl4jWorkspaces}). One constant per
 * implementation, its memory declared beside it; {@link Dl4jKernels} says which runs each layer on
 * each {@link Dl4jPath}. A helper added to the fast path gets a constant here and a case there, and
 * {@code Dl4jWorkspacesTest} (runtime) measures every layer's arrays inside DL4J's own {@code fit}
 * and names the layer whose figures differ from these.
 *
 * <p>The figures were read from DL4J's source and checked by that test on LeNet-5, Light CNN and a
 * residual network with batch norms, on both paths. "Scratch" is working memory
 * ({@code WS_LAYER_WORKING_MEM}), reset after each layer's forward and each layer's backward step.
 */
public enum Dl4jKernel {
  /**
   * Fast path: DL4J's {@code ConvolutionLayer} over the runtime's {@code DnnlConvHelper} (oneDNN 2.5.2;
   * it allocates in DL4J's workspaces what DL4J's oneDNN helper did), cache mode {@code DEVICE}: the
   * pre-activation is kept beside the activation for backward; backward writes the input gradient
   * and, with an activation, its derivative ({@code in.ulike()}) as scratch.
   */
  CONV_CACHED {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(2 * s.out(), s.in(), 0, s.derivative());
    }
  },
  /**
   * Fast path, {@link FastPathRules#skipsInputGradient}: the runtime's {@code DnnlConvHelper} without
   * the input gradient (oneDNN 2.5.2's backward-weights primitive, writing the weight and bias
   * gradients straight into DL4J's gradient views). Its blocked copies and oneDNN's scratchpad live in
   * one buffer per thread outside DL4J's workspaces, so the only scratch is the activation's
   * derivative.
   */
  CONV_INPUT {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(2 * s.out(), 0, 0, s.derivative());
    }
  },
  /**
   * Plain path: {@code ConvolutionLayer}'s own im2col and matrix product. Forward scratch is the
   * im2col matrix ({@code N·oH·oW × C·kH·kW}); backward recomputes the forward (im2col and the
   * pre-activation, both scratch there), copies the output gradient into a matrix, multiplies into a
   * column-shaped input gradient and col2im's it: three im2col-sized arrays and two output-sized
   * ones, plus the derivative.
   */
  CONV_IM2COL {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      long col = Dl4jWorkspaces.aligned(s.im2colBytes());
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), col, 3 * col + 2 * s.out() + s.derivative());
    }
  },
  /**
   * A convolution that is one libnd4j op (DL4J's depthwise, separable and transposed layers, the
   * runtime's depthwise one for a conv with a group per channel), activated in place: backward's
   * scratch is an output-sized gradient beside the activation's derivative.
   */
  CONV_ONE_OP {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), 0, s.out() + s.derivative());
    }
  },
  /**
   * The runtime's {@code GroupedConvolutionLayer} (1 < groups < channels): per group a copy of the
   * input's channels, of the weights and biases, and an output, as forward scratch; backward
   * computes three times as much (the forward's arrays again, their gradients, and the copies the
   * per-group gradient ops take), beside the activation's derivative.
   */
  CONV_GROUPED {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      long perGroup = Dl4jWorkspaces.aligned(s.weightBytes() / s.groups())
          + Dl4jWorkspaces.aligned(s.biasBytes() / s.groups());
      long forward = s.out() + s.in() + s.groups() * perGroup;
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), forward, 3 * forward + s.derivative());
    }
  },
  /** Fast path: the runtime's {@code NativeDenseLayer}; backward's scratch is the output gradient and the derivative. */
  DENSE_ONE_OP {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), 0, s.out() + s.derivative());
    }
  },
  /** Plain path: DL4J's {@code DenseLayer}; its pre-activation is scratch forward and recomputed backward. */
  DENSE_DL4J {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), s.out(), 2 * s.out() + s.derivative());
    }
  },
  /**
   * Fast path: the runtime's {@code NativeOutputLayer}. DL4J keeps the output's activation (outside
   * the vertex's own calls) and writes the loss gradient beside the input gradient.
   */
  OUTPUT_ONE_OP {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in() + s.out(), 0, 2 * s.out());
    }
  },
  /** Plain path: DL4J's {@code OutputLayer}, which recomputes its pre-activation in backward. */
  OUTPUT_DL4J {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in() + s.out(), 0, 3 * s.out());
    }
  },
  /**
   * Fast path, {@link FastPathRules#hostBatchNorm}: the runtime's {@code HostBatchNormHelper} writes
   * its output and input gradient straight into DL4J's activation and error-signal arrays, and the
   * gamma/beta gradients into DL4J's gradient views; what is left as scratch are per-channel vectors
   * (forward three, backward three, all DL4J's own). Its batch statistics are detached per-channel
   * arrays (or float[] on the Java heap) and oneDNN's blocked copies live in the thread's native
   * scratch buffer: outside workspaces, not counted here.
   */
  BATCH_NORM_HOST {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), 3 * s.channelVector(), 3 * s.channelVector());
    }
  },
  /**
   * Fast path, flat input: DL4J's oneDNN batch-norm helper (statistics detached, two per-channel
   * arrays per layer as DL4J's own helper keeps them); backward copies the output gradient, which
   * arrives as a view, and allocates per-channel vectors.
   */
  BATCH_NORM_ONEDNN {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), s.channelVector(), s.in() + 5 * s.channelVector());
    }
  },
  /**
   * Plain path: DL4J's own batch norm, which keeps the standard deviation (and for a flat input
   * the centred and normalised input) for backward, and works through input-sized temporaries; an
   * input that is a view (a plain convolution's permuted output) is copied first.
   */
  BATCH_NORM_DL4J {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      long c = s.channelVector();
      long kept = s.out() + c + (s.spatial() ? 0 : 2 * s.in());
      long forward = (s.spatial() ? 2 : 3) * s.in() + 2 * c + (s.inputIsView() ? s.in() : 0);
      return new Dl4jWorkspaces.LayerUse(kept, s.in(), forward, 3 * s.in() + 11 * c);
    }
  },
  /**
   * Max-feature-map on the runtime's host kernel, which takes a whole C-ordered input: no scratch.
   * Which inputs are whole depends on the producer ({@link Dl4jKernels}).
   */
  MFM_HOST {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), 0, 0);
    }
  },
  /** Max-feature-map on ND4J ops: backward's halves comparison (one byte per output value), the mask and a product. */
  MFM_ND4J {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), 0,
          s.in() + s.out() + Dl4jWorkspaces.aligned(s.out() / Float.BYTES));
    }
  },
  /**
   * DL4J's {@code ActivationLayer}: backward duplicates its input into the error-signal workspace
   * and takes the derivative there in place; a derivative allocated elsewhere (ReLU's, as scratch)
   * or the identity's (the gradient itself) is copied back beside it: two input-sized signals.
   */
  ACTIVATION {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      boolean inPlace = s.activated() && !s.derivativeAllocates();
      return new Dl4jWorkspaces.LayerUse(s.out(), (inPlace ? 1 : 2) * s.in(), 0, s.derivative());
    }
  },
  /**
   * The runtime's stand-alone plain ReLU ({@code ReluKernel} inside {@code CopyOnShareActivation}),
   * on every path: forward writes the output and backward the input gradient, once each, with no
   * copy of the input and no scratch.
   */
  RELU_LAYER {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), 0, 0);
    }
  },
  /**
   * A ReLU layer after a batch norm that applies the ReLU itself in training ({@code FusedReluLayer},
   * {@link FastPathRules#fusesRelu}): forward hands the batch norm's array on (nothing kept of its own),
   * backward writes one copy of the gradient.
   */
  RELU_FUSED {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(0, s.in(), 0, 0);
    }
  },
  /**
   * Fast path, {@link FastPathRules#onePassAdd}: the runtime's {@code AddVertex} writes the sum (rectified
   * when it applies the next ReLU layer's ReLU) and one gradient per input, as DL4J's add does, in fewer
   * passes; memory as {@link #GENERIC}.
   */
  ADD_ONE_PASS {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), 0, 0);
    }
  },
  /** DL4J's {@code PReLULayer}: backward's scratch is an output-sized derivative and the slopes' gradient. */
  PRELU {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), 0, s.out() + Dl4jWorkspaces.aligned(s.parameterBytes()));
    }
  },
  /**
   * Fast path: DL4J's {@code Upsampling2D} under cache mode {@code DEVICE} keeps a duplicate of
   * its output for backward, as a convolution keeps its pre-activation (on the plain path it is
   * {@link #GENERIC}).
   */
  UPSAMPLE_CACHED {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(2 * s.out(), s.in(), 0, 0);
    }
  },
  /**
   * Fast path, {@link FastPathRules#keepsPoolWinners}: the runtime's max-pooling kernel keeps, beside
   * the output, one byte per output value (each window's winner) for backward.
   */
  MAX_POOL_WINNERS {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out() + Dl4jWorkspaces.aligned(s.out() / Float.BYTES), s.in(), 0,
          s.derivative());
    }
  },
  /** DL4J's {@code GlobalPoolingLayer}: its reduction and its broadcast gradient are scratch. */
  GLOBAL_POOL {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), s.out(), s.in());
    }
  },
  /**
   * DL4J's {@code CnnToFeedForwardPreProcessor}: a reshape, a view of its input unless that is not
   * C-ordered with default strides, when it copies it into the kept workspace first. Measured: a
   * 1×1 spatial input (Light CNN's last pooling) is copied on both paths, a larger one (LeNet-5's)
   * is not.
   */
  FLATTEN {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.onePixel() ? s.in() : 0, s.in(), 0, 0);
    }
  },
  /**
   * Everything else: its output kept, one gradient per input, the activation's derivative as
   * scratch. Measured per layer for pooling (DL4J's, and the runtime's average pooling), residual adds, multiply,
   * concat, channel shuffle and split, zero padding, dropout and the plain path's upsampling.
   */
  GENERIC {
    @Override
    Dl4jWorkspaces.LayerUse use(Site s) {
      return new Dl4jWorkspaces.LayerUse(s.out(), s.in(), 0, s.derivative());
    }
  };

  /** The layer's arrays in one training step for the batch, bytes, each as ND4J aligns it. */
  abstract Dl4jWorkspaces.LayerUse use(Site s);

  /** The kernel that runs {@code layer} of {@code model} on {@code path}. */
  public static Dl4jKernel running(Dl4jPath path, NetworkModel model, LayerModel layer) {
    return Dl4jKernels.of(path, model, layer);
  }

  /**
   * What a kernel's memory depends on, bytes for the batch unless said otherwise.
   *
   * @param in the layer's inputs together
   * @param out its output
   * @param inChannels channels of its first input (1 for a flat one)
   * @param activated whether it applies a non-identity activation
   * @param derivativeAllocates whether that activation's backward step allocates its derivative (scratch)
   * @param parameterBytes the layer's parameters, bytes (one copy)
   * @param channels batch norm's channel (or unit) count, else 0
   * @param spatial whether its first input is spatial
   * @param onePixel whether that input is spatial of height and width 1
   * @param inputIsView whether DL4J hands it its input as a view (a plain convolution's output)
   * @param groups a convolution's groups (1 otherwise)
   * @param weightBytes the layer's weights (a convolution's kernel), for the batch's one gradient
   * @param biasBytes its biases
   * @param im2colBytes a convolution's im2col matrix, N·oH·oW·C·kH·kW values
   */
  record Site(long in, long out, long inChannels, boolean activated, boolean derivativeAllocates,
      long parameterBytes, long channels, boolean spatial,
      boolean onePixel, boolean inputIsView, int groups, long weightBytes, long biasBytes, long im2colBytes) {
    /** The activation's derivative where its backward step allocates one as scratch. */
    long derivative() {
      return activated && derivativeAllocates ? out : 0;
    }

    /** One per-channel float vector as allocated. */
    long channelVector() {
      return Dl4jWorkspaces.aligned(channels * Float.BYTES);
    }
  }
}
