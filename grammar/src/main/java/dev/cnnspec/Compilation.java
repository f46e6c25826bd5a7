package dev.cnnspec;

import dev.cnnspec.diag.DiagnosticRenderer;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.NetworkModel;
import java.util.List;
import java.util.Map;

/**
 * The result of one compiler run: the networks that checked cleanly, every diagnostic, and the
 * sources read (so diagnostics can be rendered with their source lines).
 */
public record Compilation(List<NetworkModel> networks, Diagnostics diagnostics, Map<String, SourceText> sources) {

  public Compilation {
    networks = List.copyOf(networks);
    sources = Map.copyOf(sources);
  }

  public boolean succeeded() {
    return !diagnostics.hasErrors();
  }

  public String renderDiagnostics() {
    return DiagnosticRenderer.of(sources).renderAll(diagnostics);
  }
}
