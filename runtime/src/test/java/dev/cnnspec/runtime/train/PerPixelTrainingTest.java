package dev.cnnspec.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.data.ImageSet;
import dev.cnnspec.runtime.data.MaskFiles;
import dev.cnnspec.runtime.data.MaskSet;
import dev.cnnspec.runtime.data.MnistFiles;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import dev.cnnspec.runtime.dl4j.SpecInterpreter;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A per-pixel head trained on real data: the first Fashion-MNIST training images, each pixel
 * labelled garment or background by the image's own grey level (above 25 of 255), written as IDX
 * image and mask files and read back by {@link MaskFiles}. A few steps of a small same-padded
 * network with a per-pixel cross-entropy head lift the per-pixel accuracy on held-out images above
 * the majority class's share (predicting background everywhere).
 */
class PerPixelTrainingTest {
  private static final int TRAIN = 256;
  private static final int TEST = 128;
  private static final int GARMENT = 25;

  private static final String SPEC = """
      network Seg() {
        input image: [28, 28, 1]
        f = image -> conv(8, 3, padding: same, activation: relu) -> conv(8, 3, padding: same, activation: relu)
        output mask = f -> conv(2, 1)
      }
      """;

  @TempDir Path dir;

  @Test
  void perPixelAccuracyRisesAboveTheMajorityBaseline() throws IOException {
    writeFashionMnistMasks(dir, TRAIN + TEST);
    MaskSet set = MaskFiles.read(dir, "train", 2);
    DataSet test = set.dataSet(TRAIN, TRAIN + TEST);
    NetworkModel model = SpecInterpreter.model(Map.of("seg.cnn", SPEC), "Seg", Map.of());
    ComputationGraph graph = Dl4jGraphFactory.network(model, 42, new Adam(1e-2));
    assertEquals("mask_loss", graph.getConfiguration().getNetworkOutputs().get(0));

    double baseline = PixelAccuracy.majorityBaseline(test.getLabels());
    double before = accuracy(graph, test);
    for (int epoch = 0; epoch < 3; epoch++) {
      for (int from = 0; from < TRAIN; from += 32) {
        graph.fit(set.dataSet(from, from + 32));
      }
    }
    double after = accuracy(graph, test);
    System.out.printf("per-pixel accuracy on %d held-out images: %.4f before, %.4f after 24 steps;"
        + " majority baseline %.4f%n", TEST, before, after, baseline);
    assertTrue(baseline > 0.5 && baseline < 0.9, "the masks are not degenerate: baseline " + baseline);
    assertTrue(after > baseline + 0.05, "accuracy " + after + " does not beat the majority baseline " + baseline);
  }

  private static double accuracy(ComputationGraph graph, DataSet test) {
    INDArray predicted = graph.output(test.getFeatures())[0];
    return PixelAccuracy.of(predicted, test.getLabels());
  }

  /** The first {@code n} training images and their garment/background masks, as train-images/-masks IDX files. */
  static void writeFashionMnistMasks(Path dir, int n) throws IOException {
    ImageSet fashion = MnistFiles.fashionTrain();
    byte[] pixels = new byte[n * 28 * 28];
    byte[] masks = new byte[pixels.length];
    for (int i = 0; i < n; i++) {
      byte[] image = fashion.image(i);
      System.arraycopy(image, 0, pixels, i * 784, 784);
      for (int p = 0; p < 784; p++) {
        masks[i * 784 + p] = (byte) ((image[p] & 0xFF) > GARMENT ? 1 : 0);
      }
    }
    Files.write(dir.resolve("train-images-idx3-ubyte"), idx(n, pixels));
    Files.write(dir.resolve("train-masks-idx3-ubyte"), idx(n, masks));
  }

  private static byte[] idx(int n, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x803);
      out.writeInt(n);
      out.writeInt(28);
      out.writeInt(28);
      out.write(data);
    }
    return bytes.toByteArray();
  }
}
