package dev.cnnspec.differential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;

/**
 * Runs the property over {@code count} generated cases from one seed, in batches (one javac call
 * per batch), and shrinks each failure with jqwik's own shrinking of the choice list until no
 * smaller list fails the same way ({@link Verdict#signature()}). Distinct failures (by stage and message, digits ignored)
 * are shrunk once each, at most {@code maxShrinks} of them, so that a run over a known bug does
 * not spend its time shrinking the same bug a hundred times.
 */
final class DifferentialRun {
  /** Choice lists: up to 400 decisions, sizes spread evenly so that big and small specs both occur. */
  static Arbitrary<List<Integer>> choices() {
    return Arbitraries.integers().between(0, 9_999).list().ofMaxSize(400)
        .withSizeDistribution(RandomDistribution.uniform());
  }

  private static final int GEN_SIZE = 1_000;
  private static final int SHRINK_EVALUATIONS = 1_000;
  /** Per failure: shrinking stops here even if smaller candidates remain (the spec is printed as far as it got). */
  private static final long SHRINK_NANOS = 90_000_000_000L;

  private final long seed;
  private final int count;
  private final int batchSize;
  private final int maxShrinks;
  private final Path failureDir;

  DifferentialRun(long seed, int count, int batchSize, int maxShrinks, Path failureDir) {
    this.seed = seed;
    this.count = count;
    this.batchSize = batchSize;
    this.maxShrinks = maxShrinks;
    this.failureDir = failureDir;
  }

  Report run() {
    long start = System.nanoTime();
    Report report = new Report(seed, count, KnownIssues.excluded());
    RandomGenerator<List<Integer>> generator = choices().generator(GEN_SIZE);
    Random random = new Random(seed);
    Set<String> shrunk = new HashSet<>();
    for (int first = 0; first < count; first += batchSize) {
      List<Shrinkable<List<Integer>>> shrinkables = new ArrayList<>();
      List<GeneratedSpec> specs = new ArrayList<>();
      for (int i = first; i < Math.min(count, first + batchSize); i++) {
        Shrinkable<List<Integer>> s = generator.next(random);
        shrinkables.add(s);
        specs.add(SpecGenerator.generate(i, s.value()));
      }
      List<Verdict> verdicts = Oracle.judge(specs);
      for (int i = 0; i < specs.size(); i++) {
        Verdict v = verdicts.get(i);
        report.count(specs.get(i), v);
        if (v.failed()) {
          String signature = v.signature();
          boolean shrink = shrunk.size() < maxShrinks && shrunk.add(signature);
          if (shrink) {
            System.err.println("differential: case " + specs.get(i).network() + " " + v + "; shrinking");
          }
          GeneratedSpec minimal = shrink ? shrink(shrinkables.get(i), specs.get(i), v) : specs.get(i);
          if (shrink) {
            System.err.println("differential: minimal spec of " + signature + "\n" + minimal.text());
          }
          report.failure(signature, v, minimal, shrink);
        }
      }
      if ((first + batchSize) % 500 < batchSize) {
        System.err.printf("differential: %d of %d cases: rejected %d, trained %d, failed %d; %.0f s%n",
            first + specs.size(), count, report.rejected(), report.trained(), report.failed(),
            (System.nanoTime() - start) / 1e9);
      }
    }
    report.finish(System.nanoTime() - start);
    writeFailures(report);
    return report;
  }

  /** Greedy: take the first smaller candidate that still fails the same way, until none does. */
  private static GeneratedSpec shrink(Shrinkable<List<Integer>> failing, GeneratedSpec spec, Verdict verdict) {
    Shrinkable<List<Integer>> current = failing;
    GeneratedSpec best = spec;
    Set<String> tried = new HashSet<>(List.of(spec.text()));
    int evaluations = 0;
    boolean generatedCodeMatters = Set.of("codegen", "javac", "generated class").contains(verdict.stage());
    boolean progress = true;
    long deadline = System.nanoTime() + SHRINK_NANOS;
    while (progress && evaluations < SHRINK_EVALUATIONS && System.nanoTime() < deadline) {
      progress = false;
      Iterator<Shrinkable<List<Integer>>> candidates = current.shrink().iterator();
      while (candidates.hasNext() && evaluations < SHRINK_EVALUATIONS && System.nanoTime() < deadline) {
        Shrinkable<List<Integer>> candidate = candidates.next();
        GeneratedSpec smaller = SpecGenerator.generate(0, candidate.value());
        if (!tried.add(smaller.text())) {
          continue;
        }
        evaluations++;
        Verdict v = Oracle.judge(List.of(smaller), generatedCodeMatters).get(0);
        if (v.failed() && v.signature().equals(verdict.signature())) {
          current = candidate;
          best = smaller;
          progress = true;
          break;
        }
      }
    }
    return best;
  }

