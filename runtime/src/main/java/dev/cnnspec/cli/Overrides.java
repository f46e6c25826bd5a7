package dev.cnnspec.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses repeated {@code --set name=value} options into the compiler's override map (and other
 * repeated {@code KEY=VALUE} options, such as {@code import keras --map}).
 */
final class Overrides {
  private Overrides() {}

  static Map<String, String> parse(List<String> settings) {
    return pairs(settings, "--set", "name=value", "classes=10");
  }

  /** {@code KEY=VALUE} texts in order; a malformed one is a user error citing {@code option} and an example. */
  static Map<String, String> pairs(List<String> settings, String option, String form, String example) {
    Map<String, String> out = new LinkedHashMap<>();
    if (settings == null) {
      return out;
    }
    for (String s : settings) {
      int eq = s.indexOf('=');
      if (eq <= 0 || eq == s.length() - 1) {
        throw new UserError(option + " " + s + ": expected " + form + ", e.g. " + option + " " + example);
      }
      out.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
    }
    return out;
  }
}
