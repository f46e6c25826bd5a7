package dev.cnnspec.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --set NAME=VALUE}, repeatable, as a picocli mixin shared by the commands that compile
 * specs: picocli splits the pairs into the map (a value without {@code =} is its usage error);
 * {@link #values()} trims them and refuses an empty name or value with the fix.
 */
final class SetOption {
  @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a network parameter (repeatable)")
  Map<String, String> settings = new LinkedHashMap<>();

  /** The compiler's override map, in command-line order. */
  Map<String, String> values() {
    Map<String, String> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> {
      if (k.isBlank() || v == null || v.isBlank()) {
        throw new UserError("--set " + k + "=" + (v == null ? "" : v) + ": expected name=value, e.g. --set classes=10");
      }
      out.put(k.trim(), v.trim());
    });
    return out;
  }
}
