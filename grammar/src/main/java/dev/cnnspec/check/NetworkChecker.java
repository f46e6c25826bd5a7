package dev.cnnspec.check;

import dev.cnnspec.diag.Suggestions;
import static dev.cnnspec.diag.DiagnosticCode.INVALID_VALUE;
import static dev.cnnspec.diag.DiagnosticCode.TOO_LARGE;
import static dev.cnnspec.diag.DiagnosticCode.NO_OUTPUT;
import static dev.cnnspec.diag.DiagnosticCode.UNKNOWN_INPUT;

import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.OutputNode;
import dev.cnnspec.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checking stage: infers every tensor shape, counts parameters and multiply-adds, and reports
 * wiring and shape errors at the offending layer. Returns a model only when the graph has no
 * error, so that invalid input never reaches a back end.
 *
 * <p>One pass in the graph's topological order: inputs, then each layer (arity, arguments,
 * operands, shape, cost), then the output heads. Every independent error is reported in the same
 * run; a layer that reads a failed tensor fails silently, so one mistake gives one message, not a
 * cascade. The work is split by concern: {@link Wiring} (names and order), {@link OpArguments}
 * (argument values), {@link ShapeRules} (shape rules), {@link LayerCost} (counts).
 */
public final class NetworkChecker {

  public Optional<NetworkModel> check(NetworkGraph graph, Diagnostics diagnostics) {
    int errorsBefore = diagnostics.errorCount();
    boolean clean = true;
    Wiring wiring = new Wiring(graph.layers(), diagnostics);
    OpArguments arguments = new OpArguments(diagnostics);

    for (InputNode input : graph.inputs()) {
      clean &= checkInput(input, wiring, diagnostics);
    }
    List<LayerModel> models = new ArrayList<>(graph.layers().size());
    for (int i = 0; i < graph.layers().size(); i++) {
      LayerNode layer = graph.layers().get(i);
      LayerModel model = checkLayer(layer, i, wiring, arguments, diagnostics);
      if (model != null) {
        models.add(model);
      } else {
        clean = false;
      }
    }
    List<OutputModel> outputs = new ArrayList<>(graph.outputs().size());
    Map<String, LayerNode> layersByName = graph.layersByName();
    for (OutputNode output : graph.outputs()) {
      OutputModel model = checkOutput(output, layersByName.get(output.source()), wiring, diagnostics);
      if (model != null) {
        outputs.add(model);
      } else {
        clean = false;
      }
    }
    // Only on an otherwise clean graph: a misspelled input name would leave the input unread too.
    clean = clean && NetworkSize.checkConnectedInputs(graph, diagnostics);
    if (graph.outputs().isEmpty()) {
      diagnostics.error(NO_OUTPUT, graph.location(),
          "network " + graph.name() + " has no output",
          "mark the tensor it predicts with: output NAME = …");
      clean = false;
    }
    // A silently skipped layer always sits downstream of a reported error, so `clean` and the
    // error count agree; checking both keeps the promise even if a rule forgets to report.
    if (!clean || diagnostics.errorCount() > errorsBefore || !NetworkSize.checkTotals(graph, models, diagnostics)) {
      return Optional.empty();
    }
    return Optional.of(new NetworkModel(graph, models, outputs));
  }

  private static boolean checkInput(InputNode input, Wiring wiring, Diagnostics diagnostics) {
    if (!wiring.claim(input.name(), input.location(), "input")) {
      return false;
    }
    for (int dim : input.shape().dims()) {
      if (dim < 1) {
        diagnostics.error(INVALID_VALUE, input.location(),
            "input " + input.name() + ": every dimension must be at least 1, got " + input.shape(),
            "declare a positive size such as [28, 28, 1]");
        wiring.fail(input.name());
        return false;
      }
    }
    wiring.define(input.name(), input.shape());
    return true;
  }

  private static LayerModel checkLayer(LayerNode layer, int index, Wiring wiring, OpArguments arguments,
      Diagnostics diagnostics) {
    if (!wiring.claim(layer.name(), layer.location(), "layer")) {
      return null;
    }
    boolean ok = wiring.checkArity(layer);
    ok &= arguments.validate(layer.name(), layer.op(), layer.location());
    List<Operand> operands = wiring.resolve(layer, index);
    if (!ok || operands == null) {
      wiring.fail(layer.name());
      return null;
    }
    ShapeResult result = ShapeRules.infer(layer.name(), layer.op(), operands);
    if (!result.isOk()) {
      diagnostics.error(result.code(), layer.location(), result.message(), result.hint());
      wiring.fail(layer.name());
      return null;
    }
    LayerCost cost;
    try {
      cost = LayerCost.of(layer.op(), operands.get(0).shape(), result.shape());
    } catch (ArithmeticException overflow) {
      diagnostics.error(TOO_LARGE, layer.location(),
          layer.name() + ": parameter or multiply-add count exceeds a 64-bit integer",
          "use fewer filters or units, or downsample the input first");
      wiring.fail(layer.name());
      return null;
    }
    wiring.define(layer.name(), result.shape());
    return new LayerModel(layer, result.shape(), cost.parameters(), cost.trainable(), cost.macs());
  }

  private static OutputModel checkOutput(OutputNode output, LayerNode source, Wiring wiring,
      Diagnostics diagnostics) {
    boolean ok = true;
    if (!(output.weight() >= 0) || Double.isInfinite(output.weight())) {
      diagnostics.error(INVALID_VALUE, output.location(),
          "output " + output.name() + ": loss weight must be a finite number of at least 0, got "
              + output.weight(),
          "use a weight such as 1 (or 0.3 for an auxiliary head)");
      ok = false;
    }
    Shape shape = wiring.shape(output.source());
    if (shape == null) {
      if (!wiring.hasFailed(output.source())) {
        diagnostics.error(UNKNOWN_INPUT, output.location(),
            "output " + output.name() + ": source '" + output.source() + "' names no tensor",
            Suggestions.closest(output.source(), wiring.definedBefore(Integer.MAX_VALUE))
                .map(s -> "did you mean '" + s + "'?")
                .orElse("name a layer or input defined in this network"));
      }
      return null;
    }
    // A spatial source makes a per-pixel head: its loss is taken at each pixel over the channels.
    ok &= HeadRules.check(output, source == null ? null : source.op(), shape, diagnostics);
    return ok ? new OutputModel(output, shape) : null;
  }
}
