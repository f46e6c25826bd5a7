package dev.cnnspec.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses repeated {@code --set name=value} options into the compiler's override map. */
final class Overrides {
  private Overrides() {}

  static Map<String, String> parse(List<String> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    if (settings == null) {
      return out;
    }
    for (String s : settings) {
      int eq = s.indexOf('=');
      if (eq <= 0 || eq == s.length() - 1) {
        throw new UserError("--set " + s + ": expected name=value, e.g. --set classes=10");
      }
      out.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
    }
    return out;
  }
}
