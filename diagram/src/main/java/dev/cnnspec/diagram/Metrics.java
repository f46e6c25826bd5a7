package dev.cnnspec.diagram;

/**
 * Text measured as a monospace font draws it: every character {@link #CHAR} wide. The SVG asks
 * for {@code monospace}, and DejaVu Sans Mono, Liberation Mono and Menlo all advance 0.6 em, so
 * boxes fit their text on any machine without measuring fonts (which would tie the layout, and
 * the golden files, to the fonts installed).
 */
final class Metrics {
  static final double FONT = 12;
  static final double CHAR = 0.61 * FONT;
  static final double LINE = 15;
  static final double PAD = 8;
  static final double GROUP_TITLE = 14;

  private Metrics() {}

  static double textWidth(String text) {
    return Math.ceil(text.codePointCount(0, text.length()) * CHAR);
  }

  static double boxWidth(DiagramGraph.Box box) {
    double widest = 0;
    for (String line : box.lines()) {
      widest = Math.max(widest, textWidth(line));
    }
    if (box.head() != null) {
      widest = Math.max(widest, textWidth(box.head()));
    }
    return widest + 2 * PAD;
  }

  static double boxHeight(DiagramGraph.Box box) {
    int lines = box.lines().size() + (box.head() == null ? 0 : 1);
    return lines * LINE + PAD;
  }
}
