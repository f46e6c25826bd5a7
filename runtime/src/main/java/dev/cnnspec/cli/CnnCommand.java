package dev.cnnspec.cli;

import dev.cnnspec.runtime.data.DataFormatException;
import dev.cnnspec.importer.keras.KerasImportException;
import dev.cnnspec.runtime.dl4j.InvalidSpecException;
import dev.cnnspec.runtime.train.ClusterTraining;
import dev.cnnspec.runtime.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cnn}: the command line of cnn-spec. Exit status: 0 success, 1 a spec with errors
 * ({@code check}), 2 a usage or user error (one message on stderr), 3 an internal error (a bug:
 * with its stack trace, to be reported).
 */
@Command(name = "cnn", mixinStandardHelpOptions = true, version = CnnCommand.VERSION,
    // the version (and the standard options, which each command also asks for) reach every subcommand
    scope = CommandLine.ScopeType.INHERIT,
    description = "Check, summarise, train and run convolutional networks written as .cnn specs.",
    subcommands = {CheckCommand.class, SummaryCommand.class, DiagramCommand.class, TrainCommand.class, EvalCommand.class,
        PredictCommand.class, SamplesCommand.class, ImportCommand.class, ExportCommand.class,
        CommandLine.HelpCommand.class})
public final class CnnCommand implements Runnable {
  static final String VERSION = "cnn-spec 0.1.0";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line with the given streams and returns the exit status (tests call this). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new CnnCommand());
    cl.setOut(out);
    cl.setErr(err);
    // --optimizer RMSProp, --progress LINES, --schedule one_cycle: the enums' names and their
    // toString (the spelling the help lists) both match, in any case
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(CnnCommand::usageError);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      String message = userMessage(e);
      if (message != null) {
        line.getErr().println("cnn " + line.getCommandName() + ": " + message);
        line.getErr().flush();
        return 2;
      }
      line.getErr().println("cnn: internal error, please report it with this trace:");
      e.printStackTrace(line.getErr());
      line.getErr().flush();
      return 3;
    });
    int status = cl.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /**
   * A command line picocli cannot bind (unknown option, bad value, missing argument): its message,
   * which names the option and what it expected, on one line after the command, with picocli's
   * suggestions for a mistyped option and where the usage is; exit status 2. The whole usage is
   * not printed: it would bury the one line that matters.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    PrintWriter err = line.getErr();
    String command = line.getCommandSpec().qualifiedName(" ");
    String message = KeyValues.usageMessage(e).orElse(e.getMessage().strip());
    err.println(command + ": " + message + " (see " + command + " --help)");
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.flush();
    return line.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The message to show for a user error, or {@code null} for a bug. */
  static String userMessage(Throwable e) {
    if (e instanceof UncheckedIOException u) {
      e = u.getCause();
    }
    if (e instanceof NoSuchFileException n) {
      return "no such file: " + n.getFile() + (n.getReason() == null ? "" : "; " + n.getReason());
    }
    if (e instanceof UserError || e instanceof InvalidSpecException || e instanceof DataFormatException
        || e instanceof TrainingDivergedException || e instanceof ClusterTraining.ClusterFailure
        || e instanceof KerasImportException || e instanceof IOException || e instanceof IllegalArgumentException) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    }
    return null;
  }
}
