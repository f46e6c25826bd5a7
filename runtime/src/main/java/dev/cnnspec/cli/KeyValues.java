package dev.cnnspec.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks picocli leaves to us for a repeatable {@code KEY=VALUE} option bound to a
 * {@code Map<String, String>} ({@code --set}, {@code import keras --map}): picocli splits each pair
 * at its first {@code =} and refuses one without; an empty name or value it accepts, so it is
 * refused here, citing the option and an example of the right form.
 */
final class KeyValues {
  private KeyValues() {}

  /** The pairs trimmed, in command-line order. */
  static Map<String, String> checked(Map<String, String> pairs, String option, String form, String example) {
    Map<String, String> out = new LinkedHashMap<>();
    pairs.forEach((k, v) -> {
      if (k.isBlank() || v == null || v.isBlank()) {
        throw new UserError(option + " " + k + "=" + (v == null ? "" : v) + ": expected " + form + ", e.g. " + option
            + " " + example);
      }
      out.put(k.trim(), v.trim());
    });
    return out;
  }
}
