package dev.cnnspec.runtime.exec;

import org.nd4j.common.io.Resource;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * Runs {@link FastPath#enable()} at the only moment that is early enough for every program:
 * ND4J's {@code Nd4jBackend.load()} instantiates all {@code Nd4jBackend} services (this class is
 * registered as one in {@code META-INF/services}) before it asks any of them to start, and only
 * then does the chosen backend load its natives. The hook itself is never a usable backend: it has
 * the lowest priority and reports itself unavailable.
 *
 * <p>This saves every entry point — generated model classes, the CLI, the trainer, user code —
 * from having to remember a static initialiser, which would be too late anyway whenever anything
 * had touched {@code Nd4j} before.
 */
public final class NativeSelectionHook extends Nd4jBackend {

  public NativeSelectionHook() {
    FastPath.enable();
  }

  @Override
  public boolean allowsOrder() {
    return false;
  }

  /** Below every real backend; not MIN_VALUE, because ND4J sorts by subtracting priorities. */
  @Override
  public int getPriority() {
    return -1_000_000;
  }

  @Override
  public boolean isAvailable() {
    return false;
  }

  @Override
  public boolean canRun() {
    return false;
  }

  @Override
  public Resource getConfigurationResource() {
    throw new UnsupportedOperationException("not a backend: " + getClass().getName());
  }

  @Override
  public Class<?> getNDArrayClass() {
    throw new UnsupportedOperationException("not a backend: " + getClass().getName());
  }

  @Override
  public Environment getEnvironment() {
    throw new UnsupportedOperationException("not a backend: " + getClass().getName());
  }

  @Override
  public String buildInfo() {
    return "cnn-spec native selection hook";
  }

  @Override
  public void logBackendInit() {
    // nothing to log: this hook never becomes the backend
  }
}
