package dev.cnnspec.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the first images of the installed Fashion-MNIST into a directory under the original file
 * names, so command-line tests run on real images as {@code fashion-mnist:DIR} in seconds.
 */
final class FashionSubset {
  static final Path INSTALLED = Path.of("/usr/share/datasets/fashion-mnist");

  private FashionSubset() {}

  static Path write(Path dir, int train, int test) throws IOException {
    Files.createDirectories(dir);
    copy("train", train, dir);
    copy("t10k", test, dir);
    return dir;
  }

  private static void copy(String prefix, int n, Path dir) throws IOException {
    copyIdx(prefix + "-images-idx3-ubyte.gz", n, 28 * 28, 2, dir);
    copyIdx(prefix + "-labels-idx1-ubyte.gz", n, 1, 0, dir);
  }

  /** Header: magic, count, then {@code extraDims} more dimension ints; records of {@code recordBytes}. */
  private static void copyIdx(String name, int n, int recordBytes, int extraDims, Path dir) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(INSTALLED.resolve(name))));
        DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(dir.resolve(name))))) {
      out.writeInt(in.readInt());
      int count = in.readInt();
      out.writeInt(Math.min(n, count));
      for (int d = 0; d < extraDims; d++) {
        out.writeInt(in.readInt());
      }
      byte[] records = in.readNBytes(Math.min(n, count) * recordBytes);
      out.write(records);
    }
  }
}
