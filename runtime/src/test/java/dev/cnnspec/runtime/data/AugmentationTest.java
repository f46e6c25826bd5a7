package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class AugmentationTest {
  private final ImageSet set = TestFiles.set(TestFiles.cycling(16, 4), 6, 5, 2, 4);

  private DataSet batch() {
    return new ImageSetIterator(set, 16).next();
  }

  @Test
  void keepsLabelsAndShapes() {
    DataSet plain = batch();
    DataSet aug = batch();
    Augmentation.shiftsAndFlips(PixelNormalizer.scale(), 1).preProcess(aug);
    assertArrayEquals(plain.getFeatures().shape(), aug.getFeatures().shape());
    assertEquals(plain.getLabels(), aug.getLabels());
    assertFalse(plain.getFeatures().equals(aug.getFeatures()), "some image must have moved");
  }

  @Test
  void deterministicPerSeed() {
    DataSet a = batch();
    DataSet b = batch();
    DataSet c = batch();
    Augmentation.shiftsAndFlips(PixelNormalizer.scale(), 5).preProcess(a);
    Augmentation.shiftsAndFlips(PixelNormalizer.scale(), 5).preProcess(b);
    Augmentation.shiftsAndFlips(PixelNormalizer.scale(), 6).preProcess(c);
    assertEquals(a.getFeatures(), b.getFeatures());
    assertFalse(a.getFeatures().equals(c.getFeatures()));
  }

  /** Each augmented image is its original shifted by at most 2 (and maybe mirrored), padded with fill. */
  @Test
  void everyImageIsAShiftOrFlipOfItsOriginal() {
    PixelNormalizer norm = PixelNormalizer.of(new double[] {0.5, 0.5}, new double[] {0.5, 0.5});
    ImageSetIterator it = new ImageSetIterator(set, 16, norm, false, null);
    INDArray plain = it.next().getFeatures();
    it.reset();
    it.setPreProcessor(new Augmentation(2, true, norm, 9));
    INDArray aug = it.next().getFeatures();
    float fill = norm.apply(0, 0); // −1: black after standardization
    for (int i = 0; i < 16; i++) {
      boolean found = false;
      for (int dy = -2; dy <= 2 && !found; dy++) {
        for (int dx = -2; dx <= 2 && !found; dx++) {
          for (boolean mirror : new boolean[] {false, true}) {
            if (matches(plain, aug, i, dy, dx, mirror, fill)) {
              found = true;
              break;
            }
          }
        }
      }
      assertTrue(found, "image " + i + " is no shift/flip of its original");
    }
  }

  private static boolean matches(INDArray in, INDArray out, int i, int dy, int dx, boolean mirror, float fill) {
    int c = (int) in.size(1), h = (int) in.size(2), w = (int) in.size(3);
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int sy = y - dy;
          int sx = (mirror ? w - 1 - x : x) - dx;
          float expected = sy >= 0 && sy < h && sx >= 0 && sx < w ? in.getFloat(i, ch, sy, sx) : fill;
          if (Math.abs(expected - out.getFloat(i, ch, y, x)) > 1e-6) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Test
  void noPadNoFlipIsIdentity() {
    DataSet a = batch();
    INDArray before = a.getFeatures().dup();
    new Augmentation(0, false, PixelNormalizer.scale(), 3).preProcess(a);
    assertEquals(before, a.getFeatures());
  }

  @Test
  void flatBatchesAreRefused() {
    DataSet flat = new ImageSetIterator(set, 4, PixelNormalizer.scale(), true, null).next();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Augmentation.shiftsAndFlips(PixelNormalizer.scale(), 1).preProcess(flat));
    assertTrue(e.getMessage().contains("flat model input"), e.getMessage());
  }
}
