package dev.cnnspec.diagram;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Placed} diagram as a self-contained SVG 1.1 document: no scripts, no external
 * fonts or styles, coordinates rounded to one decimal, elements in graph order. The same model
 * therefore always gives the same bytes, which is what lets golden files pin the output.
 *
 * <p>Colours group ops by role, as Netron does: convolutions blue, pooling green, dense orange,
 * normalisation and activations grey, merges yellow, collapsed blocks lilac. Output heads get a
 * dark red border and a line naming the loss (and its weight when it is not 1).
 */
final class SvgWriter {
  private static final Map<String, String> FILL = Map.ofEntries(
      Map.entry("input", "#ffffff"), Map.entry("block", "#e6dcf5"),
      Map.entry("conv", "#d6e6fa"), Map.entry("dense", "#fde3c8"),
      Map.entry("maxpool", "#d9f0d3"), Map.entry("avgpool", "#d9f0d3"),
      Map.entry("globalmaxpool", "#d9f0d3"), Map.entry("globalavgpool", "#d9f0d3"),
      Map.entry("add", "#fbf1b8"), Map.entry("concat", "#fbf1b8"));
  private static final String OTHER = "#eeeeee";

  private SvgWriter() {}

  static String write(Placed placed) {
    StringBuilder svg = new StringBuilder();
    double w = placed.width();
    double h = placed.height() + Metrics.LINE + Metrics.PAD;
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(n(w))
        .append("\" height=\"").append(n(h)).append("\" viewBox=\"0 0 ").append(n(w)).append(' ')
        .append(n(h)).append("\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"")
        .append(n(Metrics.FONT)).append("\">\n");
    svg.append("<title>").append(esc(placed.graph().network())).append("</title>\n");
    svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
        + " markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555555\"/></marker></defs>\n");
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    svg.append("<g transform=\"translate(0,").append(n(Metrics.LINE + Metrics.PAD)).append(")\">\n");
    svg.append("<text x=\"").append(n(Metrics.PAD)).append("\" y=\"").append(n(-Metrics.PAD / 2))
        .append("\" font-weight=\"bold\">").append(esc(placed.graph().network())).append("</text>\n");
    for (Placed.Rect r : placed.groups()) {
      DiagramGraph.Group g = (DiagramGraph.Group) r.what();
      svg.append("<g class=\"group\"><rect x=\"").append(n(r.x())).append("\" y=\"").append(n(r.y()))
          .append("\" width=\"").append(n(r.width())).append("\" height=\"").append(n(r.height()))
          .append("\" rx=\"6\" fill=\"#8060c0\" fill-opacity=\"0.06\" stroke=\"#8060c0\" stroke-dasharray=\"4 3\"/>");
      svg.append("<text x=\"").append(n(r.x() + Metrics.PAD)).append("\" y=\"")
          .append(n(r.y() + Metrics.GROUP_TITLE)).append("\" fill=\"#5a3e99\" font-style=\"italic\">")
          .append(esc(g.title())).append("</text></g>\n");
    }
    for (Placed.Line e : placed.edges()) {
      svg.append("<g class=\"edge\"><polyline points=\"");
      List<double[]> pts = e.points();
      for (int i = 0; i < pts.size(); i++) {
        svg.append(i == 0 ? "" : " ").append(n(pts.get(i)[0])).append(',').append(n(pts.get(i)[1]));
      }
      svg.append("\" fill=\"none\" stroke=\"#555555\" marker-end=\"url(#arrow)\"/>");
      if (!e.label().isEmpty()) {
        svg.append("<text x=\"").append(n(e.labelX())).append("\" y=\"").append(n(e.labelY() + Metrics.FONT - 1))
            .append("\" fill=\"#666666\">").append(esc(e.label())).append("</text>");
      }
      svg.append("</g>\n");
    }
    for (Placed.Rect r : placed.boxes()) {
      box(svg, r);
    }
    svg.append("</g>\n</svg>\n");
    return svg.toString();
  }

  private static void box(StringBuilder svg, Placed.Rect r) {
    DiagramGraph.Box b = (DiagramGraph.Box) r.what();
    boolean head = b.head() != null;
    svg.append("<g class=\"").append(b.kind().name().toLowerCase(Locale.ROOT)).append("\"><rect x=\"")
        .append(n(r.x())).append("\" y=\"").append(n(r.y())).append("\" width=\"").append(n(r.width()))
        .append("\" height=\"").append(n(r.height())).append("\" rx=\"4\" fill=\"")
        .append(FILL.getOrDefault(b.type(), OTHER)).append("\" stroke=\"")
        .append(head ? "#a01010\" stroke-width=\"2.5" : "#333333").append("\"/>");
    double y = r.y() + Metrics.PAD / 2 + Metrics.FONT;
    for (int i = 0; i < b.lines().size(); i++) {
      svg.append("<text x=\"").append(n(r.x() + Metrics.PAD)).append("\" y=\"").append(n(y)).append('"')
          .append(i == 0 ? " font-weight=\"bold\"" : "").append('>').append(esc(b.lines().get(i)))
          .append("</text>");
      y += Metrics.LINE;
    }
    if (head) {
      svg.append("<text x=\"").append(n(r.x() + Metrics.PAD)).append("\" y=\"").append(n(y))
          .append("\" fill=\"#a01010\">").append(esc(b.head())).append("</text>");
    }
    svg.append("</g>\n");
  }

  /** One decimal, no locale, no {@code -0.0}: identical bytes everywhere. */
  private static String n(double v) {
    double r = Math.round(v * 10) / 10.0;
    if (r == Math.rint(r)) {
      return Long.toString((long) r);
    }
    return String.format(Locale.ROOT, "%.1f", r);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
