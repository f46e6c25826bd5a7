package dev.cnnspec.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where MNIST-layout data sets live and what their classes are called. Fashion-MNIST and MNIST
 * share the file names ({@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]},
 * {@code t10k-…}); a missing file gives a message that says how to get it.
 */
public final class MnistFiles {
  /** Where the Debian package {@code dataset-fashion-mnist} installs Fashion-MNIST. */
  public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** Fashion-MNIST's labels 0–9, as Zalando names them. */
  public static final List<String> FASHION_CLASS_NAMES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** MNIST's labels are the digits themselves. */
  public static final List<String> DIGIT_CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  private MnistFiles() {}

  /** Fashion-MNIST's training set (60,000 images) from its installed location. */
  public static ImageSet fashionTrain() throws IOException {
    return read(FASHION_MNIST_DIR, "train", FASHION_CLASS_NAMES, true);
  }

  /** Fashion-MNIST's test set (10,000 images) from its installed location. */
  public static ImageSet fashionTest() throws IOException {
    return read(FASHION_MNIST_DIR, "t10k", FASHION_CLASS_NAMES, true);
  }

  /**
   * Reads {@code <prefix>-images-idx3-ubyte[.gz]} and {@code <prefix>-labels-idx1-ubyte[.gz]} from
   * {@code dir}, where prefix is {@code train} or {@code t10k}.
   */
  public static ImageSet read(Path dir, String prefix, List<String> classNames) throws IOException {
    return read(dir, prefix, classNames, false);
  }

  /** As {@link #read(Path, String, List)}; {@code installed} selects the "apt-get install" hint. */
  static ImageSet read(Path dir, String prefix, List<String> classNames, boolean installed)
      throws IOException {
    Path images = locate(dir, prefix + "-images-idx3-ubyte", installed);
    Path labels = locate(dir, prefix + "-labels-idx1-ubyte", installed);
    return IdxFormat.read(images, labels, classNames);
  }

  private static Path locate(Path dir, String name, boolean installed) throws NoSuchFileException {
    for (String candidate : new String[] {name + ".gz", name}) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    String fix = installed
        ? "Fashion-MNIST is not installed; run `sudo apt-get install dataset-fashion-mnist` (or bin/setup)"
        : "expected " + name + ".gz or " + name + " in this directory (the MNIST file names)";
    throw new NoSuchFileException(dir.resolve(name + ".gz").toString(), null, fix);
  }
}
