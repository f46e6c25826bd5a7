package dev.cnnspec.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the first images of Fashion-MNIST's training set into ready-made NCHW batches, so that
 * timing measures the network and not data loading (the PyTorch script does the same). Pixels
 * scaled to [0, 1]; {@code pad} zero-pads each side (2 turns 28×28 into LeNet-5's 32×32);
 * {@code channels} repeats the gray image (3 gives the ResNet's 32×32×3: there is no CIFAR here).
 */
final class FashionMnist {
  private FashionMnist() {}

  static List<DataSet> batches(Path dir, int count, int batchSize, int pad) throws IOException {
    return batches(dir, count, batchSize, pad, 1);
  }

  static List<DataSet> batches(Path dir, int count, int batchSize, int pad, int channels) throws IOException {
    int n = count * batchSize;
    byte[] pixels = read(dir.resolve("train-images-idx3-ubyte.gz"), 2051, n, 28 * 28);
    byte[] labels = read(dir.resolve("train-labels-idx1-ubyte.gz"), 2049, n, 1);
    int side = 28 + 2 * pad;
    int plane = side * side;
    List<DataSet> out = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      float[] x = new float[batchSize * channels * plane];
      float[] y = new float[batchSize * 10];
      for (int i = 0; i < batchSize; i++) {
        int image = b * batchSize + i;
        for (int r = 0; r < 28; r++) {
          for (int c = 0; c < 28; c++) {
            float v = (pixels[image * 784 + r * 28 + c] & 0xff) / 255f;
            for (int ch = 0; ch < channels; ch++) {
              x[(i * channels + ch) * plane + (r + pad) * side + c + pad] = v;
            }
          }
        }
        y[i * 10 + labels[image]] = 1f;
      }
      INDArray features = Nd4j.create(x, new long[] {batchSize, channels, side, side}, DataType.FLOAT);
      INDArray oneHot = Nd4j.create(y, new long[] {batchSize, 10}, DataType.FLOAT);
      out.add(new DataSet(features, oneHot));
    }
    return out;
  }

  private static byte[] read(Path file, int magic, int n, int itemSize) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
         DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
      int found = in.readInt();
      if (found != magic) {
        throw new IOException(file + ": not an IDX file of the expected kind (magic " + found + ")");
      }
      int available = in.readInt();
      if (available < n) {
        throw new IOException(file + " has " + available + " items, the benchmark needs " + n);
      }
      for (int dims = (magic & 0xff) - 1; dims > 0; dims--) {
        in.readInt();
      }
      byte[] data = new byte[n * itemSize];
      in.readFully(data);
      return data;
    }
  }
}
