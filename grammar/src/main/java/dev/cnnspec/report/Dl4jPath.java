package dev.cnnspec.report;

/**
 * The runtime's two CPU execution paths. They build the same DL4J configuration but run some
 * layers with different code, and a training step allocates differently in each: which arrays a
 * layer keeps, writes as error signals or uses as scratch is declared per {@link Dl4jKernel}.
 */
public enum Dl4jPath {
  /**
   * oneDNN natives, DL4J's oneDNN layer helpers and the runtime's own kernels swapped in by {@code
   * FastPath.optimise} ({@link FastPathRules} names where): what {@code cnn train} and the generated
   * classes run wherever the oneDNN natives load. The estimate's default.
   */
  FAST,
  /** DL4J's own layers as shipped: {@code -Dcnnspec.exec=plain}, or no oneDNN natives. */
  PLAIN
}
