package dev.cnnspec.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cnn import FORMAT …}: models from other frameworks as specs; one subcommand per format. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Write a .cnn spec (and its weights) from another framework's model file.",
    subcommands = {ImportKerasCommand.class})
final class ImportCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "a format is required: cnn import keras FILE");
  }
}
