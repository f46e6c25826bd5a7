package dev.cnnspec.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The repeatable {@code KEY=VALUE} options bound to a {@code Map<String, String>} ({@code --set},
 * {@code import keras --map}) and the one message for a malformed pair. picocli splits each pair at
 * its first {@code =} and refuses one without, in words of its own ("should be in KEY=VALUE
 * format"); {@link #usageMessage} says it as the empty name or value {@link #checked} refuses:
 * the option, what was given, the form and an example.
 */
final class KeyValues {
  /** How an option's pairs are written, for its messages. */
  record Form(String option, String form, String example) {
    String problem(String given) {
      return option + " " + given + ": expected " + form + ", e.g. " + option + " " + example;
    }
  }

  static final Form SET = new Form("--set", "name=value", "classes=10");
  static final Form MAP = new Form("--map", "CLASS=LAYER", "Maxout=mfm");
  private static final Map<String, Form> BY_OPTION = Map.of(SET.option(), SET, MAP.option(), MAP);

  private KeyValues() {}

  /** The pairs trimmed, in command-line order; an empty name or value is a user error. */
  static Map<String, String> checked(Map<String, String> pairs, Form form) {
    Map<String, String> out = new LinkedHashMap<>();
    pairs.forEach((k, v) -> {
      if (k.isBlank() || v == null || v.isBlank()) {
        throw new UserError(form.problem(k + "=" + (v == null ? "" : v)));
      }
      out.put(k.trim(), v.trim());
    });
    return out;
  }

  /** picocli's refusal of a pair without {@code =}, in this class's words; empty for any other error. */
  static Optional<String> usageMessage(CommandLine.ParameterException e) {
    if (e.getArgSpec() instanceof CommandLine.Model.OptionSpec o && BY_OPTION.containsKey(o.longestName())
        && e.getValue() != null && e.getMessage() != null && e.getMessage().contains("KEY=VALUE")) {
      return Optional.of(BY_OPTION.get(o.longestName()).problem(e.getValue()));
    }
    return Optional.empty();
  }
}
