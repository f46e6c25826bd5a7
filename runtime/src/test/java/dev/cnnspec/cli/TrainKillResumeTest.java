package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection test of training: real {@code cnn train} JVMs on real Fashion-MNIST images,
 * killed with SIGKILL (by the PID the trainer reports) in the middle of an epoch and again inside
 * the atomic write of a checkpoint (between the complete temp file and its rename), then resumed
 * under another {@code OMP_NUM_THREADS} and beside a CPU burner. The final weights must be the
 * uninterrupted run's, bit for bit. The network has dropout and the data augmentation, so the RNG
 * streams of both are part of what must replay exactly.
 *
 * <p>The trainer stops at the chosen point by itself ({@code -Dcnnspec.faults.pause}, see
 * {@code FaultPoints}) and writes its PID to a marker file; the kill is therefore at a known
 * moment, not a guessed one. The resumed run sees another thread count in its environment, so
 * {@code cnn train} relaunches itself with the recorded count: the PID killed is the trainer's,
 * not the launcher's.
 */
class TrainKillResumeTest {
  private static final String SPEC = """
      network Tiny(classes: int = 10) {
        input image: [28, 28, 1]
        output probs = image -> conv(8, 5, stride: 2, activation: relu) -> maxpool(2) -> flatten
                             -> dropout(0.3) -> dense(classes, activation: softmax)
      }
      """;
  private static final long DEADLINE_SECONDS = 150;

  @TempDir
  Path tmp;

  private final List<Process> started = new ArrayList<>();

  /** A failed assertion must not leave training JVMs behind (nor a trainer paused for good). */
  @AfterEach
  void killLeftovers() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void killedMidEpochAndMidCheckpointThenResumedUnderOtherLoadAndThreadsEndsOnTheSameWeights() throws Exception {
    Path specs = Files.createDirectories(tmp.resolve("specs"));
    Files.writeString(specs.resolve("tiny.cnn"), SPEC);
    Path data = FashionSubset.write(tmp.resolve("fashion"), 600, 100);
    Path straight = tmp.resolve("straight");
    Path killed = tmp.resolve("killed");

    // the uninterrupted run, beside the first of the interrupted ones (a load of its own)
    Process a = start(specs, data, straight, "2", null, false);

    // 1. killed after batch 7 of epoch 2 (15 batches an epoch): epoch 1's checkpoint is the last
    Result b1 = runUntilPausedThenKill(specs, data, killed, "2", "batch:1:7", false);
    assertEquals(List.of(1), completeEpochs(killed), b1.output());
    assertEquals(0, finish(a, straight).status(), output(straight));

    // 2. resumed with OMP_NUM_THREADS unset and a CPU burner beside it; killed inside
    // epoch-002.zip's atomic write (temp file complete, not yet renamed)
    Result b2 = withBurner(() -> runUntilPausedThenKill(specs, data, killed, null, "rename:epoch-002.zip", true));
    assertEquals(List.of(1), completeEpochs(killed), "the torn epoch 2 is not taken for complete:\n" + b2.output());
    assertTrue(tempFiles(killed) > 0, "the kill left the written-but-unrenamed temp file behind");

    // 3. resumed to the end with one thread in the environment, burner on: epochs 2 and 3 are
    // trained here, so this is the run whose thread count and load differ from the straight run's;
    // the launcher restarts itself with the run's two threads
    Result b3 = withBurner(() -> run(specs, data, killed, "1", null, true));
    assertEquals(0, b3.status(), b3.output());
    assertTrue(b3.output().contains("resuming after epoch 1"), b3.output());
    assertTrue(b3.output().contains("running with OMP_NUM_THREADS=2"), "the relaunch says which count it uses:\n"
        + b3.output());

    for (String file : List.of("checkpoints/epoch-003.zip", "model.zip")) {
      float[] expected = params(straight.resolve(file));
      assertArrayEquals(expected, params(killed.resolve(file)), file + " differs from the uninterrupted run's");
    }
    assertFalse(java.util.Arrays.equals(params(straight.resolve("checkpoints/epoch-003.zip")),
        params(killed.resolve("checkpoints/epoch-002.zip"))), "epoch 3 trained (the comparison can fail)");
  }

