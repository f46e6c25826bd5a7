package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PixelNormalizerTest {
  @Test
  void perChannelStatisticsByHand() {
    // Two 1x2 images, 2 channels: channel 0 holds 0, 255, 255, 255; channel 1 holds 51 four times… almost.
    byte[] px = {0, (byte) 255, 51, 51, (byte) 255, (byte) 255, 51, 102};
    ImageSet s = new ImageSet(px, new int[] {0, 0}, 1, 2, 2, List.of("x"));
    PixelNormalizer n = PixelNormalizer.standardize(s);
    // channel 0 in [0,1]: 0, 1, 1, 1 → mean 0.75, variance 0.1875
    assertEquals(0.75, n.mean()[0], 1e-12);
    assertEquals(Math.sqrt(0.1875), n.std()[0], 1e-12);
    // channel 1: 0.2, 0.2, 0.2, 0.4 → mean 0.25, variance (3·0.0025 + 0.0225) / 4 = 0.0075
    assertEquals(0.25, n.mean()[1], 1e-12);
    assertEquals(Math.sqrt(0.0075), n.std()[1], 1e-12);
    assertEquals((0.4 - 0.25) / Math.sqrt(0.0075), n.apply(1, 102), 1e-5);
  }

  @Test
  void scaleIsDivisionBy255() {
    PixelNormalizer n = PixelNormalizer.scale();
    assertEquals(0f, n.apply(0, 0));
    assertEquals(1f, n.apply(2, 255));
    assertEquals(128 / 255f, n.apply(1, 128), 1e-7);
  }

  @Test
  void constantChannelCannotBeStandardized() {
    ImageSet flat = new ImageSet(new byte[] {9, 9, 9, 9}, new int[] {0}, 2, 2, 1, List.of("x"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PixelNormalizer.standardize(flat));
    assertEquals(true, e.getMessage().contains("use ÷255 scaling"));
  }
}
