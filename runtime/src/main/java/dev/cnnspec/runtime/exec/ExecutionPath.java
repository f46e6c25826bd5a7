package dev.cnnspec.runtime.exec;

import java.util.Objects;

/**
 * Which way models run in this JVM, and why. Kept as data (not just a boolean) so that benchmark
 * output, logs and test failures can say why the fast path was not taken.
 *
 * @param kind the path
 * @param reason one sentence for people: what selected this path
 */
public record ExecutionPath(Kind kind, String reason) {

  /** The execution paths. */
  public enum Kind {
    /** oneDNN natives and DL4J's oneDNN layer helpers. */
    ONEDNN,
    /** DL4J and libnd4j as shipped: the fallback, and the reference the fast path is checked against. */
    PLAIN,
    /** A GPU backend: left to DL4J (cuDNN helpers are DL4J's own business). */
    CUDA
  }

  public ExecutionPath {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }

  public boolean isFast() {
    return kind == Kind.ONEDNN;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " (" + reason + ")";
  }
}
