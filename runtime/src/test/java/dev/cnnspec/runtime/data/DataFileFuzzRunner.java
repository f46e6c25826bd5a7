package dev.cnnspec.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The data-file fuzzer: runs {@link DataFileFuzzer} in child JVMs under a heap cap
 * ({@code -Xmx256m}) and watches each case with a time limit. A case that exceeds it is a hang:
 * the child (the process this runner started, nothing else) is killed and a new one continues
 * with the next case; a child that dies is a crash and is replaced likewise. The result counts
 * files, accepted, rejected, and failures of each kind (uncaught, unnamed, OOM, hang, crash).
 *
 * <pre>
 * bench/fuzz-data --files 10000            # the documented long run (bench/README.md)
 * </pre>
 * {@code DataFileFuzzTest} runs a sample in CI.
 */
public final class DataFileFuzzRunner {
  /** What happened to the cases of one run. */
  public record Result(int files, Map<Outcome, Integer> counts, List<String> failures, long millis) {
    public int failureCount() {
      return files - counts.getOrDefault(Outcome.ACCEPTED, 0) - counts.getOrDefault(Outcome.REJECTED, 0);
    }

    @Override
    public String toString() {
      return String.format("%d files in %.1f s: %d accepted, %d rejected, %d failures %s", files, millis / 1000.0,
          counts.getOrDefault(Outcome.ACCEPTED, 0), counts.getOrDefault(Outcome.REJECTED, 0), failureCount(), counts);
    }
  }

  /** The outcomes of a case. */
  public enum Outcome { ACCEPTED, REJECTED, UNNAMED, UNCAUGHT, OOM, HANG, CRASH }

  private static final long START_LIMIT_MS = 120_000;

  private DataFileFuzzRunner() {}

  /**
   * Runs cases {@code 0 ≤ i < files} of {@code seed}.
   *
   * @param classPath the class path of the child (this module's test classes and dependencies)
   * @param limitMs the time one case may take
   */
  public static Result run(long seed, int files, long limitMs, String heap, String classPath, Path work)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    List<String> failures = new ArrayList<>();
    int next = 0;
    while (next < files) {
      next = runChild(seed, next, files, limitMs, heap, classPath, work, counts, failures);
    }
    return new Result(files, counts, failures, (System.nanoTime() - start) / 1_000_000);
  }

  /** One child from case {@code from}; returns the first case it did not finish. */
  private static int runChild(long seed, int from, int to, long limitMs, String heap, String classPath, Path work,
      Map<Outcome, Integer> counts, List<String> failures) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx" + heap, "-XX:+UseSerialGC",
        "-Djava.awt.headless=true", "-cp", classPath, DataFileFuzzer.class.getName(), Long.toString(seed),
        Integer.toString(from), Integer.toString(to), work.toString());
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.redirectError(work.resolve("child-" + from + ".stderr").toFile());
    Files.createDirectories(work);
    pb.redirectError(work.resolve("child-" + from + ".stderr").toFile());
    Process child = pb.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the child was killed; what it printed is in the queue
      } finally {
        lines.add("\u0000EOF");
      }
    }, "fuzz-child-reader");
    reader.setDaemon(true);
    reader.start();
    int i = from;
    try {
      String ready = lines.poll(START_LIMIT_MS, TimeUnit.MILLISECONDS);
      if (!"READY".equals(ready)) {
        throw new IOException("the fuzzer's child JVM did not start (" + ready + "); see "
            + work.resolve("child-" + from + ".stderr"));
      }
      while (i < to) {
        String line = lines.poll(limitMs, TimeUnit.MILLISECONDS);
        DataFileMutator.Case c = DataFileMutator.make(seed, i);
        if (line == null) {
          record(counts, failures, Outcome.HANG, i, c, "no result within " + limitMs + " ms; the child was killed");
          return i + 1;
        }
        if (line.equals("\u0000EOF")) {
          record(counts, failures, Outcome.CRASH, i, c, "the child JVM died with exit status " + child.waitFor()
              + "; see " + work.resolve("child-" + from + ".stderr"));
          return i + 1;
        }
        String[] f = line.split("\t", 4);
        if (f.length < 4 || Integer.parseInt(f[0]) != i) {
          throw new IOException("unexpected line from the fuzzer's child: " + line);
        }
        Outcome o = Outcome.valueOf(f[1]);
        record(counts, failures, o, i, c, f[3]);
        i++;
        if (o == Outcome.OOM) {
          return i;
        }
      }
      return i;
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void record(Map<Outcome, Integer> counts, List<String> failures, Outcome o, int i,
      DataFileMutator.Case c, String detail) {
    counts.merge(o, 1, Integer::sum);
    if (o != Outcome.ACCEPTED && o != Outcome.REJECTED && failures.size() < 50) {
      failures.add("case " + i + " " + c.kind() + " [" + c.mutations() + "]: " + o + " " + detail);
    }
  }

  /** {@code DataFileFuzzRunner [--files N] [--seed S] [--limit-ms T] [--heap 256m] [--work DIR] [--show-rejections K]}. */
  public static void main(String[] args) throws Exception {
    int files = 10_000;
    long seed = 1;
    long limit = 10_000;
    String heap = "256m";
    Path work = null;
    for (int k = 0; k < args.length; k += 2) {
      switch (args[k]) {
        case "--files" -> files = Integer.parseInt(args[k + 1]);
        case "--seed" -> seed = Long.parseLong(args[k + 1]);
        case "--limit-ms" -> limit = Long.parseLong(args[k + 1]);
        case "--heap" -> heap = args[k + 1];
        case "--work" -> work = Path.of(args[k + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[k]
            + "; use --files N --seed S --limit-ms T --heap 256m --work DIR");
      }
    }
    boolean temporary = work == null;
    if (temporary) {
      work = Files.createTempDirectory("cnn-fuzz-data");
    }
    System.out.printf("fuzzing the data loaders: %d files, seed %d, %d ms per file, child heap %s, in %s%n", files,
        seed, limit, heap, work);
    Result r = run(seed, files, limit, heap, System.getProperty("java.class.path"), work);
    r.failures().forEach(f -> System.out.println("FAILURE " + f));
    System.out.println("RESULT " + r);
    if (temporary && r.failureCount() == 0) {
      DataFileFuzzer.delete(work); // only the children's (empty) stderr logs are left when nothing failed
    }
    System.exit(r.failureCount() == 0 ? 0 : 1);
  }
}
