package dev.cnnspec.processor;

import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import java.util.Optional;

/**
 * The checking stage as the processor sees it: {@link dev.cnnspec.check.NetworkChecker#check} in
 * production; tests may pass another so that the front end can be tested on its own.
 */
@FunctionalInterface
interface GraphChecker {
  Optional<NetworkModel> check(NetworkGraph graph, Diagnostics diagnostics);
}
