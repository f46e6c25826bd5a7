package dev.cnnspec.check;

import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import java.util.Optional;

/**
 * The checking stage: infers every tensor shape, counts parameters and multiply-adds, and reports
 * wiring and shape errors at the offending layer. Returns a model only when the graph has no
 * error, so that invalid input never reaches a back end.
 */
public final class NetworkChecker {

  public Optional<NetworkModel> check(NetworkGraph graph, Diagnostics diagnostics) {
    throw new UnsupportedOperationException("TODO(checker)");
  }
}
