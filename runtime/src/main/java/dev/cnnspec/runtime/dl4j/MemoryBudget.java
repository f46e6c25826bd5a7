package dev.cnnspec.runtime.dl4j;

import dev.cnnspec.report.ByteSize;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;

/**
 * Refuses, before anything is allocated, a network whose weights cannot fit in the memory ND4J may
 * use. Without it a spec with 10¹² parameters passes {@code new ComputationGraph(conf)} and dies in
 * {@code init()} with a SIGSEGV inside the native allocator, taking the JVM with it; here it is an
 * {@link NetworkTooLargeException} that gives the sizes and the knob to turn.
 *
 * <p>The count comes from DL4J's own parameter initialisers ({@code numParams}, which only reads
 * the configuration), so it holds for generated classes and interpreted specs alike. ND4J keeps
 * arrays off the Java heap, bounded by JavaCPP's {@code maxBytes} ({@code -Dorg.bytedeco.javacpp.maxBytes},
 * by default the heap size {@code -Xmx}) and by the physical memory that is still free.
 */
public final class MemoryBudget {
  /** Weights, their gradients and an updater's state (Adam keeps two moments per weight). */
  public static final int TRAINING_COPIES = 4;

  private MemoryBudget() {}

  /** Parameters of the configuration, counted without allocating them. */
  public static long parameters(ComputationGraphConfiguration conf) {
    long total = 0;
    for (GraphVertex vertex : conf.getVertices().values()) {
      if (vertex instanceof LayerVertex lv) {
        total = Math.addExact(total, lv.getLayerConf().getLayer().initializer().numParams(lv.getLayerConf()));
      }
    }
    return total;
  }

  /** Throws when the weights alone ({@code copies = 1}, for {@code init()}) or with training state do not fit. */
  public static void check(ComputationGraphConfiguration conf, int copies, String what) {
    long parameters = parameters(conf);
    double needed = (double) parameters * conf.getDataType().width() * copies;
    long limit = limit();
    if (needed > limit) {
      throw new NetworkTooLargeException(String.format(Locale.ROOT,
          "%s needs %s for %,d parameters (%s %s each%s), but ND4J may allocate only %s here;"
              + " use a smaller network, or raise the limit (CNN_HEAP, -Dorg.bytedeco.javacpp.maxBytes)"
              + " on a machine with more memory",
          what, ByteSize.format(needed), parameters, conf.getDataType().width() + "-byte", conf.getDataType(),
          copies == 1 ? "" : ", " + copies + " copies for weights, gradients and optimiser state",
          ByteSize.format(limit)));
    }
  }

  /** The off-heap bytes still allowed: JavaCPP's cap minus what is in use, and no more than the free RAM. */
  static long limit() {
    long limit = Long.MAX_VALUE;
    long max = Pointer.maxBytes();
    if (max > 0) {
      limit = Math.max(0, max - Pointer.totalBytes());
    }
    long free = Pointer.availablePhysicalBytes();
    if (free > 0) {
      limit = Math.min(limit, free);
    }
    return limit;
  }
}