  private void writeFailures(Report report) {
    if (failureDir == null || report.failures().isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(failureDir);
      int n = 0;
      for (Report.Failure f : report.failures().values()) {
        Files.writeString(failureDir.resolve("failure-" + (++n) + ".cnn"),
            "// " + f.verdict().toString().replace("\n", " ") + "\n" + f.minimal().text());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The figures of one run; {@link #toString()} is what the command prints. */
  static final class Report {
    record Failure(Verdict verdict, GeneratedSpec minimal, boolean shrunk, int[] occurrences) {}

    private final long seed;
    private final int count;
    private final Set<Construct> excluded;
    private int rejected;
    private int meantInvalidRejected;
    private int meantInvalid;
    private int trained;
    private int failed;
    private long nanos;
    private final Map<String, Integer> features = new TreeMap<>();
    private final Map<String, Integer> rejectedBy = new TreeMap<>();
    private final Map<String, Failure> failures = new LinkedHashMap<>();

    Report(long seed, int count, Set<Construct> excluded) {
      this.seed = seed;
      this.count = count;
      this.excluded = excluded;
    }

    void count(GeneratedSpec spec, Verdict v) {
      switch (v.outcome()) {
        case REJECTED -> {
          rejected++;
          rejectedBy.merge(v.detail(), 1, Integer::sum);
        }
        case TRAINED -> trained++;
        case FAILED -> failed++;
      }
      if (spec.meantInvalid()) {
        meantInvalid++;
        if (v.outcome() == Verdict.Outcome.REJECTED) {
          meantInvalidRejected++;
        }
      }
      if (v.outcome() == Verdict.Outcome.TRAINED) {
        spec.features().forEach(f -> features.merge(f, 1, Integer::sum));
      }
    }

    void failure(String signature, Verdict v, GeneratedSpec minimal, boolean shrunk) {
      Failure f = failures.computeIfAbsent(signature, s -> new Failure(v, minimal, shrunk, new int[1]));
      f.occurrences()[0]++;
    }

    void finish(long nanos) {
      this.nanos = nanos;
    }

    int failed() {
      return failed;
    }

    int trained() {
      return trained;
    }

    int rejected() {
      return rejected;
    }

    Map<String, Failure> failures() {
      return failures;
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      out.append(String.format("differential property: seed %d, exclusions %s%n", seed, excluded));
      out.append(String.format("generated %d, rejected with located errors %d (%d of the %d meant invalid),"
              + " built and trained %d, failed %d; accepted %.1f%%; %.1f s (%.0f ms a case)%n",
          count, rejected, meantInvalidRejected, meantInvalid, trained, failed,
          100.0 * (trained + failed) / Math.max(1, count), nanos / 1e9, nanos / 1e6 / Math.max(1, count)));
      out.append("rejections by diagnostic ids:");
      rejectedBy.forEach((ids, n) -> out.append(" ").append(ids).append(" ").append(n).append(";"));
      out.append("\n");
      out.append("constructs in trained networks:");
      features.forEach((f, n) -> out.append(" ").append(f).append(" ").append(n).append(";"));
      out.append("\n");
      int k = 0;
      for (Map.Entry<String, Failure> e : failures.entrySet()) {
        Failure f = e.getValue();
        out.append(String.format("%nfailure %d (%d cases): %s%n", ++k, f.occurrences()[0], f.verdict()));
        out.append(f.shrunk() ? "minimal spec:\n" : "spec (not shrunk: shrink budget spent):\n");
        out.append(f.minimal().text());
      }
      return out.toString();
    }
  }
}
