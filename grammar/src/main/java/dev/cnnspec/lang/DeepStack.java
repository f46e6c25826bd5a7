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
  /**
   * Measured in fresh JVMs (so partly interpreted, the largest frames): 10,000 chained lets or tensor
   * definitions resolved in the worst order overflow 4 MB and fit in 16 MB; 2,000 nested block
   * calls fit in 4 MB; 200 levels of parentheses fit in 1 MB. 64 MB holds every limit at once with
   * room to spare.
   */
  static final long STACK_BYTES = 64L << 20;
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
