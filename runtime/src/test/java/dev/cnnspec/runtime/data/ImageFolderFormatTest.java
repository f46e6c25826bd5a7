package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.Shape;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderFormatTest {
  @TempDir Path dir;

  private void png(Path file, Color color, int size) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        img.setRGB(x, y, color.getRGB());
      }
    }
    ImageIO.write(img, "png", file.toFile());
  }

  private void colours(Path root) throws IOException {
    png(root.resolve("red/a.png"), new Color(250, 0, 0), 20);
    png(root.resolve("red/b.png"), new Color(200, 10, 0), 12);
    png(root.resolve("blue/a.png"), new Color(0, 0, 240), 16);
    png(root.resolve("green/x.png"), new Color(0, 128, 0), 8);
    Files.writeString(root.resolve("green/notes.txt"), "not an image");
  }

  @Test
  void loadsClassFoldersResizedAndInRgbOrder() throws IOException {
    colours(dir);
    ImageSet s = ImageFolderFormat.read(dir, 8, 10, 3);
    assertEquals(4, s.size());
    assertEquals(8, s.height());
    assertEquals(10, s.width());
    assertEquals(3, s.channels());
    assertEquals(List.of("blue", "green", "red"), s.classNames());
    // Sorted paths: blue/a, green/x, red/a, red/b.
    assertEquals(0, s.label(0));
    assertEquals(1, s.label(1));
    assertEquals(2, s.label(2));
    assertEquals(2, s.label(3));
    assertEquals(240, s.pixel(0, 2, 4, 5), 2);
    assertEquals(0, s.pixel(0, 0, 4, 5), 2);
    assertEquals(128, s.pixel(1, 1, 3, 3), 2);
    assertEquals(250, s.pixel(2, 0, 0, 0), 2);
    assertEquals(0, s.pixel(2, 2, 7, 9), 2);
  }

  @Test
  void loadsGray() throws IOException {
    png(dir.resolve("white/w.png"), Color.WHITE, 5);
    png(dir.resolve("black/b.png"), Color.BLACK, 5);
    ImageSet s = ImageFolderFormat.read(dir, 4, 4, 1);
    assertEquals(1, s.channels());
    assertEquals(0, s.pixel(0, 0, 1, 1));
    assertEquals(255, s.pixel(1, 0, 1, 1));
  }

  @Test
  void folderWithoutClassesSaysSo() throws IOException {
    png(dir.resolve("loose.png"), Color.WHITE, 4);
    DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolderFormat.read(dir, 4, 4, 1));
    assertTrue(e.getMessage().startsWith(dir + ": has no class folders"), e.getMessage());
    assertTrue(e.getMessage().contains("DIR/<class>/<image>.png"), e.getMessage());
  }

  @Test
  void classFoldersWithoutImagesSaySo() throws IOException {
    Files.createDirectories(dir.resolve("cats"));
    Files.writeString(dir.resolve("cats/readme.txt"), "nothing");
    DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolderFormat.read(dir, 4, 4, 1));
    assertTrue(e.getMessage().startsWith(dir.resolve("cats") + ": is a class folder without images"), e.getMessage());
  }

  @Test
  void dataSourceUsesTrainAndTestFolders() throws IOException {
    colours(dir.resolve("train"));
    png(dir.resolve("test/red/t.png"), Color.RED, 9);
    png(dir.resolve("test/blue/t.png"), Color.BLUE, 9);
    png(dir.resolve("test/green/t.png"), Color.GREEN, 9);
    DataSplits data = DataSources.open("images:" + dir,
        DataOptions.defaults().withInput(Shape.spatial(6, 6, 3)).withValidationFraction(0.25).withPrefetch(0));
    assertEquals(3, data.trainImages().size());
    assertEquals(1, data.validationImages().size());
    assertEquals(3, data.testImages().orElseThrow().size());
    assertEquals(List.of("blue", "green", "red"), data.classNames());

    DataSplits gray = DataSources.open("images:" + dir, DataOptions.defaults().withInput(Shape.spatial(5, 5, 1))
        .withReplicateChannels(true).withPrefetch(0));
    assertEquals(1, gray.testImages().orElseThrow().channels());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataSources.open("images:" + dir, DataOptions.defaults()));
    assertTrue(e.getMessage().contains("must be [h, w, c]"), e.getMessage());
  }
}
