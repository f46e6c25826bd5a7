package dev.cnnspec.runtime.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Chooses the execution path for this JVM and sets the system properties that select it.
 *
 * <p>{@link #enable()} must run before ND4J loads its natives, because JavaCPP reads the platform
 * extension only then; {@link NativeSelectionHook} guarantees that for every program with the
 * runtime on its class path, and entry points may also call it first thing (it is idempotent).
 * Properties the user set on the command line are never overwritten: {@code
 * -Dcnnspec.exec=plain} (or {@code -Dorg.bytedeco.javacpp.platform.extension=}, or {@code
 * -Dorg.eclipse.deeplearning4j.helpers.disable=true}) gives the plain path for comparisons.
 *
 * <p>{@link #active()} reports what actually runs once ND4J is up (it initialises ND4J).
 */
public final class FastPath {
  /** {@code auto} (default): fast when possible; {@code plain}: DL4J as shipped. */
  public static final String MODE_PROPERTY = "cnnspec.exec";
  static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
  static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
  static final String ONEDNN_EXTENSION = "-onednn-avx2";
  static final String ONEDNN_LIBRARY =
      "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libjnind4jcpu.so";
  static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

  private static ExecutionPath planned;

  private FastPath() {}

  /**
   * Decides the path once and sets the properties for it.
   *
   * @return the path planned for this JVM; {@link #active()} confirms it after ND4J has started
   */
  public static synchronized ExecutionPath enable() {
    if (planned == null) {
      planned = decide();
      if (planned.isFast()) {
        setIfAbsent(EXTENSION_PROPERTY, ONEDNN_EXTENSION);
        setIfAbsent(HELPERS_DISABLE_PROPERTY, "false");
      } else if (planned.kind() == ExecutionPath.Kind.PLAIN) {
        // JavaCPP loads the oneDNN natives whenever their jar is present, unless told otherwise.
        setIfAbsent(EXTENSION_PROPERTY, "");
      }
    }
    return planned;
  }

  /** What runs now: starts ND4J if needed and checks the loaded natives and the helper switch. */
  public static ExecutionPath active() {
    ExecutionPath plan = enable();
    if (plan.kind() == ExecutionPath.Kind.CUDA) {
      return plan;
    }
    String build = Nd4j.getBackend().buildInfo();
    if (plan.kind() == ExecutionPath.Kind.PLAIN) {
      return build != null && build.contains("HAVE_ONEDNN")
          ? new ExecutionPath(ExecutionPath.Kind.PLAIN, plan.reason() + "; oneDNN natives loaded anyway")
          : plan;
    }
    if (build == null || !build.contains("HAVE_ONEDNN")) {
      return new ExecutionPath(ExecutionPath.Kind.PLAIN,
          "oneDNN natives were not loaded: ND4J started before cnn-spec could select them");
    }
    if (Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE_PROPERTY, "true"))) {
      return new ExecutionPath(ExecutionPath.Kind.PLAIN,
          "oneDNN natives loaded but DL4J layer helpers disabled by " + HELPERS_DISABLE_PROPERTY);
    }
    if (!Nd4j.getEnvironment().helpersAllowed()) {
      return new ExecutionPath(ExecutionPath.Kind.PLAIN, "libnd4j platform helpers are switched off");
    }
    return plan;
  }

  /**
   * Tunes an initialised graph for the fast path (see {@link GraphTuning}); a no-op on the plain
   * and CUDA paths. Call it after {@code init()}, before training or inference.
   *
   * @return the same graph
   */
  public static org.deeplearning4j.nn.graph.ComputationGraph optimise(
      org.deeplearning4j.nn.graph.ComputationGraph graph) {
    return active().isFast() ? GraphTuning.apply(graph) : graph;
  }

  static ExecutionPath decide() {
    String mode = System.getProperty(MODE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    if (mode.equals("plain")) {
      return plain("requested with -D" + MODE_PROPERTY + "=plain");
    }
    if (!mode.equals("auto")) {
      return plain("unknown -D" + MODE_PROPERTY + "=" + mode + " (use auto or plain)");
    }
    ClassLoader loader = FastPath.class.getClassLoader();
    if (loader.getResource(CUDA_BACKEND.replace('.', '/') + ".class") != null) {
      return new ExecutionPath(ExecutionPath.Kind.CUDA, "CUDA backend on the class path");
    }
    String extension = System.getProperty(EXTENSION_PROPERTY);
    if (extension != null && !extension.equals(ONEDNN_EXTENSION)) {
      return plain("-D" + EXTENSION_PROPERTY + "=" + extension + " given on the command line");
    }
    if (Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE_PROPERTY, "false"))) {
      return plain("-D" + HELPERS_DISABLE_PROPERTY + "=true given on the command line");
    }
    if (loader.getResource(ONEDNN_LIBRARY) == null) {
      return plain("oneDNN natives (nd4j-native:linux-x86_64-onednn-avx2) not on the class path");
    }
    if (!cpuHasAvx2()) {
      return plain("this CPU lacks AVX2, which the oneDNN natives need");
    }
    return new ExecutionPath(ExecutionPath.Kind.ONEDNN, "oneDNN natives and DL4J layer helpers");
  }

  private static ExecutionPath plain(String reason) {
    return new ExecutionPath(ExecutionPath.Kind.PLAIN, reason);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** The natives exist only for linux-x86_64; there /proc/cpuinfo lists the CPU's flags. */
  private static boolean cpuHasAvx2() {
    try {
      return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx2");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
