package dev.cnnspec.runtime.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decoding of the small text files data sets come with (class name lists): UTF-8 with or without
 * a byte-order mark, else Latin-1. A BOM is an encoding mark, not text; a file that is not valid
 * UTF-8 is almost always Latin-1 (or Windows-1252, which agrees on letters), so it is read as
 * such instead of failing with the JDK's bare "Input length = 1".
 */
final class TextFiles {
  /** The UTF-8 encoding of U+FEFF, the byte-order mark. */
  static final String BOM = "\uFEFF";

  private TextFiles() {}

  static String decode(byte[] bytes) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      return text.startsWith(BOM) ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }
}
