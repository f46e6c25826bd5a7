package dev.cnnspec.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json} as it is on disk, bound by Jackson ({@code dev.cnnspec.runtime.train.JsonFiles}):
 * every field may be missing or null in a file, so each is a reference that {@link ModelMetadata}
 * checks before it becomes the typed metadata. {@code overrides} came later than the others (files
 * without it read as none), {@code test_accuracy} is only written when there was a test set.
 */
@JsonPropertyOrder({"network", "input", "origin", "overrides", "dataset", "classes", "normalizer", "main_output",
    "test_accuracy"})
record ModelFile(String network, List<Integer> input, String origin, Map<String, String> overrides, String dataset,
    List<String> classes, Normalizer normalizer, @JsonProperty("main_output") Integer mainOutput,
    @JsonProperty("test_accuracy") @JsonInclude(JsonInclude.Include.NON_NULL) Double testAccuracy) {

  /** The pixel normalisation: one mean and one standard deviation per channel (or one for all). */
  record Normalizer(List<Double> mean, List<Double> std) {}

  /** What each field must be, for the message when a file's field does not fit. */
  static final Map<String, String> EXPECTED = Map.of(
      "network", "the network's name (text)",
      "input", "[h, w, c] or [n]",
      "origin", "the spec or class the model was built from (text)",
      "overrides", "an object of parameter values",
      "dataset", "a data source (text)",
      "classes", "a list of class names",
      "normalizer", "{\"mean\": [...], \"std\": [...]}, one number per channel",
      "main_output", "the index of an output",
      "test_accuracy", "a number");
}
