package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGridTest {
  @TempDir Path dir;

  private final ImageSet set = TestFiles.set(TestFiles.cycling(25, 3), 28, 28, 1, 3);

  @Test
  void writesADecodablePngOfTheExpectedSize() throws IOException {
    Path png = dir.resolve("out/samples.png");
    SampleGrid.write(set, SampleGrid.first(set, 23), null, png);
    BufferedImage img = ImageIO.read(png.toFile());
    // 10 columns × 3 rows; a cell is max(28·3, 96) + 8 = 104 wide and 28·3 + 8 + 2·14 = 120 high.
    assertEquals(10 * 104, img.getWidth());
    assertEquals(3 * 120, img.getHeight());
    // Image 0 is drawn ×3 at ((104 − 84) / 2, 4): its pixel (1, 2) covers (4 + 3, 10 + 6).
    int gray = set.pixel(0, 0, 1, 2);
    assertEquals((gray << 16) | (gray << 8) | gray, img.getRGB(10 + 6, 4 + 3) & 0xFFFFFF);
  }

  @Test
  void predictionsGetGreenOrRedFrames() {
    int[] predicted = new int[25];
    for (int i = 0; i < 25; i++) {
      predicted[i] = i == 1 ? 0 : set.label(i);
    }
    assertArrayEquals(new int[] {1}, SampleGrid.mistakes(set, predicted, 10));
    BufferedImage img = SampleGrid.render(set, new int[] {0, 1}, predicted, 2, 3);
    // The frame is drawn 2 px outside the image, at x = 10 − 2 in cell 0 and 104 + 10 − 2 in cell 1.
    int right = img.getRGB(8, 40);
    int wrong = img.getRGB(104 + 8, 40);
    assertTrue(green(right) > red(right) + 60, Integer.toHexString(right));
    assertTrue(red(wrong) > green(wrong) + 60, Integer.toHexString(wrong));
  }

  @Test
  void predictionsMustCoverTheSet() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SampleGrid.render(set, new int[] {0}, new int[3], 1, 1));
    assertTrue(e.getMessage().contains("one prediction per image (25)"), e.getMessage());
  }

  private static int red(int rgb) {
    return (rgb >> 16) & 0xFF;
  }

  private static int green(int rgb) {
    return (rgb >> 8) & 0xFF;
  }
}
