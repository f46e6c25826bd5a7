package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.Shape;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The loaders on the real Fashion-MNIST files, checked against a direct read of the gzip. */
class FashionMnistTest {
  private static ImageSet train;
  private static ImageSet test;

  @BeforeAll
  static void load() throws IOException {
    train = MnistFiles.fashionTrain();
    test = MnistFiles.fashionTest();
  }

  /** The pixel bytes after the 16-byte header, read with java.util.zip and nothing of ours. */
  private static byte[] directPixels(String name) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(
        Files.newInputStream(MnistFiles.FASHION_MNIST_DIR.resolve(name))))) {
      assertEquals(0x803, in.readInt());
      int n = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      byte[] px = new byte[n * rows * cols];
      in.readFully(px);
      assertEquals(-1, in.read());
      return px;
    }
  }

  private static byte[] directLabels(String name) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(
        Files.newInputStream(MnistFiles.FASHION_MNIST_DIR.resolve(name))))) {
      assertEquals(0x801, in.readInt());
      byte[] l = new byte[in.readInt()];
      in.readFully(l);
      return l;
    }
  }

  @Test
  void countsAndShapes() {
    assertEquals(60_000, train.size());
    assertEquals(10_000, test.size());
    for (ImageSet s : new ImageSet[] {train, test}) {
      assertEquals(28, s.height());
      assertEquals(28, s.width());
      assertEquals(1, s.channels());
      assertEquals(MnistFiles.FASHION_CLASS_NAMES, s.classNames());
    }
    assertEquals("T-shirt/top", train.classNames().get(0));
    assertEquals("Ankle boot", train.classNames().get(9));
  }

  @Test
  void sixThousandPerClassInTrainingAndOneThousandInTest() {
    int[] six = new int[10];
    Arrays.fill(six, 6_000);
    int[] one = new int[10];
    Arrays.fill(one, 1_000);
    assertArrayEquals(six, train.classCounts());
    assertArrayEquals(one, test.classCounts());
  }

  @Test
  void pixelsAndLabelsMatchAnIndependentRead() throws IOException {
    byte[] px = directPixels("train-images-idx3-ubyte.gz");
    byte[] labels = directLabels("train-labels-idx1-ubyte.gz");
    long directSum = 0;
    long directSquares = 0;
    for (byte b : px) {
      directSum += b & 0xFF;
      directSquares += (long) (b & 0xFF) * (b & 0xFF);
    }
    long ourSum = 0;
    for (int i = 0; i < train.size(); i++) {
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          ourSum += train.pixel(i, 0, y, x);
        }
      }
      assertEquals(labels[i], train.label(i), "label of image " + i);
    }
    assertEquals(directSum, ourSum);
    assertArrayEquals(Arrays.copyOfRange(px, 784 * 12_345, 784 * 12_346), train.image(12_345));

    // The standardization statistics against the same independent sums.
    double n = px.length;
    double mean = directSum / n / 255.0;
    double std = Math.sqrt(directSquares / n / (255.0 * 255.0) - mean * mean);
    PixelNormalizer norm = PixelNormalizer.standardize(train);
    assertEquals(mean, norm.mean()[0], 1e-12);
    assertEquals(std, norm.std()[0], 1e-12);
    // The published Fashion-MNIST statistics (mean 0.2860, std 0.3530) as a sanity check of the sums.
    assertEquals(0.2860, mean, 5e-4);
    assertEquals(0.3530, std, 5e-4);
  }

  @Test
  void paddedTo32ForLeNet() {
    ImageSet padded = InputFitter.fit(test, Shape.spatial(32, 32, 1), false);
    assertEquals(10_000, padded.size());
    assertEquals(32, padded.height());
    assertEquals(32, padded.width());
    for (int i : new int[] {0, 4_321, 9_999}) {
      assertEquals(test.label(i), padded.label(i));
      long border = 0;
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          boolean inside = y >= 2 && y < 30 && x >= 2 && x < 30;
          if (inside) {
            assertEquals(test.pixel(i, 0, y - 2, x - 2), padded.pixel(i, 0, y, x));
          } else {
            border += padded.pixel(i, 0, y, x);
          }
        }
      }
      assertEquals(0, border);
    }
  }

  @Test
  void dataSourceGivesLeNetBatches() throws IOException {
    DataSplits data = DataSources.open("fashion-mnist",
        DataOptions.defaults().withInput(Shape.spatial(32, 32, 1)).withBatchSize(256));
    assertEquals(48_000, data.trainImages().size());
    assertEquals(12_000, data.validationImages().size());
    assertEquals(10_000, data.testImages().orElseThrow().size());
    DataSetIterator it = data.test().orElseThrow();
    int batches = 0;
    int examples = 0;
    DataSet last = null;
    while (it.hasNext()) {
      last = it.next();
      if (batches == 0) {
        assertArrayEquals(new long[] {256, 1, 32, 32}, last.getFeatures().shape());
        assertArrayEquals(new long[] {256, 10}, last.getLabels().shape());
      }
      batches++;
      examples += last.numExamples();
    }
    assertEquals(40, batches); // ceil(10000 / 256)
    assertEquals(10_000, examples);
    assertEquals(10_000 - 39 * 256, last.numExamples());
    assertTrue(last.getFeatures().maxNumber().doubleValue() <= 1.0);
  }
}
