package dev.cnnspec.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Which arrays the host kernels may address as their buffers. */
class HostKernelsTest {
  /**
   * Regression: ND4J gives a size-1 dimension a stride equal to its neighbour's ([9, 3, 3, 1] for
   * [11, 3, 1, 3]), which {@code Shape.hasDefaultStridesForShape} refuses as not strictly
   * descending, so the kernels fell back to libnd4j for a max pooling's 1×k output gradient or a
   * [n, c, 1, 1] activation although element i is element i of the buffer.
   */
  @Test
  void denseArraysWithSizeOneDimensionsQualify() {
    assertTrue(HostKernels.applies(Nd4j.create(DataType.FLOAT, 11, 3, 1, 3)));
    assertTrue(HostKernels.applies(Nd4j.create(DataType.FLOAT, 4, 32, 1, 1)));
    assertTrue(HostKernels.applies(Nd4j.create(DataType.FLOAT, 1, 1, 5, 5)));
  }

  @Test
  void stridedOrOffsetOrFortranArraysDoNot() {
    assertFalse(HostKernels.applies(Nd4j.create(DataType.FLOAT, 4, 8, 3, 3).get(NDArrayIndex.all(),
        NDArrayIndex.interval(0, 4), NDArrayIndex.all(), NDArrayIndex.all())));
    assertFalse(HostKernels.applies(Nd4j.create(DataType.FLOAT, 4, 8, 3, 3).get(NDArrayIndex.interval(1, 3),
        NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all())));
    assertFalse(HostKernels.applies(Nd4j.create(DataType.FLOAT, new long[] {4, 8, 3, 3}, 'f')));
    assertFalse(HostKernels.applies(Nd4j.create(DataType.INT32, 4, 8)));
  }
}
