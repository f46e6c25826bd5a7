package dev.cnnspec.runtime.exec;

import static dev.cnnspec.runtime.exec.HostBatchNormHelperTest.toBlocked;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DnnlAdd} against libnd4j's {@code add} (what DL4J's element-wise vertex runs), bit for bit, in
 * each of the eight combinations of NCHW and {@code nChw16c} for the two inputs and the sum (as where a
 * blocked stream ends, {@link BlockedEdge}), with NaN, ±0 and infinities among the values.
 */
class DnnlAddTest {
  @BeforeAll
  static void oneDnn() {
    assumeTrue(Dnnl.available(), "oneDNN 2.5.2 natives");
  }

  @Test
  void everyLayoutCombinationGivesLibnd4jsSum() {
    long[] shape = {3, 32, 5, 7};
    Nd4j.getRandom().setSeed(11);
    INDArray a = Nd4j.randn(DataType.FLOAT, shape);
    INDArray b = Nd4j.randn(DataType.FLOAT, shape);
    float[] specials = {Float.NaN, -0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-45f, 3e38f};
    float[] others = {1f, -0f, 0f, 1f, Float.POSITIVE_INFINITY, -1e-45f, 3e38f};
    for (int i = 0; i < specials.length; i++) {
      a.putScalar(i * 97, specials[i]);
      b.putScalar(i * 97, others[i]);
    }
    INDArray expected = Nd4j.createUninitialized(DataType.FLOAT, shape);
    Nd4j.exec(new AddOp(a, b, expected));
    try (DnnlAdd add = new DnnlAdd(shape)) {
      for (int v = 0; v < 8; v++) {
        boolean ab = (v & 1) != 0;
        boolean bb = (v & 2) != 0;
        boolean ob = (v & 4) != 0;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        add.add(ab ? toBlocked(a) : a, ab, bb ? toBlocked(b) : b, bb, out, ob);
        INDArray want = ob ? toBlocked(expected) : expected;
        assertArrayEquals(bits(want), bits(out), "a " + (ab ? "blocked" : "NCHW") + ", b " + (bb ? "blocked" : "NCHW")
            + ", sum " + (ob ? "blocked" : "NCHW"));
      }
    }
  }

  private static int[] bits(INDArray x) {
    float[] f = x.dup('c').data().asFloat();
    int[] bits = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      bits[i] = Float.isNaN(f[i]) ? 0x7fc00000 : Float.floatToRawIntBits(f[i]);
    }
    return bits;
  }
}
