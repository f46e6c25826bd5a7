package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.Shape;
import org.junit.jupiter.api.Test;

class InputFitterTest {
  private final ImageSet gray = TestFiles.set(new int[] {0, 1, 2}, 5, 4, 1, 3);

  @Test
  void padsCentredWithOddRemainderBottomRight() {
    ImageSet p = InputFitter.fit(gray, Shape.spatial(8, 7, 1), false);
    assertEquals(8, p.height());
    assertEquals(7, p.width());
    // 5 → 8 rows: 1 on top, 2 below; 4 → 7 columns: 1 left, 2 right.
    for (int i = 0; i < 3; i++) {
      assertEquals(gray.label(i), p.label(i));
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 7; x++) {
          int expected = y >= 1 && y < 6 && x >= 1 && x < 5 ? gray.pixel(i, 0, y - 1, x - 1) : 0;
          assertEquals(expected, p.pixel(i, 0, y, x), "image " + i + " at " + y + "," + x);
        }
      }
    }
  }

  @Test
  void cropsCentred() {
    ImageSet c = InputFitter.fit(gray, Shape.spatial(3, 2, 1), false);
    // 5 → 3 rows: drop 1 top; 4 → 2 columns: drop 1 left.
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 2; x++) {
        assertEquals(gray.pixel(2, 0, y + 1, x + 1), c.pixel(2, 0, y, x));
      }
    }
  }

  @Test
  void padsOneDimensionWhileCroppingTheOther() {
    ImageSet m = InputFitter.fit(gray, Shape.spatial(7, 3, 1), false);
    assertEquals(gray.pixel(1, 0, 0, 0), m.pixel(1, 0, 1, 0)); // top pad 1, left crop (4-3)/2 = 0
    assertEquals(0, m.pixel(1, 0, 0, 2));
    assertEquals(gray.pixel(1, 0, 4, 2), m.pixel(1, 0, 5, 2));
  }

  @Test
  void sameShapeIsReturnedAsIs() {
    assertSame(gray, InputFitter.fit(gray, Shape.spatial(5, 4, 1), false));
  }

  @Test
  void replicatesGrayOnlyWhenAsked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InputFitter.fit(gray, Shape.spatial(5, 4, 3), false));
    assertEquals("cannot fit 5x4x1 images to the model input [5, 4, 3]: the images have 1 channel and the model 3;"
        + " copy the gray channel into all three (cnn train --replicate-channels;"
        + " DataOptions.withReplicateChannels(true) in Java), or declare the input with 1 channel", e.getMessage());
    ImageSet rgb = InputFitter.fit(gray, Shape.spatial(6, 4, 3), true);
    assertEquals(3, rgb.channels());
    for (int c = 0; c < 3; c++) {
      assertEquals(gray.pixel(2, 0, 3, 2), rgb.pixel(2, c, 3, 2)); // 5 → 6 pads 0 on top
    }
  }

  @Test
  void colourToGrayIsRefused() {
    ImageSet colour = TestFiles.set(new int[] {0}, 4, 4, 3, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InputFitter.fit(colour, Shape.spatial(4, 4, 1), true));
    assertTrue(e.getMessage().contains("the images have 3 channel(s) and the model 1"), e.getMessage());
  }

  @Test
  void moreThanTwiceIsRefusedWithAFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InputFitter.fit(gray, Shape.spatial(11, 4, 1), false));
    assertTrue(e.getMessage().startsWith("cannot fit 5x4x1 images to the model input [11, 4, 1]: the height would"
        + " change from 5 to 11"), e.getMessage());
    assertTrue(e.getMessage().contains("images:DIR"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> InputFitter.fit(gray, Shape.spatial(5, 1, 1), false));
  }

  @Test
  void flatInputTakesTheWholeImageOrExplains() {
    assertSame(gray, InputFitter.fit(gray, Shape.flat(20), false));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InputFitter.fit(gray, Shape.flat(784), false));
    assertEquals("cannot feed 5x4x1 images (20 values) to the flat model input [784]; declare the input as"
        + " [5, 4, 1] or [20]", e.getMessage());
  }
}
