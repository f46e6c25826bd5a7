package dev.cnnspec.runtime.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Draws images of an {@link ImageSet} in a grid with their labels, as a PNG a person can open to
 * check that the data looks right and, given predictions, to see the model's mistakes: a correct
 * prediction gets a green frame and "✓ label", a wrong one a red frame and "✗ predicted (true)".
 * Pixels are drawn raw (gray or RGB bytes), enlarged by an integer factor without smoothing.
 * Runs headless (no display needed).
 */
public final class SampleGrid {
  private static final Color RIGHT = new Color(0x1B8A3A);
  private static final Color WRONG = new Color(0xC62828);
  private static final int FONT_SIZE = 11;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private SampleGrid() {}

  /** The indices of the first {@code limit} images whose prediction differs from their label. */
  public static int[] mistakes(ImageSet images, int[] predictions, int limit) {
    checkPredictions(images, predictions);
    return IntStream.range(0, images.size()).filter(i -> predictions[i] != images.label(i)).limit(limit).toArray();
  }

  /** The indices {@code 0 … min(count, size) - 1}. */
  public static int[] first(ImageSet images, int count) {
    return IntStream.range(0, Math.min(count, images.size())).toArray();
  }

  /**
   * Renders the images at {@code indices}, {@code columns} per row, each enlarged {@code scale}
   * times.
   *
   * @param predictions a predicted class per image of the whole set (index = image index, so the
   *     output of a file-order pass over it), or {@code null} to show labels only
   */
  public static BufferedImage render(ImageSet images, int[] indices, int[] predictions, int columns, int scale) {
    if (indices.length == 0) {
      throw new IllegalArgumentException("no images to draw");
    }
    if (predictions != null) {
      checkPredictions(images, predictions);
    }
    int cellW = Math.max(images.width() * scale, 96) + 8;
    int cellH = images.height() * scale + 8 + 2 * (FONT_SIZE + 3);
    int cols = Math.min(columns, indices.length);
    int rows = (indices.length + cols - 1) / cols;
    BufferedImage grid = new BufferedImage(cols * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, FONT_SIZE));
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      int x = (k % cols) * cellW + (cellW - images.width() * scale) / 2;
      int y = (k / cols) * cellH + 4;
      g.drawImage(toImage(images, i, scale), x, y, null);
      String[] text = caption(images, i, predictions);
      if (predictions != null) {
        g.setColor(predictions[i] == images.label(i) ? RIGHT : WRONG);
        g.setStroke(new BasicStroke(2));
        g.drawRect(x - 2, y - 2, images.width() * scale + 3, images.height() * scale + 3);
      } else {
        g.setColor(Color.DARK_GRAY);
      }
      FontMetrics fm = g.getFontMetrics();
      for (int line = 0; line < text.length; line++) {
        String s = fit(text[line], fm, cellW - 4);
        int tx = (k % cols) * cellW + (cellW - fm.stringWidth(s)) / 2;
        g.drawString(s, tx, y + images.height() * scale + 4 + (line + 1) * (FONT_SIZE + 2));
      }
    }
    g.dispose();
    return grid;
  }

  /** Renders as {@link #render} and writes a PNG, creating parent directories. */
  public static void write(ImageSet images, int[] indices, int[] predictions, Path png) throws IOException {
    BufferedImage grid = render(images, indices, predictions, 10, images.width() < 64 ? 3 : 1);
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(grid, "png", png.toFile())) {
      throw new IOException("no PNG writer available to write " + png);
    }
  }

  private static String[] caption(ImageSet images, int i, int[] predictions) {
    int label = images.label(i);
    String truth = label < 0 ? "?" : images.classNames().get(label);
    if (predictions == null) {
      return new String[] {truth};
    }
    String predicted = name(images, predictions[i]);
    return predictions[i] == label
        ? new String[] {"\u2713 " + predicted}
        : new String[] {"\u2717 " + predicted, "(true: " + truth + ")"};
  }

  private static String name(ImageSet images, int cls) {
    return cls >= 0 && cls < images.numClasses() ? images.classNames().get(cls) : "class " + cls;
  }

  private static String fit(String s, FontMetrics fm, int width) {
    if (fm.stringWidth(s) <= width) {
      return s;
    }
    String cut = s;
    while (cut.length() > 1 && fm.stringWidth(cut + "…") > width) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "…";
  }

  private static BufferedImage toImage(ImageSet images, int i, int scale) {
    int h = images.height(), w = images.width();
    BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
    boolean gray = images.channels() < 3;
    for (int y = 0; y < h * scale; y++) {
      for (int x = 0; x < w * scale; x++) {
        int r = images.pixel(i, 0, y / scale, x / scale);
        int gr = gray ? r : images.pixel(i, 1, y / scale, x / scale);
        int b = gray ? r : images.pixel(i, 2, y / scale, x / scale);
        img.setRGB(x, y, (r << 16) | (gr << 8) | b);
      }
    }
    return img;
  }

  private static void checkPredictions(ImageSet images, int[] predictions) {
    if (predictions.length != images.size()) {
      throw new IllegalArgumentException("expected one prediction per image (" + images.size() + ") but got "
          + predictions.length + "; predict over the set in file order");
    }
  }
}
