package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {
  private final ImageSet set = TestFiles.set(TestFiles.cycling(101, 5), 2, 2, 1, 5);

  @Test
  void sizesDisjointAndCovering() {
    ValidationSplit s = ValidationSplit.of(set, 0.2, 11);
    assertEquals(20, s.validation().size()); // round(0.2 × 101)
    assertEquals(81, s.train().size());
    BitSet seen = new BitSet();
    for (int i : s.trainIndices()) {
      seen.set(i);
    }
    for (int i : s.validationIndices()) {
      assertFalse(seen.get(i), "index " + i + " in both parts");
      seen.set(i);
    }
    assertEquals(101, seen.cardinality());
    // The parts hold the images at their indices, in ascending (file) order.
    int[] v = s.validationIndices();
    for (int k = 0; k < v.length; k++) {
      assertArrayEquals(set.image(v[k]), s.validation().image(k));
      assertEquals(set.label(v[k]), s.validation().label(k));
      if (k > 0) {
        assertEquals(true, v[k] > v[k - 1]);
      }
    }
  }

  @Test
  void deterministicPerSeedAndDifferentAcrossSeeds() {
    int[] a = ValidationSplit.of(set, 0.3, 5).validationIndices();
    int[] b = ValidationSplit.of(set, 0.3, 5).validationIndices();
    int[] c = ValidationSplit.of(set, 0.3, 6).validationIndices();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void notTheLastImages() {
    int[] v = ValidationSplit.of(set, 0.2, 1).validationIndices();
    assertFalse(Arrays.equals(v, java.util.stream.IntStream.range(81, 101).toArray()));
  }

  @Test
  void zeroFractionAndBadFractions() {
    assertEquals(0, ValidationSplit.of(set, 0, 1).validation().size());
    assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(set, 1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(set, -0.1, 1));
  }
}
