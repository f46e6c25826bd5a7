package dev.cnnspec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a saved model came from, as {@code model.json} records it: the spec file or class it was
 * built from ({@code origin}) and the {@code --set} values it was built with ({@code overrides};
 * none in files written before they were recorded). Enough to recompile its checked network model,
 * which the ONNX back end reads.
 */
record Provenance(String origin, Map<String, String> overrides) {
  static Provenance of(Path zip) throws IOException {
    Path meta = zip.resolveSibling(SavedModel.META);
    if (!Files.isRegularFile(meta)) {
      return new Provenance(null, Map.of());
    }
    JsonNode o = new ObjectMapper().readTree(meta.toFile());
    Map<String, String> overrides = new LinkedHashMap<>();
    o.path("overrides").fields().forEachRemaining(e -> overrides.put(e.getKey(), e.getValue().asText()));
    String origin = o.hasNonNull("origin") ? o.get("origin").asText() : null;
    // A network interpreted from the spec roots records that, not a file: its name resolves it again.
    if (origin != null && origin.startsWith("interpreted from ")) {
      origin = o.path("network").asText(null);
    }
    return new Provenance(origin, overrides);
  }
}
