package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.NetworkGraph;
import java.util.List;
import java.util.Map;

/** Test helper: parses and elaborates in-memory spec text (no checker), as the compiler would. */
final class Specs {

  record Elaborated(List<NetworkGraph> graphs, Diagnostics diagnostics) {
    NetworkGraph graph(String name) {
      return graphs.stream().filter(g -> g.name().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no graph " + name + "; diagnostics:\n" + diagnostics));
    }

    NetworkGraph only() {
      assertEquals(1, graphs.size(), () -> "graphs " + graphs + "; diagnostics:\n" + diagnostics);
      return graphs.get(0);
    }

    /** The single diagnostic, rendered as {@code path:line:col: severity[id]: message (hint: …)}. */
    Diagnostic single() {
      assertEquals(1, diagnostics.all().size(), () -> "diagnostics:\n" + diagnostics);
      return diagnostics.all().get(0);
    }

    Elaborated clean() {
      assertTrue(diagnostics.isEmpty(), () -> "unexpected diagnostics:\n" + diagnostics);
      return this;
    }
  }

  private Specs() {}

  static Elaborated elaborate(String text) {
    return elaborate(text, Map.of());
  }

  static Elaborated elaborate(String text, Map<String, String> overrides) {
    Diagnostics diagnostics = new Diagnostics();
    SpecLoader.Loaded loaded = new SpecLoader(List.of(), diagnostics)
        .loadSources(List.of(new SourceText("test.cnn", text)));
    List<NetworkGraph> graphs = new Elaborator(diagnostics, overrides).elaborate(loaded).graphs();
    return new Elaborated(graphs, diagnostics);
  }

  /** {@code name: kind(inputs)} per layer, one line each, to compare wiring at a glance. */
  static String wiring(NetworkGraph graph) {
    StringBuilder out = new StringBuilder();
    for (LayerNode l : graph.layers()) {
      out.append(l.name()).append(": ").append(l.op().kind()).append(l.inputs()).append('\n');
    }
    return out.toString();
  }
}
