package dev.cnnspec.runtime.exec;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded random NCHW images in [0, 1) with one-hot labels, for the step tests of this package. */
final class RandomBatches {
  private RandomBatches() {}

  static DataSet of(int n, int channels, int size, int classes, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(DataType.FLOAT, n, channels, size, size);
    INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
    for (int i = 0; i < n; i++) {
      y.putScalar(i, (i * 7 + seed) % classes, 1f);
    }
    return new DataSet(x, y);
  }
}
