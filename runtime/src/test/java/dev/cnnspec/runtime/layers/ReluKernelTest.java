package dev.cnnspec.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ReluKernel} inside {@link CopyOnShareActivation} against DL4J's own activation layer of
 * the same configuration: forward and backward bit for bit (−0, ±∞, NaN and subnormals included),
 * in float and double, training and inference, on an array of many blocks whose length is not a
 * multiple of the kernel's block; neither the input nor the incoming gradient is written into;
 * views, which take libnd4j's {@code relu} / {@code relu_bp} instead of the loops, agree too.
 */
class ReluKernelTest {
  private static final long[] SHAPE = {7, 16, 23, 29};

  @Test
  void forwardAndBackwardEqualDl4jBitForBitInFloat() {
    compare(DataType.FLOAT);
  }

  @Test
  void forwardAndBackwardEqualDl4jBitForBitInDouble() {
    compare(DataType.DOUBLE);
  }

  @Test
  void viewsGoThroughLibnd4jsOpsAndAgree() {
    INDArray whole = values(DataType.FLOAT, new long[] {4, 8, 6, 6}, 11);
    INDArray view = whole.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6));
    assertTrue(view.isView());
    INDArray eps = values(DataType.FLOAT, view.shape(), 12);
    Layer ours = layer(CopyOnShareActivation.of(relu()), DataType.FLOAT);
    Layer dl4j = layer(relu(), DataType.FLOAT);
    assertBits(forward(dl4j, view.dup(), true), forward(ours, view, true), "forward of a view");
    assertBits(backward(dl4j, view.dup(), eps.dup()), backward(ours, view, eps), "backward of a view");
  }

  @Test
  void onlyThePlainReluIsTaken() {
    assertTrue(ReluKernel.handles(Activation.RELU.getActivationFunction()));
    assertTrue(ReluKernel.handles(new ActivationReLU(null, 0.0, 0.0)));
    assertFalse(ReluKernel.handles(new ActivationReLU(6.0, null, null)));
    assertFalse(ReluKernel.handles(new ActivationReLU(null, 0.5, null)));
    assertFalse(ReluKernel.handles(new ActivationReLU(null, null, 0.1)));
    assertFalse(ReluKernel.handles(Activation.LEAKYRELU.getActivationFunction()));
    assertFalse(ReluKernel.handles(Activation.RELU6.getActivationFunction()));
  }

  private static void compare(DataType type) {
    Layer ours = layer(CopyOnShareActivation.of(relu()), type);
    Layer dl4j = layer(relu(), type);
    INDArray x = values(type, SHAPE, 1);
    INDArray eps = values(type, SHAPE, 2);
    INDArray xBefore = x.dup();
    INDArray epsBefore = eps.dup();
    for (boolean training : new boolean[] {true, false}) {
      assertBits(forward(dl4j, x.dup(), training), forward(ours, x, training), type + " forward, training " + training);
      assertBits(xBefore, x, "the input was written into");
    }
    assertBits(backward(dl4j, x.dup(), eps.dup()), backward(ours, x, eps), type + " backward");
    assertBits(xBefore, x, "the input was written into by backward");
    assertBits(epsBefore, eps, "the incoming gradient was written into");
  }

  private static ActivationLayer relu() {
    return new ActivationLayer.Builder().activation(Activation.RELU).build();
  }

  private static Layer layer(ActivationLayer configured, DataType type) {
    NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type).layer(configured).build();
    return conf.getLayer().instantiate(conf, null, 0, null, false, type);
  }

  private static INDArray forward(Layer layer, INDArray x, boolean training) {
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(x, mgr);
    return layer.activate(training, mgr).dup();
  }

  private static INDArray backward(Layer layer, INDArray x, INDArray eps) {
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(x, mgr);
    layer.activate(true, mgr);
    return layer.backpropGradient(eps, mgr).getSecond().dup();
  }

  /** Normal values of both signs, and every special value sprinkled in. */
  private static INDArray values(DataType type, long[] shape, long seed) {
    Random random = new Random(seed);
    int length = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    double[] specials = {0.0, -0.0, Double.NaN, -Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-40, -1e-40};
    double[] v = new double[length];
    for (int i = 0; i < length; i++) {
      v[i] = random.nextInt(50) == 0 ? specials[random.nextInt(specials.length)] : random.nextGaussian();
    }
    if (type == DataType.FLOAT) {
      float[] f = new float[length];
      for (int i = 0; i < length; i++) {
        f[i] = (float) v[i];
      }
      // A negative NaN, which a cast from double does not keep reliably.
      f[length - 1] = Float.intBitsToFloat(0xFFC00001);
      return Nd4j.create(f, shape, 'c');
    }
    v[length - 1] = Double.longBitsToDouble(0xFFF8000000000001L);
    return Nd4j.create(v, shape, 'c');
  }

  /** Equal bit patterns, NaNs compared as NaNs (libnd4j may not keep a NaN's payload). */
  private static void assertBits(INDArray expected, INDArray actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what);
    assertEquals(expected.dataType(), actual.dataType(), what);
    if (expected.dataType() == DataType.FLOAT) {
      float[] e = expected.dup('c').data().asFloat();
      float[] a = actual.dup('c').data().asFloat();
      for (int i = 0; i < e.length; i++) {
        if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
          throw new AssertionError(what + ": element " + i + " is " + a[i] + " (bits " + Integer.toHexString(
              Float.floatToRawIntBits(a[i])) + "), DL4J " + e[i] + " (bits "
              + Integer.toHexString(Float.floatToRawIntBits(e[i])) + ")");
        }
      }
    } else {
      double[] e = expected.dup('c').data().asDouble();
      double[] a = actual.dup('c').data().asDouble();
      for (int i = 0; i < e.length; i++) {
        if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i])) {
          throw new AssertionError(what + ": element " + i + " is " + a[i] + ", DL4J " + e[i]);
        }
      }
    }
  }
}
