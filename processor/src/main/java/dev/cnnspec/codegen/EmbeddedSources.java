package dev.cnnspec.codegen;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes the spec sources a generated class carries as a {@code Map<String, String>} initializer.
 * Long texts are split, because a single constant string may not exceed 65,535 bytes of UTF-8 in a
 * class file; short ones stay one literal (JavaPoet prints it one source line per line).
 */
final class EmbeddedSources {
  /** Well below the class-file limit even if every char needed three bytes. */
  static final int CHUNK = 16_000;

  private EmbeddedSources() {}

  static CodeBlock initializer(SortedMap<String, String> sources) {
    List<CodeBlock> entries = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      entries.add(sources.size() <= 10
          ? CodeBlock.of("$S, $L", e.getKey(), text(e.getValue()))
          : CodeBlock.of("$T.entry($S, $L)", Map.class, e.getKey(), text(e.getValue())));
    }
    // Map.of takes at most ten pairs; beyond that, entries.
    return CodeBlock.of("$T.$L(\n$>$>$L$<$<)", Map.class, sources.size() <= 10 ? "of" : "ofEntries",
        CodeBlock.join(entries, ",\n"));
  }

  private static CodeBlock text(String text) {
    if (text.length() <= CHUNK) {
      return CodeBlock.of("$S", text);
    }
    List<CodeBlock> chunks = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + CHUNK);
      // Never split a surrogate pair between two literals.
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      chunks.add(CodeBlock.of("$S", text.substring(start, end)));
      start = end;
    }
    return CodeBlock.of("$T.join(\"\", $L)", String.class, CodeBlock.join(chunks, ", "));
  }
}
