package dev.cnnspec.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that read one spec and pick a network in it: {@code --network}, {@code --set}. */
final class SpecOptions {
  @Option(names = "--network", paramLabel = "NAME", description = "the network (needed when the spec has several)")
  String network;

  @Mixin
  SetOption set = new SetOption();
}
