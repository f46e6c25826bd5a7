package dev.cnnspec.check;

import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes of a graph while a front end is still building it, so that an expression can ask a
 * tensor's shape ({@code x.channels}) during elaboration. Layers are appended in topological order,
 * so each query infers only the layers added since the last one, with the checker's own rules
 * ({@link OpArguments}, {@link ShapeRules}): the answer is the shape the checker will infer.
 *
 * <p>It reports nothing. A layer whose arguments or shape are wrong is remembered as the cause of
 * every tensor downstream; the front end says at its query that the shape is unknown and why, and
 * the checker, which sees the same graph afterwards, reports the error at the layer itself.
 */
public final class ShapeProbe {

  /** What is known of one tensor. */
  public sealed interface Answer {}

  /** The tensor's shape. */
  public record Known(Shape shape) implements Answer {}

  /**
   * No shape: {@code layer} (at {@code location}) has an error of its own, {@code message}; the
   * asked tensor is that layer or reads it.
   */
  public record Failed(String layer, Location location, String message) implements Answer {}

  private final Map<String, Answer> answers = new HashMap<>();
  private final OpArguments arguments;
  private final Diagnostics scratch = new Diagnostics();
  private int inputsSeen;
  private int layersSeen;

  public ShapeProbe() {
    this.arguments = new OpArguments(scratch);
  }

  /**
   * The answer for {@code tensor}, given the graph so far; both lists only grow between calls.
   * A name that is in neither list is a {@link Failed} naming it.
   */
  public Answer shapeOf(String tensor, List<InputNode> inputs, List<LayerNode> layers) {
    for (; inputsSeen < inputs.size(); inputsSeen++) {
      InputNode input = inputs.get(inputsSeen);
      answers.putIfAbsent(input.name(), new Known(input.shape()));
    }
    for (; layersSeen < layers.size(); layersSeen++) {
      LayerNode layer = layers.get(layersSeen);
      answers.putIfAbsent(layer.name(), infer(layer));
    }
    Answer answer = answers.get(tensor);
    return answer != null ? answer : new Failed(tensor, Location.UNKNOWN, "no tensor `" + tensor + "` is built yet");
  }

  private Answer infer(LayerNode layer) {
    List<Operand> operands = new ArrayList<>(layer.inputs().size());
    for (String input : layer.inputs()) {
      Answer answer = answers.get(input);
      if (answer instanceof Known known) {
        operands.add(new Operand(input, known.shape()));
      } else {
        return answer != null ? answer
            : new Failed(layer.name(), layer.location(), layer.name() + ": input '" + input + "' names no tensor");
      }
    }
    int arity = layer.op().arity();
    if (arity >= 0 ? operands.size() != arity : operands.size() < 2) {
      return new Failed(layer.name(), layer.location(), layer.name() + ": wrong number of input tensors");
    }
    int before = scratch.all().size();
    if (!arguments.validate(layer.name(), layer.op(), layer.location())) {
      Diagnostic first = scratch.all().get(before);
      return new Failed(layer.name(), layer.location(), first.message());
    }
    ShapeResult result = ShapeRules.infer(layer.name(), layer.op(), operands);
    return result.isOk() ? new Known(result.shape())
        : new Failed(layer.name(), layer.location(), result.message());
  }
}
