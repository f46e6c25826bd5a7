package dev.cnnspec.cli;

import java.util.Map;

/**
 * Where a saved model came from, as {@code model.json} records it (read by {@link ModelMetadata}):
 * the spec file or class it was built from ({@code origin}, null when not recorded) and the
 * {@code --set} values it was built with ({@code overrides}; none in files written before they were
 * recorded). Enough to recompile its checked network model, which the ONNX back end reads.
 */
record Provenance(String origin, Map<String, String> overrides) {
  Provenance {
    overrides = Map.copyOf(overrides);
  }
}
