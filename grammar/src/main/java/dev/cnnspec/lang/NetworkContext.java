package dev.cnnspec.lang;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.check.ShapeProbe;
import dev.cnnspec.model.GraphBuilder;
import dev.cnnspec.model.Shape;
import java.util.Optional;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * State shared by every body elaborated for one network: the graph being built, the stack of
 * block instances, and the budgets that keep any spec from exhausting time, memory or stack
 * (docs/language.md "Limits"). {@link Abort} stops the network after such an error was reported.
 *
 * <ul>
 *   <li>layers: a runaway {@code * n} or recursion would exhaust memory (E0219);
 *   <li>work steps (expanded elements and block instances): a block that calls itself twice per
 *       level makes 2⁴⁰ calls and no layer, so the layer budget alone never stops it (E0220);
 *   <li>recursion: one block nested in itself more than {@value #MAX_RECURSION} times (E0212);
 *   <li>nesting of block calls, and of definitions resolved while resolving another
 *       ({@code let a2 = a1 + 1}, …): each level is a level of Java recursion (E0220).
 * </ul>
 */
final class NetworkContext {
  static final int MAX_RECURSION = 64;
  static final int MAX_BLOCK_NESTING = 2_000;
  static final int MAX_DEFINITION_DEPTH = 10_000;
  static final int MAX_LAYERS = 20_000;
  static final int MAX_STEPS = 250_000;
  /**
   * A block instance does far more work than an element's expansion (a new body, its maps, its
   * bindings), so it counts as 16 steps; the zoo's networks stay far below the budget (ZooCountsTest
   * compiles them all), and runaway recursion is stopped after about 15,000 instances.
   */
  static final int BLOCK_STEPS = 16;

  /** Thrown after an error that makes the rest of this network meaningless (already reported). */
  static final class Abort extends RuntimeException {
    Abort() {
      super(null, null, false, false);
    }
  }

  final String networkName;
  final GraphBuilder builder;
  final Diagnostics diagnostics;
  final ExpressionEvaluator evaluator;
  final Coercion coercion;
  final ArgumentBinder binder;
  final Deque<String> blockStack = new ArrayDeque<>();
  private final ShapeProbe shapes = new ShapeProbe();
  private final java.util.Map<String, Integer> onStack = new java.util.HashMap<>();
  private int layers;
  private int steps;
  private int definitionDepth;

  NetworkContext(String networkName, GraphBuilder builder, Diagnostics diagnostics) {
    this.networkName = networkName;
    this.builder = builder;
    this.diagnostics = diagnostics;
    this.evaluator = new ExpressionEvaluator(diagnostics);
    this.coercion = new Coercion(diagnostics);
    this.binder = new ArgumentBinder(diagnostics, evaluator, coercion);
  }

  /**
   * The inferred shape of graph tensor {@code tensor}, which the expression at {@code at} asks for
   * under the name {@code spelled}; a tensor downstream of a layer with an error has none, which is
   * reported here (E0223) naming that layer (the checker reports the layer's own error).
   */
  Optional<Shape> shape(String tensor, String spelled, Location at) {
    ShapeProbe.Answer answer = shapes.shapeOf(tensor, builder.inputs(), builder.layers());
    if (answer instanceof ShapeProbe.Known known) {
      return Optional.of(known.shape());
    }
    ShapeProbe.Failed failed = (ShapeProbe.Failed) answer;
    boolean self = failed.layer().equals(tensor);
    diagnostics.error(DiagnosticCode.SHAPE_QUERY, at,
        "the shape of `" + spelled + "` is unknown: " + (self ? "it has" : "layer `" + failed.layer() + "` before it has")
            + " an error of its own (" + failed.message() + ")",
        "fix that error first" + (failed.location().equals(Location.UNKNOWN) ? "" : ", at " + failed.location()));
    return Optional.empty();
  }

  /** Counts one more layer; past the budget, reports E0219 once and aborts the network. */
  void countLayers(int n, Location at) {
    layers += n;
    if (layers > MAX_LAYERS) {
      diagnostics.error(DiagnosticCode.TOO_LARGE, at,
          "network " + networkName + " grows past " + MAX_LAYERS + " layers",
          "check the repeat counts (* n) and for-ranges of this chain");
      throw new Abort();
    }
  }

  /** Counts one unit of elaboration work at {@code at}; past the budget, reports E0220 and aborts. */
  void step(Location at) {
    step(at, 1);
  }

  private void step(Location at, int n) {
    steps += n;
    if (steps > MAX_STEPS) {
      diagnostics.error(DiagnosticCode.ELABORATION_LIMIT, at,
          "network " + networkName + " takes more than " + MAX_STEPS + " elaboration steps (elements expanded and"
              + " blocks instantiated) to build",
          "a block that calls itself more than once per level grows exponentially; check the recursion and the"
              + " repeat counts here");
      throw new Abort();
    }
  }

  /** One more definition being resolved inside another; see the class comment. */
  void enterDefinition(String name, Location at) {
    if (++definitionDepth > MAX_DEFINITION_DEPTH) {
      diagnostics.error(DiagnosticCode.ELABORATION_LIMIT, at,
          "`" + name + "` is at the end of a chain of more than " + MAX_DEFINITION_DEPTH
              + " definitions that each need the next",
          "compute the value with a for-range or a block instead of one definition per step");
      throw new Abort();
    }
  }

  void exitDefinition() {
    definitionDepth--;
  }

  void enterBlock(String block, Location at) {
    if (onStack.getOrDefault(block, 0) >= MAX_RECURSION) {
      diagnostics.error(DiagnosticCode.RECURSION, at,
          "block `" + block + "` expands without end: it is nested in itself more than " + MAX_RECURSION + " times ("
              + String.join(" → ", blockStack.stream().limit(4).toList()) + " → …)",
          "a block that calls itself must stop, e.g. with `if n > 0 { … } else { return x }` on a shrinking parameter");
      throw new Abort();
    }
    if (blockStack.size() >= MAX_BLOCK_NESTING) {
      diagnostics.error(DiagnosticCode.ELABORATION_LIMIT, at,
          "block `" + block + "` is called " + MAX_BLOCK_NESTING + " block calls deep ("
              + String.join(" → ", blockStack.stream().limit(4).toList()) + " → …)",
          "block calls may nest " + MAX_BLOCK_NESTING + " deep; flatten the chain of blocks");
      throw new Abort();
    }
    step(at, BLOCK_STEPS);
    blockStack.push(block);
    onStack.merge(block, 1, Integer::sum);
  }

  void exitBlock() {
    onStack.merge(blockStack.pop(), -1, Integer::sum);
  }
}
