package dev.cnnspec.model;

/**
 * A function of an {@link Op}, one method per op record and no default methods: the Java compiler
 * rejects a visitor that forgets an op, so adding an op to the sealed {@code Op} hierarchy breaks
 * every back end until it handles the new op (javac's {@code TreeVisitor} works the same way).
 * An exhaustive {@code switch} over the sealed records would do the same, but needs Java 21.
 *
 * <p>The visitors of the project are its per-op back ends: the checker's argument rules
 * ({@code check.OpArguments}), shape rules ({@code check.ShapeRules}) and counts
 * ({@code check.LayerCost}); the generated DL4J code ({@code codegen.dl4j.Dl4jLayerEmitter}); the
 * DL4J interpreter ({@code runtime.dl4j.Dl4jLayers}); and, by the same pattern, an ONNX exporter
 * (issue 13) will be one more. docs/design.md lists the steps of adding an op.
 *
 * @param <R> what the back end makes of an op
 */
public interface OpVisitor<R> {
  R conv(Op.Conv2D op);

  R depthwiseConv(Op.DepthwiseConv2D op);

  R separableConv(Op.SeparableConv2D op);

  R convTranspose(Op.ConvTranspose2D op);

  R pool(Op.Pool2D op);

  R globalPool(Op.GlobalPool op);

  R zeroPad(Op.ZeroPad op);

  R upsample(Op.Upsample2D op);

  R dense(Op.Dense op);

  R dropout(Op.Dropout op);

  R batchNorm(Op.BatchNorm op);

  R flatten(Op.Flatten op);

  R activation(Op.ActivationOp op);

  R prelu(Op.PRelu op);

  R mfm(Op.Mfm op);

  R channelShuffle(Op.ChannelShuffle op);

  R channelSplit(Op.ChannelSplit op);

  R add(Op.Add op);

  R multiply(Op.Multiply op);

  R concat(Op.Concat op);
}
