package dev.cnnspec.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link HostBatchNormHelper} ({@link BatchNormKernel}) in float against DL4J's own batch norm
 * layer in double, without any helper: the training forward's output and batch statistics, and the
 * backward's input gradient, dGamma and dBeta. The shapes cover a batch that is not a multiple of
 * the kernel's flush interval, a plane larger than its block, and a mean far from zero against the
 * spread (where a single-pass variance without a shift would cancel).
 */
class BatchNormKernelTest {
  @Test
  void resnetLikeShape() {
    compare(37, 5, 9, 9, 0.5, 2.0);
  }

  @Test
  void planeLargerThanABlockAndManyImages() {
    compare(70, 3, 66, 66, -1.0, 0.5);
  }

  @Test
  void meanFarFromZeroAgainstTheSpread() {
    compare(33, 4, 8, 8, 1000.0, 0.01);
  }

  private static void compare(int n, int c, int h, int w, double mean, double spread) {
    Nd4j.getRandom().setSeed(n * 31L + c);
    // Values a float holds exactly, so that the reference sees what the kernel sees.
    INDArray x = floats(Nd4j.randn(DataType.DOUBLE, n, c, h, w).muli(spread).addi(mean));
    INDArray eps = floats(Nd4j.randn(DataType.DOUBLE, n, c, h, w));
    INDArray gamma = floats(Nd4j.rand(DataType.DOUBLE, 1, c).addi(0.5));
    INDArray beta = floats(Nd4j.randn(DataType.DOUBLE, 1, c));

    BatchNormalization dl4j = layer(c, h, w);
    dl4j.setParam("gamma", gamma);
    dl4j.setParam("beta", beta);
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    dl4j.setInput(x, mgr);
    INDArray expectedOut = dl4j.activate(true, mgr).dup();
    Pair<Gradient, INDArray> expected = dl4j.backpropGradient(eps, mgr);

    HostBatchNormHelper helper = new HostBatchNormHelper(null, false);
    INDArray xf = x.castTo(DataType.FLOAT);
    INDArray gammaF = gamma.castTo(DataType.FLOAT);
    INDArray betaF = beta.castTo(DataType.FLOAT);
    long[] shape = {1, c};
    INDArray out = helper.preOutput(xf, true, shape, gammaF, betaF, null, null, 0.9, 1e-5, CNN2DFormat.NCHW, mgr);
    INDArray dGamma = Nd4j.create(DataType.FLOAT, 1, c);
    INDArray dBeta = Nd4j.create(DataType.FLOAT, 1, c);
    Pair<Gradient, INDArray> actual = helper.backpropGradient(xf, eps.castTo(DataType.FLOAT), shape, gammaF, betaF,
        dGamma, dBeta, 1e-5, CNN2DFormat.NCHW, mgr);

    INDArray meanExpected = x.mean(0, 2, 3);
    INDArray varExpected = x.var(false, 0, 2, 3);
    assertClose("mean", meanExpected, helper.getMeanCache(DataType.DOUBLE).reshape(meanExpected.shape()), 1e-6);
    assertClose("variance", varExpected, helper.getVarCache(DataType.DOUBLE).reshape(varExpected.shape()), 1e-4);
    assertClose("output", expectedOut, out, 1e-4);
    assertClose("input gradient", expected.getSecond(), actual.getSecond(), 1e-4);
    assertClose("dGamma", expected.getFirst().getGradientFor("gamma"), dGamma, 1e-4);
    assertClose("dBeta", expected.getFirst().getGradientFor("beta"), dBeta, 1e-4);
  }

  private static INDArray floats(INDArray a) {
    return a.castTo(DataType.FLOAT).castTo(DataType.DOUBLE);
  }

  /** DL4J's batch norm layer in double with no helper: its own code is the reference. */
  private static BatchNormalization layer(int c, int h, int w) {
    NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
        .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().nIn(c).nOut(c).eps(1e-5)
            .decay(0.9).build())
        .build();
    conf.getLayer().setNIn(InputType.convolutional(h, w, c), true);
    long params = conf.getLayer().initializer().numParams(conf);
    BatchNormalization layer = (BatchNormalization) conf.getLayer().instantiate(conf, null, 0,
        Nd4j.create(DataType.DOUBLE, 1, params), true, DataType.DOUBLE);
    layer.setBackpropGradientsViewArray(Nd4j.create(DataType.DOUBLE, 1, params));
    HostBatchNormHelperTest.setHelper(layer, null);
    return layer;
  }

  /** Largest difference relative to the largest magnitude of the reference (at least 1). */
  static void assertClose(String what, INDArray expected, INDArray actual, double relative) {
    INDArray e = expected.castTo(DataType.DOUBLE);
    INDArray a = actual.castTo(DataType.DOUBLE).reshape(e.shape());
    double scale = Math.max(1, e.amaxNumber().doubleValue());
    double diff = e.sub(a).amaxNumber().doubleValue();
    assertTrue(diff <= relative * scale, () -> what + ": largest difference " + diff + " against scale " + scale);
    assertEquals(e.length(), a.length(), what);
  }
}
