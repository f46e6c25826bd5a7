package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class ImageSetIteratorTest {
  private final ImageSet set = TestFiles.set(TestFiles.cycling(23, 4), 3, 2, 2, 4);

  /** The image index of every example served in one epoch, recovered from the features. */
  private static List<Integer> epoch(ImageSetIterator it) {
    List<Integer> seen = new ArrayList<>();
    while (it.hasNext()) {
      DataSet ds = it.next();
      for (int k = 0; k < ds.numExamples(); k++) {
        // pixel 0 of image i is (7 i) % 256 / 255 under ÷255; 23 images keep 7 i below 256.
        seen.add(Math.round(ds.getFeatures().getFloat(k, 0, 0, 0) * 255f) / 7);
      }
    }
    return seen;
  }

  @Test
  void batchesAreNchwWithOneHotLabelsAndScaledPixels() {
    ImageSetIterator it = new ImageSetIterator(set, 10);
    DataSet first = it.next();
    assertArrayEquals(new long[] {10, 2, 3, 2}, first.getFeatures().shape());
    assertArrayEquals(new long[] {10, 4}, first.getLabels().shape());
    for (int k = 0; k < 10; k++) {
      for (int c = 0; c < 2; c++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 2; x++) {
            assertEquals(set.pixel(k, c, y, x) / 255f, first.getFeatures().getFloat(k, c, y, x), 1e-6);
          }
        }
      }
      for (int cls = 0; cls < 4; cls++) {
        assertEquals(cls == k % 4 ? 1f : 0f, first.getLabels().getFloat(k, cls));
      }
    }
    assertEquals(10, it.next().numExamples());
    assertEquals(3, it.next().numExamples());
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
    assertEquals(3, it.batches());
  }

  @Test
  void fileOrderWithoutSeed() {
    ImageSetIterator it = new ImageSetIterator(set, 4);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      expected.add(i);
    }
    assertEquals(expected, epoch(it));
    it.reset();
    assertEquals(expected, epoch(it));
  }

  @Test
  void shuffleIsDeterministicPerSeedAndNewEachEpoch() {
    ImageSetIterator a = new ImageSetIterator(set, 5, PixelNormalizer.scale(), false, 7L);
    ImageSetIterator b = new ImageSetIterator(set, 5, PixelNormalizer.scale(), false, 7L);
    ImageSetIterator c = new ImageSetIterator(set, 5, PixelNormalizer.scale(), false, 8L);
    List<Integer> a0 = epoch(a);
    assertEquals(a0, epoch(b));
    List<Integer> c0 = epoch(c);
    assertFalse(a0.equals(c0), "different seeds, different orders");
    a.reset();
    b.reset();
    List<Integer> a1 = epoch(a);
    assertEquals(a1, epoch(b));
    assertFalse(a0.equals(a1), "a new order each epoch");
    for (List<Integer> order : List.of(a0, a1, c0)) {
      Integer[] sorted = order.toArray(new Integer[0]);
      Arrays.sort(sorted);
      for (int i = 0; i < 23; i++) {
        assertEquals(i, sorted[i], "every image exactly once per epoch");
      }
    }
    assertEquals(a1, Arrays.stream(a.order()).boxed().toList());
  }

  @Test
  void labelsFollowTheShuffle() {
    ImageSetIterator it = new ImageSetIterator(set, 23, PixelNormalizer.scale(), false, 3L);
    DataSet ds = it.next();
    int[] order = it.order();
    for (int k = 0; k < 23; k++) {
      assertEquals(1f, ds.getLabels().getFloat(k, set.label(order[k])));
      assertEquals(set.pixel(order[k], 1, 2, 1) / 255f, ds.getFeatures().getFloat(k, 1, 2, 1), 1e-6);
    }
  }

  @Test
  void flatFeaturesAreChannelMajor() {
    ImageSetIterator it = new ImageSetIterator(set, 2, PixelNormalizer.scale(), true, null);
    DataSet ds = it.next();
    assertArrayEquals(new long[] {2, 12}, ds.getFeatures().shape());
    // element 1*6 + 2*2 + 1 is channel 1, row 2, column 1
    assertEquals(set.pixel(1, 1, 2, 1) / 255f, ds.getFeatures().getFloat(1, 11), 1e-6);
  }

  @Test
  void standardizedValues() {
    PixelNormalizer n = PixelNormalizer.of(new double[] {0.5, 0.25}, new double[] {0.5, 0.125});
    DataSet ds = new ImageSetIterator(set, 3, n, false, null).next();
    assertEquals((set.pixel(2, 0, 1, 1) / 255.0 - 0.5) / 0.5, ds.getFeatures().getFloat(2, 0, 1, 1), 1e-5);
    assertEquals((set.pixel(2, 1, 1, 1) / 255.0 - 0.25) / 0.125, ds.getFeatures().getFloat(2, 1, 1, 1), 1e-5);
  }

  @Test
  void unlabelledSetsGiveNoLabels() {
    ImageSet unlabelled = new ImageSet(new byte[8], new int[] {-1, -1}, 2, 2, 1, List.of());
    assertNull(new ImageSetIterator(unlabelled, 2).next().getLabels());
  }
}
