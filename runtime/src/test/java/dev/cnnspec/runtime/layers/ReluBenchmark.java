package dev.cnnspec.runtime.layers;

import dev.cnnspec.runtime.exec.CpuClock;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Not a test: process CPU time per call of a ReLU layer's forward and backward, {@link
 * CopyOnShareActivation} ({@link ReluKernel}) against DL4J's own {@code ActivationLayer}, on
 * ResNet-20's first-stage activation (batch × 16 × 32 × 32, float), the two interleaved (A B A B …)
 * and the median of the rounds printed. Arguments: {@code [batch] [rounds]} (default 128, 15).
 * Run (from the repository root; {@code OMP_NUM_THREADS=1} pins libnd4j to one thread, and
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=1} the kernel's split):
 * <pre>
 * mvn -B -q -o -pl runtime -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/rt.cp -Dmdep.includeScope=test
 * OMP_NUM_THREADS=1 java -Xmx2g -Djava.util.concurrent.ForkJoinPool.common.parallelism=1 \
 *     -cp runtime/target/test-classes:runtime/target/classes:grammar/target/classes:$(cat /tmp/rt.cp) \
 *     dev.cnnspec.runtime.layers.ReluBenchmark 128 15
 * </pre>
 */
public final class ReluBenchmark {
  private static final int CALLS = 200;
  private static final WorkspaceConfiguration WS = WorkspaceConfiguration.builder()
      .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP).build();
  private static final LayerWorkspaceMgr MGR = LayerWorkspaceMgr.builder()
      .with(ArrayType.ACTIVATIONS, "bench_act", WS).with(ArrayType.ACTIVATION_GRAD, "bench_grad", WS)
      .defaultNoWorkspace().build();

  private ReluBenchmark() {}

  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 128;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    MGR.setHelperWorkspacePointers(new java.util.HashMap<>());
    INDArray x = Nd4j.randn(DataType.FLOAT, batch, 16, 32, 32);
    INDArray eps = Nd4j.randn(DataType.FLOAT, batch, 16, 32, 32);
    Layer ours = layer(CopyOnShareActivation.of(relu()));
    Layer dl4j = layer(relu());
    double[][] forward = new double[2][rounds];
    double[][] backward = new double[2][rounds];
    for (int r = -3; r < rounds; r++) {
      for (int side = 0; side < 2; side++) {
        Layer layer = side == 0 ? ours : dl4j;
        layer.setInput(x, MGR);
        // Several calls per reading: the process CPU clock ticks in milliseconds here. Each call
        // in a workspace scope, as in training, so that memory is reused, not faulted in anew.
        long t0 = CpuClock.processNanos();
        for (int i = 0; i < CALLS; i++) {
          try (MemoryWorkspace ws = MGR.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            layer.activate(true, MGR);
          }
        }
        long t1 = CpuClock.processNanos();
        for (int i = 0; i < CALLS; i++) {
          try (MemoryWorkspace ws = MGR.notifyScopeEntered(ArrayType.ACTIVATION_GRAD)) {
            layer.backpropGradient(eps, MGR);
          }
        }
        long t2 = CpuClock.processNanos();
        if (r >= 0) {
          forward[side][r] = (t1 - t0) / 1e3 / batch / CALLS;
          backward[side][r] = (t2 - t1) / 1e3 / batch / CALLS;
        }
      }
    }
    System.out.printf("ReLU layer, %d×16×32×32 float, %d rounds of %d calls, process CPU µs per image (median)%n", batch, rounds, CALLS);
    System.out.printf("forward   ReluKernel %7.2f   DL4J %7.2f   ratio %.3f%n", CpuClock.median(forward[0]),
        CpuClock.median(forward[1]), CpuClock.median(forward[0]) / CpuClock.median(forward[1]));
    System.out.printf("backward  ReluKernel %7.2f   DL4J %7.2f   ratio %.3f%n", CpuClock.median(backward[0]),
        CpuClock.median(backward[1]), CpuClock.median(backward[0]) / CpuClock.median(backward[1]));
  }

  private static ActivationLayer relu() {
    return new ActivationLayer.Builder().activation(Activation.RELU).build();
  }

  private static Layer layer(ActivationLayer configured) {
    NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).layer(configured)
        .build();
    return conf.getLayer().instantiate(conf, null, 0, null, false, DataType.FLOAT);
  }
}
