package dev.cnnspec.diagram;

import dev.cnnspec.model.BlockPath;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a diagram shows, before any geometry: boxes (inputs, layers, collapsed block instances),
 * the groups that nest them (block instances drawn open) and the edges between boxes, each
 * labelled with the shape of the tensor it carries. Everything is listed in graph order, so the
 * same model always yields the same drawing.
 *
 * @param depth how many levels of block nesting are drawn open ({@link Integer#MAX_VALUE}: all)
 */
record DiagramGraph(String network, int depth, List<Box> boxes, List<Group> groups, List<Edge> edges) {

  enum Kind { INPUT, LAYER, BLOCK }

  /**
   * One box: {@code type} is the op's kind ({@code conv}, …; {@code input} or {@code block} for the
   * other kinds), {@code lines.get(0)} its name, drawn bold; {@code head}, when not null, is the
   * note of the output heads it feeds.
   */
  record Box(String id, Kind kind, String type, String group, List<String> lines, String head) {}

  /** A block instance drawn open, inside {@code parent} ({@code ""}: the network). */
  record Group(String path, String parent, String title) {}

  /** An edge; {@code label} is empty when another edge already shows the same tensor's shape. */
  record Edge(String from, String to, String label) {}

  static DiagramGraph of(NetworkModel model, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1, got " + depth);
    }
    Map<String, String> visible = new LinkedHashMap<>();
    Map<String, Box> boxes = new LinkedHashMap<>();
    Map<String, Group> groups = new LinkedHashMap<>();
    Map<String, List<LayerModel>> collapsed = new LinkedHashMap<>();
    Map<String, String> heads = heads(model);

    for (InputNode in : model.inputs()) {
      visible.put(in.name(), in.name());
      boxes.put(in.name(), new Box(in.name(), Kind.INPUT, "input", "",
          List.of(in.name(), "input " + dims(in.shape())), heads.get(in.name())));
    }
    for (LayerModel layer : model.layers()) {
      String box = BlockPath.visibleAt(layer.name(), depth);
      visible.put(layer.name(), box);
      List<String> open = BlockPath.enclosing(box);
      for (String g : open) {
        groups.computeIfAbsent(g, p -> new Group(p, BlockPath.parent(p), title(model, p)));
      }
      if (box.equals(layer.name())) {
        boxes.put(box, new Box(box, Kind.LAYER, layer.op().kind(), BlockPath.parent(box), LayerText.lines(layer),
            heads.get(box)));
      } else {
        collapsed.computeIfAbsent(box, b -> new ArrayList<>()).add(layer);
        boxes.putIfAbsent(box, null); // keeps graph order; filled in below
      }
    }
    for (Map.Entry<String, List<LayerModel>> c : collapsed.entrySet()) {
      String path = c.getKey();
      String head = c.getValue().stream().map(l -> heads.get(l.name())).filter(h -> h != null)
          .collect(Collectors.collectingAndThen(Collectors.joining("; "), s -> s.isEmpty() ? null : s));
      boxes.put(path, new Box(path, Kind.BLOCK, "block", BlockPath.parent(path),
          LayerText.blockLines(title(model, path), c.getValue()), head));
    }

    // A tensor read by several layers (GoogLeNet's four branches) is labelled on its first edge
    // only: the same shape four times over is noise.
    Set<Edge> edges = new LinkedHashSet<>();
    Set<String> labelled = new HashSet<>();
    Set<List<String>> drawn = new HashSet<>();
    for (LayerModel layer : model.layers()) {
      String to = visible.get(layer.name());
      for (String input : layer.node().inputs()) {
        String from = visible.get(input);
        if (!from.equals(to) && drawn.add(List.of(from, to))) {
          edges.add(new Edge(from, to, labelled.add(input) ? dims(model.shapeOf(input).orElseThrow()) : ""));
        }
      }
    }
    return new DiagramGraph(model.name(), depth, List.copyOf(boxes.values()),
        List.copyOf(groups.values()), List.copyOf(edges));
  }

  /** {@code y: bottleneck}: the instance's name and, when the front end recorded it, its block. */
  private static String title(NetworkModel model, String path) {
    String leaf = BlockPath.leaf(path);
    return model.graph().block(path)
        .map(b -> leaf.equals(b.block()) || leaf.startsWith(b.block() + "_") ? leaf : leaf + ": " + b.block())
        .orElse(leaf);
  }

  /** Source tensor → the note its box carries: {@code probs (1000): cross_entropy, weight 0.3}. */
  private static Map<String, String> heads(NetworkModel model) {
    Map<String, String> heads = new LinkedHashMap<>();
    for (OutputModel o : model.outputs()) {
      String note = "output " + o.name() + " " + dims(o.shape()) + ": " + o.node().loss().specName()
          + (o.shape() instanceof Shape.Spatial ? " per pixel" : "")
          + (o.node().weight() == 1.0 ? "" : ", weight " + o.node().weight());
      heads.merge(o.node().source(), note, (a, b) -> a + "; " + b);
    }
    return heads;
  }

  /** {@code 28×28×64} or {@code 1000}: shapes as compact edge labels. */
  static String dims(Shape shape) {
    return shape.dims().stream().map(String::valueOf).collect(Collectors.joining("×"));
  }
}
