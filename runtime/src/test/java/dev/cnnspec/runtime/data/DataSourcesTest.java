package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.Shape;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.AsyncDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The facade on a small generated MNIST directory (train gzip, test raw, as users may have them). */
class DataSourcesTest {
  @TempDir Path dir;
  private final byte[] trainLabels = new byte[50];

  @BeforeEach
  void mnist() throws IOException {
    for (int i = 0; i < 50; i++) {
      trainLabels[i] = (byte) (i % 10);
    }
    TestFiles.write(dir.resolve("train-images-idx3-ubyte.gz"),
        TestFiles.gzip(TestFiles.idx(0x803, new int[] {50, 6, 6}, TestFiles.pattern(50, 6, 6))));
    TestFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"),
        TestFiles.gzip(TestFiles.idx(0x801, new int[] {50}, trainLabels)));
    TestFiles.write(dir.resolve("t10k-images-idx3-ubyte"), TestFiles.idx(0x803, new int[] {7, 6, 6}, TestFiles.pattern(7, 6, 6)));
    TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), TestFiles.idx(0x801, new int[] {7}, new byte[7]));
  }

  private static List<DataSet> all(DataSetIterator it) {
    List<DataSet> out = new ArrayList<>();
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out;
  }

  private DataOptions options() {
    return DataOptions.defaults().withInput(Shape.spatial(8, 8, 1)).withBatchSize(8).withSeed(3);
  }

  @Test
  void opensMnistDirectoryFittedAndSplit() throws IOException {
    DataSplits data = DataSources.open("mnist:" + dir, options());
    assertEquals(MnistFiles.DIGIT_CLASS_NAMES, data.classNames());
    assertEquals(40, data.trainImages().size());
    assertEquals(10, data.validationImages().size());
    assertEquals(8, data.trainImages().height());
    DataSetIterator train = data.train();
    assertInstanceOf(AsyncDataSetIterator.class, train);
    List<DataSet> batches = all(train);
    assertEquals(5, batches.size());
    assertArrayEquals(new long[] {8, 1, 8, 8}, batches.get(0).getFeatures().shape());
    assertEquals(7, all(data.test().orElseThrow()).stream().mapToInt(DataSet::numExamples).sum());
    assertEquals(10, all(data.validation().orElseThrow()).stream().mapToInt(DataSet::numExamples).sum());
  }

  @Test
  void prefetchedBatchesEqualDirectOnesAndRepeatPerCall() throws IOException {
    DataSplits prefetched = DataSources.open("mnist:" + dir, options().withAugment(1, true));
    DataSplits direct = DataSources.open("mnist:" + dir, options().withAugment(1, true).withPrefetch(0));
    List<DataSet> a = all(prefetched.train());
    List<DataSet> b = all(direct.train());
    List<DataSet> c = all(prefetched.train());
    assertEquals(a.size(), b.size());
    for (int k = 0; k < a.size(); k++) {
      // Batches kept from a prefetching iterator stay intact (no workspace reuse).
      assertEquals(b.get(k).getFeatures(), a.get(k).getFeatures(), "batch " + k);
      assertEquals(b.get(k).getLabels(), a.get(k).getLabels());
      assertEquals(a.get(k).getFeatures(), c.get(k).getFeatures());
    }
  }

  @Test
  void secondEpochAfterResetIsANewOrder() throws IOException {
    DataSetIterator it = DataSources.open("mnist:" + dir, options()).train();
    List<DataSet> first = all(it);
    it.reset();
    List<DataSet> second = all(it);
    assertEquals(first.size(), second.size());
    assertFalse(first.get(0).getLabels().equals(second.get(0).getLabels())
        && first.get(0).getFeatures().equals(second.get(0).getFeatures()));
  }

  @Test
  void validationAndTestAreNeitherShuffledNorAugmented() throws IOException {
    DataSplits data = DataSources.open("mnist:" + dir, options().withAugment(2, true).withPrefetch(0));
    DataSet v = data.validation().orElseThrow().next();
    ImageSet vi = data.validationImages();
    for (int k = 0; k < v.numExamples(); k++) {
      assertEquals(1f, v.getLabels().getFloat(k, vi.label(k)));
      assertEquals(vi.pixel(k, 0, 4, 3) / 255f, v.getFeatures().getFloat(k, 0, 4, 3), 1e-6);
    }
  }

  @Test
  void standardizationUsesTheTrainingPart() throws IOException {
    DataSplits data = DataSources.open("mnist:" + dir,
        options().withNormalization(DataOptions.Normalization.STANDARDIZE));
    PixelNormalizer expected = PixelNormalizer.standardize(data.trainImages());
    assertArrayEquals(expected.mean(), data.normalizer().mean());
    assertArrayEquals(expected.std(), data.normalizer().std());
    assertFalse(expected.mean()[0] == PixelNormalizer.standardize(
        InputFitter.fit(MnistFiles.read(dir, "train", MnistFiles.DIGIT_CLASS_NAMES), Shape.spatial(8, 8, 1), false))
        .mean()[0], "statistics of the training part, not of training + validation");
  }

  @Test
  void flatInputGivesRankTwoFeatures() throws IOException {
    DataSplits data = DataSources.open("mnist:" + dir, DataOptions.defaults().withInput(Shape.flat(36)).withPrefetch(0));
    assertArrayEquals(new long[] {7, 36}, data.test().orElseThrow().next().getFeatures().shape());
  }

  @Test
  void userErrorsAreExplained() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> DataSources.open("imagenet", DataOptions.defaults()));
    assertTrue(unknown.getMessage().contains("unknown data source 'imagenet'; expected fashion-mnist,"),
        unknown.getMessage());
    IllegalArgumentException noPath = assertThrows(IllegalArgumentException.class,
        () -> DataSources.open("mnist", DataOptions.defaults()));
    assertTrue(noPath.getMessage().contains("needs a path"), noPath.getMessage());
    NoSuchFileException missing = assertThrows(NoSuchFileException.class,
        () -> DataSources.open("mnist:" + dir.resolve("elsewhere"), DataOptions.defaults()));
    assertTrue(missing.getMessage().contains("train-images-idx3-ubyte.gz"), missing.getMessage());
    IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
        () -> DataSources.open("mnist:" + dir, DataOptions.defaults().withInput(Shape.spatial(6, 6, 3))));
    assertTrue(tooBig.getMessage().contains("--replicate-channels"), tooBig.getMessage());
  }
}
