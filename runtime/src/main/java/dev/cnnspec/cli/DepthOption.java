package dev.cnnspec.cli;

import picocli.CommandLine.Option;

/** {@code --depth D}, shared by {@code summary} and {@code diagram}: how many levels of blocks to open. */
final class DepthOption {
  @Option(names = "--depth", paramLabel = "D", defaultValue = "0",
      description = "open D levels of block nesting; deeper block instances become one row or box (default: all)")
  int depth;

  /** The levels to open: 0 (the default) means all. */
  int levels() {
    if (depth < 0) {
      throw new UserError("--depth " + depth + ": expected a positive number of levels (or 0 for all)");
    }
    return depth == 0 ? Integer.MAX_VALUE : depth;
  }
}
