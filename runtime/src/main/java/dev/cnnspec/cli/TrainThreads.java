package dev.cnnspec.cli;

import dev.cnnspec.runtime.train.Checkpointer;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * ND4J's thread count for {@code cnn train}. The weights a run reaches depend on it (libnd4j,
 * OpenBLAS and oneDNN split reductions by thread), so it is part of the run: the trainer records
 * it in every checkpoint, and a resumed run must use the recorded count whatever the launcher or
 * the shell would pick now. ND4J reads {@code OMP_NUM_THREADS} once, when it starts, and Java cannot
 * change its own environment, so when the count wanted differs from this JVM's, {@code cnn train}
 * runs itself again in a child JVM with {@code OMP_NUM_THREADS} set and passes on its exit status.
 */
final class TrainThreads {
  static final String ENV = "OMP_NUM_THREADS";
  /** Set in the child, so a child that still sees another count fails instead of relaunching forever. */
  private static final String RELAUNCHED_PROPERTY = "cnnspec.train.relaunched";

  private TrainThreads() {}

  /**
   * The count this run must use: the checkpoint's on {@code --resume}, else {@code --threads},
   * else none (ND4J's default: {@code OMP_NUM_THREADS} or every core).
   */
  static OptionalInt wanted(Integer option, boolean resume, Path out) {
    OptionalInt recorded = resume ? Checkpointer.recordedThreads(out) : OptionalInt.empty();
    if (recorded.isPresent()) {
      if (option != null && option != recorded.getAsInt()) {
        throw new UserError("--threads " + option + ": the run in " + out + " was trained with " + recorded.getAsInt()
            + " ND4J threads, and its weights depend on the count; resume with --threads " + recorded.getAsInt()
            + " or without --threads");
      }
      return recorded;
    }
    if (option != null && option < 1) {
      throw new UserError("--threads " + option + ": give at least 1");
    }
    return option == null ? OptionalInt.empty() : OptionalInt.of(option);
  }

  /** This JVM's {@code OMP_NUM_THREADS}, if it is set to a number. */
  static OptionalInt current() {
    String v = System.getenv(ENV);
    try {
      return v == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * Runs {@code cnn} with {@code args} in a child JVM whose {@code OMP_NUM_THREADS} is
   * {@code threads} (same Java, JVM flags and class path, inherited standard streams).
   *
   * @return the child's exit status
   */
  static int relaunch(int threads, String why, List<String> args, PrintStream log) throws IOException {
    if (Boolean.getBoolean(RELAUNCHED_PROPERTY)) {
      throw new IllegalStateException("relaunched with " + ENV + "=" + threads + " but ND4J still sees " + current());
    }
    log.printf("cnn train: running with %s=%d, %s (this JVM has %s)%n", ENV, threads, why,
        current().isPresent() ? ENV + "=" + current().getAsInt() : ENV + " unset");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-D" + RELAUNCHED_PROPERTY + "=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CnnCommand.class.getName());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put(ENV, Integer.toString(threads));
    Process child = pb.start();
    Thread stopChild = new Thread(child::destroy, "stop-relaunched-train");
    Runtime.getRuntime().addShutdownHook(stopChild);
    try {
      return child.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.destroy();
      return 130;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopChild);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or will run: nothing to remove
      }
    }
  }
}
