package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.Activation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/language.md documents every built-in layer and every argument, with the default the
 * compiler really uses: the oracle is {@link BuiltinLayers} itself, so a new op or argument fails
 * here, naming what to write, until its row in the layer table says it. (Semantics and the
 * Keras/PyTorch column are for a reviewer; what a test can hold the page to is that nothing is
 * missing and no default is wrong.)
 */
class LanguageDocsTest {
  static final Path DOC = Path.of("../docs/language.md");

  static final String HEADER = "| layer | arguments and defaults |";

  /** The rows of the layer table (from its header to the first line that is no row), split into cells. */
  static List<String[]> layerRows() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    int start = 0;
    while (start < lines.size() && !lines.get(start).startsWith(HEADER)) {
      start++;
    }
    assertTrue(start < lines.size(), DOC + " has no layer table (a line starting " + HEADER + ")");
    List<String[]> rows = new ArrayList<>();
    for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      rows.add(lines.get(i).split("(?<!\\\\)\\|", -1));
    }
    return rows;
  }

  @Test
  void everyBuiltinLayerAndArgumentIsDocumentedWithItsDefault() throws IOException {
    List<String[]> rows = layerRows();
    List<String> missing = new ArrayList<>();
    for (String name : BuiltinLayers.names()) {
      Optional<String[]> row = rows.stream().filter(r -> r[1].contains("`" + name + "`")).findFirst();
      if (row.isEmpty()) {
        missing.add("layer `" + name + "`: no row of the layer table names it; add `| `" + name
            + "` | its arguments with defaults | the Keras / PyTorch equivalent | notes |`");
        continue;
      }
      String arguments = row.get()[2];
      for (Signature.Parameter p : BuiltinLayers.find(name).orElseThrow().signature().parameters()) {
        if (p.type() == ValueType.TENSORS) {
          assertTrue(arguments.contains("tensors"), name + ": its row must say it takes tensors");
          continue;
        }
        Matcher m = Pattern.compile("`" + Pattern.quote(p.name()) + "(?:: [^`=]*)?(?: = ([^`]+))?`").matcher(arguments);
        if (!m.find()) {
          missing.add("argument `" + p.name() + "` of `" + name + "`: not in the arguments of its row; write `"
              + p.name() + (p.defaultValue().isPresent() ? " = " + spelled(p.defaultValue().get()) : ": " + p.type().spelled())
              + "`");
          continue;
        }
        if (p.defaultValue().isPresent()) {
          String documented = m.group(1);
          String actual = spelled(p.defaultValue().get());
          if (documented == null || !sameValue(documented.trim(), p.defaultValue().get())) {
            missing.add("argument `" + p.name() + "` of `" + name + "`: the default is " + actual + ", the row says "
                + (documented == null ? "none" : documented) + "; write `" + p.name() + " = " + actual + "`");
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), () -> DOC + " (its layer table) is missing or wrong about:\n  " + String.join("\n  ", missing));
  }

  @Test
  void everyActivationIsListedAsAValueOfTheActivationType() throws IOException {
    String text = Files.readString(DOC);
    String row = text.lines().filter(l -> l.startsWith("| `activation` | ")).findFirst().orElseThrow();
    List<String> missing = new ArrayList<>();
    for (Activation a : Activation.values()) {
      if (!row.matches(".*[` ]" + a.specName() + "[` ].*")) {
        missing.add(a.specName());
      }
    }
    Activation.ALIASES.keySet().stream().filter(alias -> !row.contains("`" + alias + "`")).forEach(missing::add);
    assertEquals(List.of(), missing, "activations missing from the `activation` row of the types table");
  }

  private static String spelled(Value v) {
    if (v instanceof Value.Sym s) {
      return s.name();
    }
    if (v instanceof Value.FloatV f) {
      return String.valueOf(f.value());
    }
    return v.describe().replaceFirst("^\\w+ ", "");
  }

  /** {@code 1e-5} and {@code 0.00001} are one float; ints, bools and enum names compare as text. */
  private static boolean sameValue(String documented, Value v) {
    String first = documented.split(" ")[0];
    if (v instanceof Value.FloatV f) {
      try {
        return Double.parseDouble(first) == f.value();
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return first.equals(spelled(v));
  }
}
