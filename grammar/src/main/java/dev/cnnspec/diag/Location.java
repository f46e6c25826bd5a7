package dev.cnnspec.diag;

import java.util.Comparator;
import java.util.Objects;

/**
 * Where a piece of a network came from: a spec file position, or a Java element for networks
 * written as annotated interfaces. Lines and columns are 1-based, as editors and javac count;
 * front ends that receive 0-based columns (ANTLR) convert once, when they build the location.
 */
public record Location(String path, int line, int column) implements Comparable<Location> {

  /** For nodes synthesised by the compiler itself, with no place in any source. */
  public static final Location UNKNOWN = new Location("<unknown>", 0, 0);

  private static final Comparator<Location> ORDER =
      Comparator.comparing(Location::path).thenComparingInt(Location::line).thenComparingInt(Location::column);

  public Location {
    Objects.requireNonNull(path, "path");
  }

  public static Location of(String path, int line, int column) {
    return new Location(path, line, column);
  }

  public boolean isKnown() {
    return line > 0;
  }

  @Override
  public int compareTo(Location other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return isKnown() ? path + ":" + line + ":" + column : path;
  }
}