  private record Result(int status, String output) {}

  @FunctionalInterface
  private interface Step {
    Result run() throws Exception;
  }

  private Result run(Path specs, Path data, Path out, String threads, String pause, boolean resume) throws Exception {
    return finish(start(specs, data, out, threads, pause, resume), out);
  }

  private Result finish(Process p, Path out) throws Exception {
    if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("cnn train did not finish in " + DEADLINE_SECONDS + " s:\n" + output(out));
    }
    return new Result(p.exitValue(), output(out));
  }

  /** Starts a run that pauses at {@code point}, SIGKILLs the JVM that paused there, and waits for the launcher. */
  private Result runUntilPausedThenKill(Path specs, Path data, Path out, String threads, String point, boolean resume)
      throws Exception {
    Path marker = marker(out);
    Files.deleteIfExists(marker);
    Process p = start(specs, data, out, threads, point, resume);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (!Files.exists(marker)) {
      if (!p.isAlive()) {
        fail("cnn train ended (exit " + p.exitValue() + ") before reaching " + point + ":\n" + output(out));
      }
      if (System.nanoTime() > deadline) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        fail("cnn train did not reach " + point + " in " + DEADLINE_SECONDS + " s:\n" + output(out));
      }
      Thread.sleep(50);
    }
    long pid = Long.parseLong(Files.readString(marker).strip());
    ProcessHandle trainer = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
    assertTrue(trainer.destroyForcibly(), "SIGKILL to " + pid);
    trainer.onExit().get(30, TimeUnit.SECONDS);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher ends when its trainer is killed");
    assertTrue(p.exitValue() != 0, "a killed run does not report success");
    return new Result(p.exitValue(), output(out));
  }

  private Process start(Path specs, Path data, Path out, String threads, String pause, boolean resume)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-Dcnn.specRoots=" + specs));
    if (pause != null) {
      cmd.add("-Dcnnspec.faults.pause=" + pause);
      cmd.add("-Dcnnspec.faults.marker=" + marker(out));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CnnCommand.class.getName(), "train",
        specs.resolve("tiny.cnn").toString(), "--dataset", "fashion-mnist:" + data, "--epochs", "3", "--batch", "32",
        "--val-split", "0.2", "--augment", "--lr", "0.003", "--seed", "11", "--out", out.toString(), "--progress",
        "none"));
    if (resume) {
      cmd.add("--resume");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Files.createDirectories(out.getParent());
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log(out).toFile()));
    Map<String, String> env = pb.environment();
    if (threads == null) {
      env.remove("OMP_NUM_THREADS");
    } else {
      env.put("OMP_NUM_THREADS", threads);
    }
    Process p = pb.start();
    started.add(p);
    return p;
  }

  private static Result withBurner(Step step) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> burners = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      Thread t = new Thread(() -> {
        long x = 0;
        while (!stop.get()) {
          x += System.nanoTime() % 7;
        }
        if (x == 42) {
          System.out.print("");
        }
      }, "cpu-burner-" + i);
      t.setDaemon(true);
      t.start();
      burners.add(t);
    }
    try {
      return step.run();
    } finally {
      stop.set(true);
      for (Thread t : burners) {
        t.join();
      }
    }
  }

  private static float[] params(Path zip) throws IOException {
    return ModelSerializer.restoreComputationGraph(zip.toFile(), false).params().data().asFloat();
  }

  private static List<Integer> completeEpochs(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("epoch-\\d+\\.json"))
          .map(n -> Integer.parseInt(n.substring(6, 9))).sorted().toList();
    }
  }

  private static long tempFiles(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
      return files.filter(f -> f.getFileName().toString().startsWith("epoch-002.zip.")
          && f.getFileName().toString().endsWith(".tmp")).count();
    }
  }

  private static Path marker(Path out) {
    return out.resolveSibling(out.getFileName() + ".paused");
  }

  private static Path log(Path out) {
    return out.resolveSibling(out.getFileName() + ".log");
  }

  private static String output(Path out) throws IOException {
    Path log = log(out);
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
  }
}
