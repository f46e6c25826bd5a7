package dev.cnnspec.diagram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Places a {@link DiagramGraph} with ELK's layered (Sugiyama) algorithm, top to bottom, groups
 * laid out together with their contents ({@code INCLUDE_CHILDREN}) so that edges may cross group
 * borders. Text is measured as monospace ({@link Metrics}), so the layout depends on nothing but
 * the graph: no font files, no AWT, the same numbers on every machine. ELK's layered algorithm is
 * deterministic for a given input order (its random seed is fixed), and the input order is the
 * network's graph order.
 */
final class ElkLayout {
  private ElkLayout() {}

  static Placed layout(DiagramGraph graph) {
    ElkNode root = ElkGraphUtil.createGraph();
    configure(root);
    Map<String, ElkNode> groups = new LinkedHashMap<>();
    for (DiagramGraph.Group g : graph.groups()) {
      ElkNode parent = g.parent().isEmpty() ? root : groups.get(g.parent());
      ElkNode node = ElkGraphUtil.createNode(parent);
      configure(node);
      node.setProperty(CoreOptions.PADDING, new ElkPadding(Metrics.GROUP_TITLE + Metrics.PAD, Metrics.PAD,
          Metrics.PAD, Metrics.PAD));
      groups.put(g.path(), node);
    }
    Map<String, ElkNode> boxes = new LinkedHashMap<>();
    for (DiagramGraph.Box b : graph.boxes()) {
      ElkNode parent = b.group().isEmpty() ? root : groups.get(b.group());
      ElkNode node = ElkGraphUtil.createNode(parent);
      node.setDimensions(Metrics.boxWidth(b), Metrics.boxHeight(b));
      boxes.put(b.id(), node);
    }
    List<ElkEdge> edges = new ArrayList<>();
    for (DiagramGraph.Edge e : graph.edges()) {
      ElkEdge edge = ElkGraphUtil.createSimpleEdge(boxes.get(e.from()), boxes.get(e.to()));
      ElkGraphUtil.updateContainment(edge);
      if (!e.label().isEmpty()) {
        ElkLabel label = ElkGraphUtil.createLabel(e.label(), edge);
        label.setDimensions(Metrics.textWidth(e.label()), Metrics.LINE);
        label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
      }
      edges.add(edge);
    }

    new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

    List<Placed.Rect> groupRects = new ArrayList<>();
    int i = 0;
    for (ElkNode node : groups.values()) {
      groupRects.add(rect(node, graph.groups().get(i++)));
    }
    List<Placed.Rect> boxRects = new ArrayList<>();
    i = 0;
    for (ElkNode node : boxes.values()) {
      boxRects.add(rect(node, graph.boxes().get(i++)));
    }
    List<Placed.Line> lines = new ArrayList<>();
    for (ElkEdge edge : edges) {
      lines.add(line(edge));
    }
    return new Placed(graph, root.getWidth(), root.getHeight(), groupRects, boxRects, lines);
  }

  private static void configure(ElkNode node) {
    node.setProperty(CoreOptions.ALGORITHM, "org.eclipse.elk.layered");
    node.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
    node.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
    node.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
    node.setProperty(CoreOptions.SPACING_NODE_NODE, 24.0);
    node.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 24.0);
    node.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 12.0);
    node.setProperty(CoreOptions.SPACING_EDGE_LABEL, 3.0);
    node.setProperty(CoreOptions.PADDING, new ElkPadding(Metrics.PAD));
  }

  private static <T> Placed.Rect rect(ElkNode node, T what) {
    double[] at = absolute(node.getParent());
    return new Placed.Rect(what, at[0] + node.getX(), at[1] + node.getY(), node.getWidth(), node.getHeight());
  }

  /** The absolute position of a node's inner origin: ELK keeps coordinates relative to the parent. */
  private static double[] absolute(ElkNode node) {
    double x = 0;
    double y = 0;
    for (ElkNode n = node; n != null && n.getParent() != null; n = n.getParent()) {
      x += n.getX();
      y += n.getY();
    }
    return new double[] {x, y};
  }

  private static Placed.Line line(ElkEdge edge) {
    // Edge points and edge labels are relative to the edge's containing node.
    double[] at = absolute(edge.getContainingNode());
    List<double[]> points = new ArrayList<>();
    for (ElkEdgeSection s : edge.getSections()) {
      points.add(new double[] {at[0] + s.getStartX(), at[1] + s.getStartY()});
      for (ElkBendPoint b : s.getBendPoints()) {
        points.add(new double[] {at[0] + b.getX(), at[1] + b.getY()});
      }
      points.add(new double[] {at[0] + s.getEndX(), at[1] + s.getEndY()});
    }
    if (edge.getLabels().isEmpty()) {
      return new Placed.Line(points, "", 0, 0);
    }
    ElkLabel label = edge.getLabels().get(0);
    return new Placed.Line(points, label.getText(), at[0] + label.getX(), at[1] + label.getY());
  }
}
