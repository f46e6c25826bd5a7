package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line as picocli binds it: every command answers {@code --help} and
 * {@code --version}, and a value picocli cannot convert is a usage error (exit 2) on one line
 * naming the option and the values it takes, not a stack trace.
 */
class CliOptionsTest {
  @Test
  void everyCommandAnswersHelpAndVersion() {
    List<List<String>> paths = new ArrayList<>();
    walk(new CommandLine(new CnnCommand()), new ArrayList<>(), paths);
    // cnn import keras --help failed on main: only the root had the standard options
    assertTrue(paths.contains(List.of("import", "keras")), paths.toString());
    assertTrue(paths.size() >= 10, paths.toString());
    for (List<String> path : paths) {
      Cli help = Cli.run(args(path, "--help"));
      assertEquals(0, help.status(), path + ": " + help);
      assertTrue(help.out().contains("Usage: cnn " + String.join(" ", path) + " "), path + ": " + help);
      assertEquals("", help.err(), path + ": " + help);
      if (!path.equals(List.of("help"))) { // picocli's own help command takes -h but not -V
        Cli version = Cli.run(args(path, "--version"));
        assertEquals(0, version.status(), path + ": " + version);
        assertEquals(CnnCommand.VERSION, version.out().strip(), path + ": " + version);
      }
    }
  }

  private static void walk(CommandLine command, List<String> path, List<List<String>> out) {
    command.getSubcommands().forEach((name, sub) -> {
      if (!sub.getCommandName().equals(name)) {
        return; // an alias
      }
      List<String> p = new ArrayList<>(path);
      p.add(name);
      out.add(p);
      walk(sub, p, out);
    });
  }

  private static String[] args(List<String> path, String option) {
    List<String> a = new ArrayList<>(path);
    a.add(option);
    return a.toArray(String[]::new);
  }

  @Test
  void enumOptionsAreConvertedByPicocliAndListTheirValues() {
    Cli bad = Cli.run("train", "LeNet5", "--optimizer", "adagrad");
    assertUsageError(bad, "--optimizer", "adagrad");
    // picocli lists the constants' names, which it accepts in any case as it does the help's spelling
    assertTrue(bad.err().toLowerCase(java.util.Locale.ROOT).contains("adam, sgd, nesterov, rmsprop"), bad.toString());
    assertUsageError(Cli.run("train", "LeNet5", "--schedule", "linear"), "--schedule", "linear", "COSINE");
    assertUsageError(Cli.run("train", "LeNet5", "--progress", "fancy"), "--progress", "fancy", "LINES");
    // the help lists the values from the enums themselves
    String help = Cli.run("train", "--help").out().replaceAll("\\s+", " ");
    assertTrue(help.contains("adam, sgd, nesterov, rmsprop (default adam)"), help);
    assertTrue(help.contains("constant, step, cosine, one-cycle (default constant)"), help);
  }

  @Test
  void enumValuesMatchIgnoringCaseByNameOrCommandLineSpelling() {
    TrainCommand train = new TrainCommand();
    CommandLine cl = new CommandLine(train).setCaseInsensitiveEnumValuesAllowed(true);
    cl.parseArgs("M", "--optimizer", "RMSProp", "--schedule", "one_cycle", "--progress", "LINES");
    assertEquals(dev.cnnspec.runtime.train.Optimizer.RMSPROP, train.optimizer);
    assertEquals(dev.cnnspec.runtime.train.Schedule.ONE_CYCLE, train.schedule);
    assertEquals(dev.cnnspec.runtime.train.TrainingOptions.ProgressMode.LINES, train.progress);
    cl.parseArgs("M", "--schedule", "one-cycle");
    assertEquals(dev.cnnspec.runtime.train.Schedule.ONE_CYCLE, train.schedule);
  }

  @Test
  void badNumbersAndKeyValuesNameTheOption() {
    assertUsageError(Cli.run("train", "LeNet5", "--epochs", "many"), "--epochs", "many");
    assertUsageError(Cli.run("summary", "x.cnn", "--batch", "1.5"), "--batch", "1.5");
    assertUsageError(Cli.run("train", "LeNet5", "--set", "classes"),
        "--set classes: expected name=value, e.g. --set classes=10");
    assertUsageError(Cli.run("export", "LeNet5", "--onnx", "x.onnx", "--set", "classes"), "--set classes: expected");
    assertUsageError(Cli.run("import", "keras", "m.keras", "--map", "Maxout"),
        "--map Maxout: expected CLASS=LAYER, e.g. --map Maxout=mfm");
    Cli typo = Cli.run("train", "LeNet5", "--epoch", "3");
    assertUsageError(typo, "--epoch", "--epochs");
  }

  @Test
  void anEmptyNameOrValueIsRefusedWithTheFix() {
    Cli train = Cli.run("train", "LeNet5", "--set", "classes=");
    assertEquals(2, train.status(), train.toString());
    assertTrue(train.err().contains("--set classes=: expected name=value, e.g. --set classes=10"), train.toString());
    Cli map = Cli.run("import", "keras", "m.keras", "--map", "=mfm");
    assertEquals(2, map.status(), map.toString());
    assertTrue(map.err().contains("--map =mfm: expected CLASS=LAYER, e.g. --map Maxout=mfm"), map.toString());
  }

  private static void assertUsageError(Cli c, String... mentions) {
    assertEquals(2, c.status(), c.toString());
    for (String m : mentions) {
      assertTrue(c.err().contains(m), m + " in: " + c);
    }
    assertFalse(c.err().contains("\tat "), "no stack trace: " + c);
    assertEquals("", c.out(), c.toString());
  }
}
