package dev.cnnspec.codegen;

/**
 * Makes text from specs safe inside generated Javadoc: HTML metacharacters are escaped, a
 * {@code *}{@code /} cannot end the comment early, and a line starting with {@code @} cannot be
 * read as a block tag. Spec names and summary tables are arbitrary text as far as javadoc knows.
 */
final class JavadocText {
  private JavadocText() {}

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '@' -> out.append("&#64;");
        case '/' -> out.append(i > 0 && text.charAt(i - 1) == '*' ? "&#47;" : "/");
        // JavaPoet treats '$' in Javadoc format strings specially; callers pass text via $L.
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
