package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Shim at the class name DL4J 1.0.0-M2.1 still looks up. {@code BaseMKLDNNHelper.mklDnnEnabled()}
 * reflects on {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN()}, but nd4j-native M2.1
 * moved that class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and renamed
 * the method {@code isUseONEDNN()}; the failed lookup silently disables every oneDNN layer helper.
 * This class answers for the old name by asking the new one, so the helpers work exactly when the
 * loaded natives have oneDNN. Reflection keeps it compiling (and answering false) without the CPU
 * backend, e.g. under the cuda profile. Remove it once DL4J fixes the lookup.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  /** The part of the old API that DL4J calls: {@code getInstance()} and {@code isUseMKLDNN()}. */
  public static final class Environment {
    private static final String MOVED_TO = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    /** Whether the loaded libnd4j runs oneDNN; false when the CPU backend is absent or fails. */
    public boolean isUseMKLDNN() {
      try {
        Class<?> moved = Class.forName(MOVED_TO, true, Nd4jCpu.class.getClassLoader());
        Object environment = moved.getMethod("getInstance").invoke(null);
        Method useOneDnn = moved.getMethod("isUseONEDNN");
        return (Boolean) useOneDnn.invoke(environment);
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        return false;
      }
    }
  }
}
