package dev.cnnspec.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --set NAME=VALUE}, repeatable, as a picocli mixin shared by every command that compiles
 * specs: picocli splits the pairs into the map (a value without {@code =} is its usage error);
 * {@link #values()} trims them and refuses an empty name or value with the fix.
 */
final class SetOption {
  @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a network parameter, e.g. classes=10 "
      + "(repeatable)")
  Map<String, String> settings = new LinkedHashMap<>();

  /** The compiler's override map, in command-line order. */
  Map<String, String> values() {
    return KeyValues.checked(settings, KeyValues.SET);
  }
}
