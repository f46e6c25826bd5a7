package dev.cnnspec.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks a {@code model.zip} before DL4J's {@code ModelSerializer} reads it. The serializer loads
 * every entry into a {@code byte[]} as the zip stream yields it, so a zip bomb, a truncated file or
 * a stray entry would end in an {@code OutOfMemoryError} or a bare {@code ZipException}. Here the
 * zip is streamed once the same way (local headers, as {@code ZipInputStream} reads them; declared
 * sizes are not trusted) and every entry's inflated bytes are counted against a limit, so any of
 * those becomes a message naming the file; the arrays' headers are checked against their entries'
 * sizes ({@link Nd4jArrayHeader}). Only the entries the serializer writes are accepted;
 * none is ever extracted, so a {@code ../} name cannot reach outside, but it is refused all the same
 * as a sign of a file that is not a model.
 */
final class ModelArchive {
  private static final Set<String> ENTRIES = Set.of("configuration.json", "coefficients.bin", "updaterState.bin",
      "noParams.marker", "normalizer.bin", "preprocessor.bin");
  private static final long MAX_CONFIGURATION = 32L << 20;
  private static final int MAX_ENTRIES = 64;

  private ModelArchive() {}

  /** Fails with a {@link UserError} naming {@code zip} unless it is a sound, bounded ModelSerializer zip. */
  static void check(Path zip) throws IOException {
    // ModelSerializer holds all entries on the heap at once, then copies the weights off-heap.
    long budget = Runtime.getRuntime().maxMemory() / 3;
    long total = 0;
    Set<String> seen = new HashSet<>();
    byte[] buffer = new byte[1 << 16];
    byte[] prefix = new byte[Nd4jArrayHeader.PREFIX];
    String name = null;
    try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(Files.newInputStream(zip), 1 << 16))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        name = entry.getName();
        if (!ENTRIES.contains(name) && !isObject(name)) {
          throw new UserError(zip + ": unexpected entry '" + clip(name) + "'; a DL4J model zip holds only "
              + new TreeSet<>(ENTRIES) + "; this is not a model saved by cnn train");
        }
        if (!seen.add(name) || seen.size() > MAX_ENTRIES) {
          throw new UserError(zip + ": entry '" + name + "' appears twice (or too many entries); the zip is corrupt");
        }
        long size = 0;
        long limit = name.equals("configuration.json") ? MAX_CONFIGURATION : budget;
        boolean array = name.equals("coefficients.bin") || name.equals("updaterState.bin");
        int prefixLength = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
          if (array && prefixLength < prefix.length) {
            int k = Math.min(n, prefix.length - prefixLength);
            System.arraycopy(buffer, 0, prefix, prefixLength, k);
            prefixLength += k;
          }
          size += n;
          total += n;
          if (size > limit || total > budget) {
            throw new UserError(zip + ": entry '" + name + "' inflates to more than " + (Math.min(limit, budget) >> 20)
                + " MB (the Java heap is " + (Runtime.getRuntime().maxMemory() >> 20) + " MB); the zip is corrupt or"
                + " a zip bomb; if it is a real model, give the JVM more heap (CNN_HEAP=8g)");
          }
        }
        String problem = array ? Nd4jArrayHeader.problem(prefix, prefixLength, size) : null;
        if (problem != null) {
          throw new UserError(zip + ": entry '" + name + "' is damaged: " + problem
              + "; copy the model from its run directory again");
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // ZipInputStream: ZipException (bad header, CRC, size), EOFException (truncated); bad name encoding.
      throw new UserError(zip + " is truncated or corrupt" + (name == null ? "" : " (in entry '" + clip(name) + "')")
          + ": " + e.getMessage() + "; copy the model from its run directory again");
    }
    if (!seen.contains("configuration.json")) {
      throw new UserError(zip + " holds no configuration.json" + (seen.isEmpty() ? " (no zip entries at all)" : "")
          + "; it is not a DL4J model zip");
    }
  }

  /** {@code objects/NAME}: extra objects ModelSerializer stores; a plain name, never a path. */
  private static boolean isObject(String name) {
    String rest = name.startsWith("objects/") ? name.substring("objects/".length()) : null;
    return rest != null && !rest.isEmpty() && !rest.contains("/") && !rest.contains("\\") && !rest.equals("..");
  }

  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
