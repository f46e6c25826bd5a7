package dev.cnnspec.lang;

import dev.cnnspec.diag.Location;
import org.antlr.v4.runtime.Token;

/**
 * The one place ANTLR positions become {@link Location}s. ANTLR counts lines from 1 but columns
 * from 0; editors, javac and our diagnostics count both from 1. (The parser, the error strategy and
 * the tree builder each did this conversion themselves.)
 */
final class TokenLocations {
  private TokenLocations() {}

  /** Where {@code t} starts; the end of an empty file is 1:1. */
  static Location of(String path, Token t) {
    if (t.getType() == Token.EOF && t.getLine() == 0) {
      return Location.of(path, 1, 1);
    }
    return Location.of(path, t.getLine(), t.getCharPositionInLine() + 1);
  }

  /** The column just after {@code t}, where a missing token would be typed. */
  static Location after(String path, Token t) {
    String text = t.getText() == null ? "" : t.getText();
    return Location.of(path, t.getLine(), t.getCharPositionInLine() + 1 + text.length());
  }
}
