package dev.cnnspec.check;

import static dev.cnnspec.diag.DiagnosticCode.INVALID_VALUE;
import static dev.cnnspec.diag.DiagnosticCode.NETWORK_TOO_LARGE;
import static dev.cnnspec.diag.DiagnosticCode.UNCONNECTED_INPUT;

import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.OutputNode;
import dev.cnnspec.report.ByteSize;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whole-network rules that no single layer can see: every input feeds some output (DL4J refuses a
 * graph with a "disconnected vertex"), and the totals fit in a {@code long} (a sum of per-layer
 * counts can overflow although no layer does) and in memory — a warning, with the size, for a
 * network whose float32 weights alone exceed {@link #WARN_PARAMETERS}.
 */
final class NetworkSize {
  /** 10¹⁰ parameters are 40 GB of float32 weights: beyond the memory of almost every machine. */
  static final long WARN_PARAMETERS = 10_000_000_000L;

  private NetworkSize() {}

  /** E0423 for an input that no layer reads (directly; the elaborator has dropped unused layers). */
  static boolean checkConnectedInputs(NetworkGraph graph, Diagnostics diagnostics) {
    Set<String> read = new HashSet<>();
    for (LayerNode layer : graph.layers()) {
      read.addAll(layer.inputs());
    }
    graph.outputs().stream().map(OutputNode::source).forEach(read::add);
    boolean ok = true;
    for (InputNode input : graph.inputs()) {
      if (!read.contains(input.name())) {
        diagnostics.error(UNCONNECTED_INPUT, input.location(),
            "input " + input.name() + " feeds no output of " + graph.name()
                + ": the network could not be built or fed with it",
            "use " + input.name() + " in a chain that leads to an output, or delete the input");
        ok = false;
      }
    }
    return ok;
  }

  /** Reports totals beyond a {@code long} (an error) and beyond what memory holds (W0424). */
  static boolean checkTotals(NetworkGraph graph, List<LayerModel> layers, Diagnostics diagnostics) {
    long parameters = 0;
    long macs = 0;
    try {
      for (LayerModel layer : layers) {
        parameters = Math.addExact(parameters, layer.parameters());
        macs = Math.addExact(macs, layer.macs());
      }
    } catch (ArithmeticException overflow) {
      diagnostics.error(INVALID_VALUE, graph.location(),
          "network " + graph.name() + ": its total parameter or multiply-add count exceeds a 64-bit integer",
          "use fewer or narrower layers, or downsample the input first");
      return false;
    }
    if (parameters > WARN_PARAMETERS) {
      diagnostics.warning(NETWORK_TOO_LARGE, graph.location(),
          String.format(Locale.ROOT, "network %s has %,d parameters: %s of float32 weights alone, more than"
              + " almost any machine can allocate", graph.name(), parameters, ByteSize.format(4 * (double) parameters)),
          "use fewer or narrower layers, or downsample the input first; building it will fail");
    }
    return true;
  }

}
