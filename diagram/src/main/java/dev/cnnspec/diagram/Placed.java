package dev.cnnspec.diagram;

import java.util.List;

/** A laid-out diagram in absolute coordinates (pixels, y down): what {@link SvgWriter} draws. */
record Placed(DiagramGraph graph, double width, double height, List<Rect> groups, List<Rect> boxes,
    List<Line> edges) {

  /** A box or group with what it shows. */
  record Rect(Object what, double x, double y, double width, double height) {}

  /** An edge as a polyline from source to target, with its label's top-left corner. */
  record Line(List<double[]> points, String label, double labelX, double labelY) {}
}
