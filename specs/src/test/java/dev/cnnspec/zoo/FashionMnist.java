package dev.cnnspec.zoo;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first images of Fashion-MNIST's training set as an NCHW batch in [0, 1] with one-hot labels,
 * read straight from the IDX files (bin/setup installs them), so the training checks run on real
 * data without depending on the runtime's data sets.
 */
final class FashionMnist {
  static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

  private FashionMnist() {}

  /** {@code count} images, zero-padded by {@code pad} pixels on every side (2 gives LeNet's 32×32). */
  static DataSet first(int count, int pad) throws IOException {
    int side = 28 + 2 * pad;
    float[] pixels = new float[count * side * side];
    float[] labels = new float[count * 10];
    try (DataInputStream images = open("train-images-idx3-ubyte.gz");
        DataInputStream classes = open("train-labels-idx1-ubyte.gz")) {
      if (images.readInt() != 2051 || classes.readInt() != 2049) {
        throw new IOException("not Fashion-MNIST IDX files in " + DIR);
      }
      images.readInt();
      if (images.readInt() != 28 || images.readInt() != 28) {
        throw new IOException("expected 28×28 images");
      }
      classes.readInt();
      for (int i = 0; i < count; i++) {
        for (int y = 0; y < 28; y++) {
          for (int x = 0; x < 28; x++) {
            pixels[i * side * side + (y + pad) * side + x + pad] = images.readUnsignedByte() / 255f;
          }
        }
        labels[i * 10 + classes.readUnsignedByte()] = 1f;
      }
    }
    INDArray features = Nd4j.create(pixels, new long[] {count, 1, side, side}, 'c');
    return new DataSet(features, Nd4j.create(labels, new long[] {count, 10}, 'c'));
  }

  private static DataInputStream open(String name) throws IOException {
    InputStream in = new GZIPInputStream(Files.newInputStream(DIR.resolve(name)), 1 << 16);
    return new DataInputStream(new java.io.BufferedInputStream(in));
  }
}
