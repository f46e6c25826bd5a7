package dev.cnnspec.runtime.exec;

import static dev.cnnspec.runtime.exec.BatchNormKernelTest.assertClose;
import static dev.cnnspec.runtime.exec.HostBatchNormHelperTest.toBlocked;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cnnspec.runtime.exec.DnnlConvolution.Geometry;
import dev.cnnspec.runtime.exec.DnnlConvolution.Layout;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DnnlConvolution}'s passes with activations in {@code nChw16c} (as along a {@link BlockedEdge})
 * against the same passes on NCHW arrays: forward with the input and/or the output blocked, backward
 * data with the output gradient and/or the input gradient blocked, backward weights with the input
 * and/or the output gradient blocked; on the direct kernels (16 input channels) and {@code auto} (32),
 * strided and not, with and without bias.
 */
class BlockedConvolutionTest {
  @Test
  void blockedPassesEqualNchwPasses() {
    assumeTrue(FastPath.active().isFast() && Dnnl.available(), () -> "oneDNN 2.5.2 unavailable: " + FastPath.active());
    Nd4j.getRandom().setSeed(3);
    // n, c, h, w, o, stride, bias
    long[][] cases = {{3, 16, 9, 9, 16, 1, 0}, {2, 16, 8, 8, 32, 2, 1}, {2, 32, 6, 7, 16, 1, 1}};
    for (long[] k : cases) {
      long n = k[0], c = k[1], h = k[2], w = k[3], o = k[4], s = k[5];
      boolean bias = k[6] == 1;
      long oh = (h + s - 1) / s;
      long ow = (w + s - 1) / s;
      long padH = Math.max(0, (oh - 1) * s + 3 - h);
      long padW = Math.max(0, (ow - 1) * s + 3 - w);
      Geometry g = new Geometry(n, c, h, w, o, 3, 3, s, s, 1, 1, padH / 2, padW / 2, padH - padH / 2,
          padW - padW / 2, oh, ow, bias);
      String where = java.util.Arrays.toString(k) + ": ";
      try (DnnlConvolution conv = new DnnlConvolution(g, c <= 16, Layout.ANY)) {
        INDArray x = Nd4j.randn(DataType.FLOAT, n, c, h, w);
        INDArray wts = Nd4j.randn(DataType.FLOAT, o, c, 3, 3);
        INDArray b = bias ? Nd4j.randn(DataType.FLOAT, o) : null;
        INDArray dy = Nd4j.randn(DataType.FLOAT, n, o, oh, ow);
        INDArray out = Nd4j.create(DataType.FLOAT, n, o, oh, ow);
        conv.forward(x, wts, b, out);
        INDArray dx = Nd4j.create(DataType.FLOAT, n, c, h, w);
        conv.backwardData(wts, dy, dx);
        INDArray dw = Nd4j.create(DataType.FLOAT, o, c, 3, 3);
        INDArray db = bias ? Nd4j.create(DataType.FLOAT, o) : null;
        conv.backwardWeights(x, dy, dw, db);
        for (int v = 1; v < 4; v++) {
          boolean in = (v & 1) != 0;
          boolean outSide = (v & 2) != 0;
          String at = where + "input " + (in ? "blocked" : "NCHW") + ", output " + (outSide ? "blocked" : "NCHW") + ": ";
          INDArray xb = in ? toBlocked(x) : x;
          INDArray dyb = outSide ? toBlocked(dy) : dy;
          INDArray out2 = Nd4j.create(DataType.FLOAT, n, o, oh, ow);
          conv.forward(xb, wts, b, out2, in, outSide);
          assertClose(at + "forward", outSide ? toBlocked(out) : out, out2, 1e-5);
          INDArray dx2 = Nd4j.create(DataType.FLOAT, n, c, h, w);
          conv.backwardData(wts, dyb, dx2, outSide, in);
          assertClose(at + "backward data", in ? toBlocked(dx) : dx, dx2, 1e-5);
          INDArray dw2 = Nd4j.create(DataType.FLOAT, o, c, 3, 3);
          INDArray db2 = bias ? Nd4j.create(DataType.FLOAT, o) : null;
          conv.backwardWeights(xb, dyb, dw2, db2, in, outSide);
          assertClose(at + "backward weights", dw, dw2, 1e-5);
          if (bias) {
            assertClose(at + "bias gradient", db, db2, 1e-5);
          }
        }
      }
    }
  }
}
