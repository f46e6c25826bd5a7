package dev.cnnspec.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands that compile one spec (or zoo network) and pick a network in it:
 * {@code --network}, {@code --set}; a mixin of {@code summary}, {@code diagram}, {@code train} and
 * {@code export}.
 */
final class SpecOptions {
  @Option(names = "--network", paramLabel = "NAME", description = "the network (needed when the spec has several)")
  String network;

  @Mixin
  SetOption set = new SetOption();
}
