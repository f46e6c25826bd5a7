package dev.cnnspec.runtime.layers;

import dev.cnnspec.runtime.exec.HostKernels;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReLU forward and backward as one pass each. DL4J's activation layer
 * copies its input and then runs libnd4j's {@code relu} on the copy forward; backward it copies the
 * input again, runs {@code relu_bp} into a third array and moves the result into the gradient
 * workspace: in ResNet-20, 508 µs per image backward against PyTorch's 84 ({@code bench/README.md}).
 * Here forward is libnd4j's {@code relu} from the input straight into the output; backward one loop
 * over host memory on the calling thread alone for dense C-ordered float or double arrays on the CPU
 * backend ({@link HostKernels#applies}), else {@code relu_bp} straight into the gradient.
 *
 * <p>Why the backward loop runs on one thread and not on libnd4j or the fork/join pool: it runs right
 * after a oneDNN convolution, whose OpenMP worker then spins on the second core for a while; the
 * fork/join worker needs that core too, and right after a convolution {@code relu_bp} took about
 * 8 ms a call where the loop needs a few hundred µs. The calling thread alone waits for no one; in
 * interleaved whole-step runs the ReLU layers' backward took 0.8–0.9× the split loop's time
 * ({@code ReluPassBench} and the figures in {@code bench/README.md}). oneDNN's own eltwise ReLU would run on that spinning team, but its results are
 * not libnd4j's: forward it gives +0 for −0 and 0 for NaN; backward it multiplies the gradient by
 * the derivative (NaN for an infinite or NaN gradient at a negative input, −0 for a negative one)
 * and passes a NaN input's gradient.
 *
 * <p>The loop works on the values' bit patterns as ints (longs for double), which the JIT
 * vectorises; a float comparison feeding a select does not vectorise on JDK 17 (7× slower). The
 * results are libnd4j's, bit for bit: forward {@code x < 0 ? 0 : x} (−0 and NaN pass through
 * unchanged), backward {@code x > 0 ? ε : 0} (a NaN input passes no gradient), which {@code
 * ReluKernelTest} checks against DL4J's own layer, special values included. Backward given the
 * layer's output {@code y} instead of its input computes the same ({@code y > 0} exactly where
 * {@code x > 0}); the layer passes its input (see {@code CopyOnShareActivationLayer} for why).
 */
public final class ReluKernel {
  /** Values per block copied into an array: the JIT vectorises loops over arrays, not over buffers. */
  private static final int BLOCK = 4096;

  private ReluKernel() {}

  /**
   * True for DL4J's plain ReLU: {@link ActivationReLU} without a cap, a threshold or a negative
   * slope (what {@code Activation.RELU} makes); its other forms keep DL4J's code.
   */
  public static boolean handles(IActivation fn) {
    if (fn == null || fn.getClass() != ActivationReLU.class) {
      return false;
    }
    ActivationReLU relu = (ActivationReLU) fn;
    return relu.getMax() == null && isZero(relu.getThreshold()) && isZero(relu.getNegativeSlope());
  }

  private static boolean isZero(Double value) {
    return value == null || value == 0.0;
  }

  /**
   * {@code out = x < 0 ? 0 : x}, element by element, by libnd4j's own {@code relu} written into
   * {@code out} instead of into a copy of {@code x}. A loop like the backward one on the calling
   * thread was tried (bit for bit the same): after batch norm moved onto oneDNN it took ResNet-20's
   * ReLU layers 141–146 µs per image in training against libnd4j's 23–36 (interleaved {@code
   * PhaseBench} runs, {@code bench/README.md}), and at inference 44–75 against 20–37.
   */
  public static void forward(INDArray x, INDArray out) {
    Nd4j.exec(new RectifiedLinear(x, out));
  }

  /**
   * {@code grad = x > 0 ? epsilon : 0}, element by element, into a C-ordered {@code grad}, where
   * {@code x} is the layer's input or its output: the loop below for dense host arrays, else (views,
   * other types, another backend) libnd4j's {@code relu_bp} straight into {@code grad}, so that the
   * layer's memory is the same either way.
   */
  public static void backward(INDArray x, INDArray epsilon, INDArray grad) {
    if (!HostKernels.applies(x, epsilon, grad)) {
      Nd4j.exec(new RectifiedLinearDerivative(x, epsilon, grad));
      return;
    }
    int length = (int) x.length();
    if (x.dataType() == DataType.FLOAT) {
      backwardFloats(ints(x), ints(epsilon), ints(grad), 0, length);
    } else {
      LongBuffer in = longs(x);
      LongBuffer e = longs(epsilon);
      LongBuffer g = longs(grad);
      long[] xb = new long[BLOCK];
      long[] eb = new long[BLOCK];
      for (int k0 = 0; k0 < length; k0 += BLOCK) {
        int len = Math.min(BLOCK, length - k0);
        in.get(k0, xb, 0, len);
        e.get(k0, eb, 0, len);
        for (int k = 0; k < len; k++) {
          long v = xb[k];
          long positive = (-v & (v - 0x7FF0000000000001L)) >> 63;
          eb[k] &= positive;
        }
        g.put(k0, eb, 0, len);
      }
    }
  }

  /**
   * The float backward over elements {@code [from, to)} of buffers viewed as ints: {@code g = x > 0 ?
   * e : 0}, bit for bit (public for {@code ReluPassBench}, which also runs it split across threads).
   */
  public static void backwardFloats(IntBuffer in, IntBuffer e, IntBuffer g, int from, int to) {
    int[] xb = new int[BLOCK];
    int[] eb = new int[BLOCK];
    for (int k0 = from; k0 < to; k0 += BLOCK) {
      int len = Math.min(BLOCK, to - k0);
      in.get(k0, xb, 0, len);
      e.get(k0, eb, 0, len);
      for (int k = 0; k < len; k++) {
        int v = xb[k];
        // x > 0 exactly when its bits, as a signed int, lie in [1, 0x7F800000] (+inf; above it
        // are the positive NaNs): all ones then, else zero.
        int positive = (-v & (v - 0x7F800001)) >> 31;
        eb[k] &= positive;
      }
      g.put(k0, eb, 0, len);
    }
  }

  private static IntBuffer ints(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer();
  }

  private static LongBuffer longs(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder()).asLongBuffer();
  }
}
