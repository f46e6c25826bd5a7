package dev.cnnspec.lang;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs the compiler's stages on a thread with a stack sized for the documented limits. Parsing,
 * elaboration and block instantiation recurse once per level of nesting, of chained definitions
 * and of nested block calls; those are bounded ({@link NestingLimit}, {@link NetworkContext}), but
 * the bounds are generous (a chain of 10,000 lets is fine), and the caller's thread may be javac's
 * or Maven's with whatever stack it was given. The thread's stack is reserved, not committed: only
 * what the spec really uses is touched.
 */
public final class DeepStack {
  /** Measured: 10,000 chained tensor definitions need about 40 MB; 256 MB leaves room for every limit at once. */
  static final long STACK_BYTES = 256L << 20;
  private static final String NAME = "cnn-spec-compiler";

  private DeepStack() {}

  /** {@code work} on a deep-stack thread (inline if already on one); its exceptions are rethrown here. */
  public static <T> T run(Supplier<T> work) {
    if (Thread.currentThread().getName().equals(NAME)) {
      return work.get();
    }
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        result.set(work.get());
      } catch (Throwable t) {
        failure.set(t);
      }
    }, NAME, STACK_BYTES);
    thread.setDaemon(true);
    thread.start();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // finish the compilation; the caller sees its interrupt afterwards
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
    return result.get();
  }
}
