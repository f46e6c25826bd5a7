package dev.cnnspec.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.check.NetworkChecker;
import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Runs the checker in tests and asserts the all-or-nothing contract on the way. */
public final class Checks {
  private Checks() {}

  /** The model of a graph that must check cleanly; fails with every diagnostic otherwise. */
  public static NetworkModel model(NetworkGraph graph) {
    Diagnostics diagnostics = new Diagnostics();
    Optional<NetworkModel> model = new NetworkChecker().check(graph, diagnostics);
    assertTrue(diagnostics.isEmpty(), () -> "unexpected diagnostics:\n" + diagnostics);
    assertTrue(model.isPresent(), "no model although no diagnostic was reported");
    return model.get();
  }

  /** The diagnostics of a graph that must fail (no model), in source order. */
  public static List<Diagnostic> errors(NetworkGraph graph) {
    Diagnostics diagnostics = new Diagnostics();
    Optional<NetworkModel> model = new NetworkChecker().check(graph, diagnostics);
    assertTrue(model.isEmpty(), "a model was returned for a graph with errors");
    assertTrue(diagnostics.hasErrors(), "no model but no error either");
    return diagnostics.all();
  }

  /** The single diagnostic of a graph that must fail with exactly one. */
  public static Diagnostic onlyError(NetworkGraph graph) {
    List<Diagnostic> all = errors(graph);
    assertEquals(1, all.size(), () -> "expected one diagnostic, got:\n" + all);
    return all.get(0);
  }

  /** Layers by name, for tests that look many of them up. */
  public static Map<String, LayerModel> byName(NetworkModel model) {
    return model.layers().stream().collect(Collectors.toMap(LayerModel::name, Function.identity()));
  }
}
