package dev.cnnspec.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link MaxPoolKernel} inside {@link NativePoolingLayer} against DL4J's own {@code SubsamplingLayer}
 * on the plain path (libnd4j's generic {@code maxpool2d} / {@code maxpool2d_bp}): forward output and
 * input gradient bit for bit in float, on random kernels, strides, paddings and modes, batch 1 to
 * 64, with ties (constant and small-integer inputs), −∞ and NaN.
 */
class MaxPoolKernelTest {
  private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

  @Test
  void zooShapesAgreeWithDl4j() {
    check(2, 2, 2, 2, 0, 0, ConvolutionMode.Truncate, 256, 6, 28, 28, Fill.RANDOM); // LeNet-5, first pooling
    check(2, 2, 2, 2, 0, 0, ConvolutionMode.Truncate, 256, 16, 10, 10, Fill.RANDOM); // LeNet-5, second
    check(2, 2, 2, 2, 0, 0, ConvolutionMode.Truncate, 8, 64, 7, 7, Fill.RANDOM); // Light CNN 7 → 3
    check(2, 2, 2, 2, 0, 0, ConvolutionMode.Same, 8, 64, 7, 7, Fill.RANDOM); // ceil mode: 7 → 4
    check(3, 3, 2, 2, 1, 1, ConvolutionMode.Truncate, 4, 8, 16, 16, Fill.RANDOM); // ResNet-style stem pool
  }

  @Test
  void tiesGoToTheFirstCellInWindowOrderAsInDl4j() {
    for (Fill fill : new Fill[] {Fill.CONSTANT, Fill.SMALL_INTEGERS, Fill.MINUS_INFINITY, Fill.NAN_AND_INTEGERS}) {
      check(2, 2, 2, 2, 0, 0, ConvolutionMode.Truncate, 1, 3, 8, 8, fill);
      check(3, 3, 1, 1, 1, 1, ConvolutionMode.Truncate, 2, 2, 7, 9, fill);
      check(2, 3, 2, 2, 0, 0, ConvolutionMode.Same, 1, 2, 5, 7, fill);
    }
  }

  @Test
  void randomWindowsStridesPaddingsAndModesAgreeWithDl4j() {
    Random random = new Random(16);
    int hostCases = 0;
    for (int i = 0; i < 300; i++) {
      int kH = 1 + random.nextInt(4);
      int kW = 1 + random.nextInt(4);
      int sH = 1 + random.nextInt(4);
      int sW = 1 + random.nextInt(4);
      boolean same = random.nextBoolean();
      int pH = same ? 0 : random.nextInt(kH);
      int pW = same ? 0 : random.nextInt(kW);
      int h = Math.max(kH, 1 + random.nextInt(11));
      int w = Math.max(kW, 1 + random.nextInt(11));
      if (same && (sH > kH && (((h + sH - 1) / sH - 1) * sH + kH - h) < 0
          || sW > kW && (((w + sW - 1) / sW - 1) * sW + kW - w) < 0)) {
        continue; // a negative Same padding: DL4J's own layer fails in backprop (see WindowPadding)
      }
      int n = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(40);
      Fill fill = Fill.values()[random.nextInt(Fill.values().length)];
      if (check(kH, kW, sH, sW, pH, pW, same ? ConvolutionMode.Same : ConvolutionMode.Truncate, n,
          1 + random.nextInt(4), h, w, fill)) {
        hostCases++;
      }
    }
    assertTrue(hostCases > 200, "the host kernel must take most cases, took " + hostCases);
  }

  /**
   * In a tuned graph's training step, through DL4J's workspaces as {@code fit} runs them, the
   * forward pass keeps the positions and backprop runs on them (not on libnd4j's op).
   */
  @Test
  void aTrainingStepOfATunedGraphKeepsAndUsesThePositions() {
    ComputationGraph graph = FastPath.optimise(PathSwitch.FAST.build(FastPathNetworks.lenet5(7)));
    NativePoolingLayer[] pools = {(NativePoolingLayer) graph.getLayer("maxpool_1"),
        (NativePoolingLayer) graph.getLayer("maxpool_2")};
    INDArray x = Fill.RANDOM.fill(new Random(8), 4, 1, 32, 32);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 10);
    y.putScalar(0, 3, 1f);
    PathSwitch.FAST.run(() -> {
      graph.setInputs(x);
      graph.setLabels(y);
      graph.computeGradientAndScore();
      for (NativePoolingLayer pool : pools) {
        assertEquals(1, pool.hostBackwardPasses(), "backprop used the kept positions");
      }
      graph.feedForward(new INDArray[] {x}, true, false);
      for (NativePoolingLayer pool : pools) {
        assertTrue(pool.keepsWinners(), "a training forward pass keeps positions");
      }
      return null;
    });
  }

  /** Inference keeps no positions; a backprop without them (a new input) falls back to libnd4j's op. */
  @Test
  void backpropOfAnotherInputThanTheLastTrainingForwardUsesLibnd4j() {
    SubsamplingLayer conf = pool(2, 2, 2, 2, 0, 0, ConvolutionMode.Truncate);
    INDArray x = Fill.RANDOM.fill(new Random(3), 2, 3, 6, 6);
    INDArray other = Fill.RANDOM.fill(new Random(4), 2, 3, 6, 6);
    INDArray eps = Fill.RANDOM.fill(new Random(5), 2, 3, 3, 3);
    NativePoolingLayer fast = new NativePoolingLayer(configuration(conf), DataType.FLOAT);
    fast.setInput(x, NO_WS);
    fast.activate(false, NO_WS);
    assertFalse(fast.keepsWinners(), "inference keeps no positions");
    fast.activate(true, NO_WS);
    fast.setInput(other, NO_WS);
    INDArray grad = fast.backpropGradient(eps, NO_WS).getSecond();
    assertArrayEquals(reference(conf, other, eps)[1], grad.data().asFloat());
  }

  /** @return whether the host kernel took the case */
  private static boolean check(int kH, int kW, int sH, int sW, int pH, int pW, ConvolutionMode mode, int n, int c,
      int h, int w, Fill fill) {
    Random random = new Random(31L * n + 7L * h + w + kH);
    SubsamplingLayer conf = pool(kH, kW, sH, sW, pH, pW, mode);
    INDArray x = fill.fill(random, n, c, h, w);
    float[][] expected = reference(conf, x, null);
    INDArray eps = Fill.RANDOM.fill(random, n, c, (int) expected[2][0], (int) expected[2][1]);
    expected = reference(conf, x, eps);

    NativePoolingLayer fast = new NativePoolingLayer(configuration(conf), DataType.FLOAT);
    float[][] actual = PathSwitch.FAST.run(() -> {
      fast.setInput(x, NO_WS);
      float[] out = fast.activate(true, NO_WS).data().asFloat();
      boolean host = fast.keepsWinners();
      float[] grad = fast.backpropGradient(eps, NO_WS).getSecond().data().asFloat();
      return new float[][] {out, grad, {host ? 1 : 0}};
    });
    String what = String.format("k %d×%d s %d×%d pad %d×%d %s, input %d×%d×%d×%d %s", kH, kW, sH, sW, pH, pW, mode,
        n, c, h, w, fill);
    assertArrayEquals(expected[0], actual[0], what + ": forward");
    assertArrayEquals(expected[1], actual[1], what + ": input gradient");
    assertFalse(fast.keepsWinners(), what + ": positions dropped after backprop");
    return actual[2][0] == 1;
  }

  /** Plain DL4J: output, input gradient (when eps is given), and {out H, out W}. */
  private static float[][] reference(SubsamplingLayer conf, INDArray x, INDArray eps) {
    return PathSwitch.PLAIN.run(() -> {
      NeuralNetConfiguration nnc = configuration(conf);
      Layer plain = nnc.getLayer().instantiate(nnc, null, 0, null, true, DataType.FLOAT);
      plain.setInput(x, NO_WS);
      INDArray out = plain.activate(true, NO_WS);
      float[] grad = eps == null ? new float[0] : plain.backpropGradient(eps, NO_WS).getSecond().data().asFloat();
      return new float[][] {out.data().asFloat(), grad, {out.size(2), out.size(3)}};
    });
  }

  private static SubsamplingLayer pool(int kH, int kW, int sH, int sW, int pH, int pW, ConvolutionMode mode) {
    return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(kH, kW).stride(sH, sW).padding(pH, pW)
        .convolutionMode(mode)
        .cudnnAllowFallback(false) // an exception in the kernel fails the test instead of falling back quietly
        .build();
  }

  private static NeuralNetConfiguration configuration(SubsamplingLayer conf) {
    return new NeuralNetConfiguration.Builder().layer(conf.clone()).build();
  }

  private enum Fill {
    RANDOM, CONSTANT, SMALL_INTEGERS, MINUS_INFINITY, NAN_AND_INTEGERS;

    INDArray fill(Random random, int n, int c, int h, int w) {
      float[] values = new float[n * c * h * w];
      for (int i = 0; i < values.length; i++) {
        values[i] = switch (this) {
          case RANDOM -> (float) random.nextGaussian();
          case CONSTANT -> 0.5f;
          case SMALL_INTEGERS -> random.nextInt(3) - 1;
          case MINUS_INFINITY -> random.nextInt(4) == 0 ? 1f : Float.NEGATIVE_INFINITY;
          case NAN_AND_INTEGERS -> random.nextInt(3) == 0 ? Float.NaN : random.nextInt(3);
        };
      }
      return Nd4j.create(values, new long[] {n, c, h, w}, 'c');
    }
  }
}
