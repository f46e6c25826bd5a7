package dev.cnnspec.runtime.exec;

import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs code on the plain or the fast path inside one JVM that loaded the oneDNN natives, so that
 * both see the same weights and batch. Plain: DL4J built its layers without helpers, and libnd4j
 * runs its generic kernels (platform helpers off) — the same C++ as the plain natives. Fast: DL4J's
 * oneDNN helpers and libnd4j's oneDNN kernels. Public for the memory tests, which measure both paths.
 */
public enum PathSwitch {
  PLAIN(false), FAST(true);

  private final boolean helpers;

  PathSwitch(boolean helpers) {
    this.helpers = helpers;
  }

  public ComputationGraph build(ComputationGraphConfiguration conf) {
    return run(() -> {
      ComputationGraph graph = new ComputationGraph(conf.clone());
      graph.init();
      return graph;
    });
  }

  public <T> T run(Callable<T> work) {
    String before = System.getProperty(FastPath.HELPERS_DISABLE_PROPERTY);
    boolean allowedBefore = Nd4j.getEnvironment().helpersAllowed();
    System.setProperty(FastPath.HELPERS_DISABLE_PROPERTY, Boolean.toString(!helpers));
    Nd4j.getEnvironment().allowHelpers(helpers);
    try {
      return work.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      Nd4j.getEnvironment().allowHelpers(allowedBefore);
      if (before == null) {
        System.clearProperty(FastPath.HELPERS_DISABLE_PROPERTY);
      } else {
        System.setProperty(FastPath.HELPERS_DISABLE_PROPERTY, before);
      }
    }
  }
}
