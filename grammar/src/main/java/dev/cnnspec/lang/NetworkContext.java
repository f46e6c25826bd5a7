package dev.cnnspec.lang;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.GraphBuilder;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * State shared by every body elaborated for one network: the graph being built, the stack of
 * block instances (for E0212), and the size budget that keeps a runaway {@code * n} or recursion
 * from exhausting memory. {@link Abort} stops the network after such an error was reported.
 */
final class NetworkContext {
  static final int MAX_BLOCK_DEPTH = 64;
  static final int MAX_LAYERS = 20_000;

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
  private int layers;

  NetworkContext(String networkName, GraphBuilder builder, Diagnostics diagnostics) {
    this.networkName = networkName;
    this.builder = builder;
    this.diagnostics = diagnostics;
    this.evaluator = new ExpressionEvaluator(diagnostics);
    this.coercion = new Coercion(diagnostics);
    this.binder = new ArgumentBinder(diagnostics, evaluator, coercion);
  }

  /** Counts one more layer; past the budget, reports E0210 once and aborts the network. */
  void countLayers(int n, Location at) {
    layers += n;
    if (layers > MAX_LAYERS) {
      diagnostics.error(DiagnosticCode.INVALID_VALUE, at,
          "network " + networkName + " grows past " + MAX_LAYERS + " layers",
          "check the repeat counts (* n) and for-ranges of this chain");
      throw new Abort();
    }
  }

  void enterBlock(String block, Location at) {
    if (blockStack.size() >= MAX_BLOCK_DEPTH) {
      diagnostics.error(DiagnosticCode.RECURSION, at,
          "block `" + block + "` expands without end: more than " + MAX_BLOCK_DEPTH + " nested block calls ("
              + String.join(" → ", blockStack.stream().limit(4).toList()) + " → …)",
          "a block that calls itself must stop, e.g. with `if n > 0 { … } else { return x }` on a shrinking parameter");
      throw new Abort();
    }
    blockStack.push(block);
  }

  void exitBlock() {
    blockStack.pop();
  }
}
