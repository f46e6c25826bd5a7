package dev.cnnspec.diagram;

import dev.cnnspec.model.NetworkModel;

/**
 * The diagram back end's entry point: a checked network as an SVG document. {@code depth} is how
 * many levels of block nesting are drawn open; deeper instances are one box each (1: every block
 * the network calls is a box; {@link #ALL}: everything open).
 *
 * <pre>{@code
 * String svg = NetworkDiagram.svg(model, 1);   // ResNet-152 on one readable page
 * }</pre>
 */
public final class NetworkDiagram {
  /** Every level of nesting drawn open. */
  public static final int ALL = Integer.MAX_VALUE;

  private NetworkDiagram() {}

  public static String svg(NetworkModel model, int depth) {
    return SvgWriter.write(ElkLayout.layout(DiagramGraph.of(model, depth)));
  }

  public static String svg(NetworkModel model) {
    return svg(model, ALL);
  }
}
