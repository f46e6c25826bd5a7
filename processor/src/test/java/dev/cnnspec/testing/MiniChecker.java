package dev.cnnspec.testing;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.OutputNode;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TEST ONLY: a minimal stand-in for {@code NetworkChecker}, which is written in parallel on
 * another branch and is a stub here. It infers shapes and counts parameters for the layers the
 * generator and processor tests use, with the Keras formulas, and reports the shape errors those
 * tests provoke. Tests still assert parameter counts computed by hand, never this class's output.
 * Delete once the real checker is merged and the tests can use it.
 */
public final class MiniChecker {
  public Optional<NetworkModel> check(NetworkGraph graph, Diagnostics diagnostics) {
    int errorsBefore = diagnostics.errorCount();
    Map<String, Shape> shapes = new HashMap<>();
    for (InputNode in : graph.inputs()) {
      shapes.put(in.name(), in.shape());
    }
    List<LayerModel> layers = new ArrayList<>();
    for (LayerNode layer : graph.layers()) {
      List<Shape> ins = layer.inputs().stream().map(shapes::get).toList();
      if (ins.contains(null)) {
        diagnostics.error(DiagnosticCode.UNDEFINED_NAME, layer.location(), layer.name() + " reads an unknown tensor", "");
        continue;
      }
      Optional<LayerModel> model = layer(layer, ins, diagnostics);
      model.ifPresent(m -> {
        layers.add(m);
        shapes.put(layer.name(), m.outputShape());
      });
    }
    List<OutputModel> outputs = new ArrayList<>();
    for (OutputNode out : graph.outputs()) {
      Shape s = shapes.get(out.source());
      if (s != null) {
        outputs.add(new OutputModel(out, s));
      }
    }
    return diagnostics.errorCount() == errorsBefore ? Optional.of(new NetworkModel(graph, layers, outputs))
        : Optional.empty();
  }

  private static Optional<LayerModel> layer(LayerNode node, List<Shape> ins, Diagnostics diagnostics) {
    Shape in = ins.get(0);
    Op op = node.op();
    if (op instanceof Op.Dense d) {
      if (!(in instanceof Shape.Flat f)) {
        diagnostics.error(DiagnosticCode.DENSE_ON_SPATIAL, node.location(), node.name() + ": dense on spatial " + in,
            "flatten first");
        return Optional.empty();
      }
      long p = (long) f.size() * d.units() + (d.bias() ? d.units() : 0);
      return Optional.of(new LayerModel(node, Shape.flat(d.units()), p, p, (long) f.size() * d.units()));
    }
    if (op instanceof Op.Flatten) {
      return Optional.of(new LayerModel(node, Shape.flat((int) in.elements()), 0, 0, 0));
    }
    if (op instanceof Op.Dropout || op instanceof Op.ActivationOp) {
      return Optional.of(new LayerModel(node, in, 0, 0, 0));
    }
    if (!(in instanceof Shape.Spatial s)) {
      diagnostics.error(DiagnosticCode.SPATIAL_LAYER_ON_FLAT, node.location(), node.name() + " on flat " + in, "");
      return Optional.empty();
    }
    if (op instanceof Op.Conv2D c) {
      Size2D k = new Size2D((c.kernel().height() - 1) * c.dilation().height() + 1,
          (c.kernel().width() - 1) * c.dilation().width() + 1);
      Optional<Shape.Spatial> out = window(node, s, k, c.stride(), c.padding(), c.filters(), "kernel", diagnostics);
      long p = (long) c.kernel().height() * c.kernel().width() * s.channels() * c.filters()
          + (c.bias() ? c.filters() : 0);
      return out.map(o -> new LayerModel(node, o, p, p, o.elements() * c.kernel().height() * c.kernel().width()
          * s.channels()));
    }
    if (op instanceof Op.Pool2D pool) {
      return window(node, s, pool.pool(), pool.stride(), pool.padding(), s.channels(), "pool window", diagnostics)
          .map(o -> new LayerModel(node, o, 0, 0, 0));
    }
    throw new UnsupportedOperationException("MiniChecker does not know " + op.kind());
  }

  private static Optional<Shape.Spatial> window(LayerNode node, Shape.Spatial in, Size2D k, Size2D stride,
      Padding padding, int channels, String what, Diagnostics diagnostics) {
    int h = padding == Padding.SAME ? ceilDiv(in.height(), stride.height())
        : Math.floorDiv(in.height() - k.height(), stride.height()) + 1;
    int w = padding == Padding.SAME ? ceilDiv(in.width(), stride.width())
        : Math.floorDiv(in.width() - k.width(), stride.width()) + 1;
    if (h < 1 || w < 1) {
      diagnostics.error(DiagnosticCode.SPATIAL_COLLAPSE, node.location(), node.name() + ": " + k + " " + what
          + " is larger than its " + in.height() + "×" + in.width() + " input under valid padding",
          "use padding: same or a smaller " + what);
      return Optional.empty();
    }
    return Optional.of(Shape.spatial(h, w, channels));
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
