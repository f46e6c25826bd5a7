package dev.cnnspec.lang;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.SourceText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * Malformed text at scale (issue 10, build item 3): mutants of the zoo and of the test specs go
 * through the whole compiler (parse, imports, elaboration, checking, rendering), each under a time
 * limit, and every outcome that is not a clean set of located diagnostics is counted: an exception
 * escaping the compiler, an E0901 internal error, a hang, an error without a location. All four
 * must be 0. Mutations: byte flips, token deletions, duplications and swaps, truncation, splices of
 * two specs, deep nesting, huge numbers, odd Unicode, and runs of those. Deterministic per seed.
 *
 * <p>{@link MalformedSpecFuzzTest} runs a sample in CI; the long run is documented in
 * bench/README.md ({@code -Dfuzz.count=100000}).
 */
final class MalformedSpecFuzz {
  /** A spec that takes longer than this to compile counts as a hang. */
  static final long LIMIT_MS = 10_000;

  /** What one run found; {@code failures} holds the first few failing specs for the report. */
  record Figures(int count, int syntaxErrors, int otherErrors, int clean, int exceptions, int internalErrors,
      int hangs, int unlocated, long millis, List<String> failures) {

    boolean passed() {
      return exceptions == 0 && internalErrors == 0 && hangs == 0 && unlocated == 0;
    }

    @Override
    public String toString() {
      return String.format("%,d specs in %.1f s: %,d syntax errors, %,d other errors, %,d compiled cleanly;"
              + " %d exceptions, %d E0901, %d hangs (> %d ms), %d unlocated errors",
          count, millis / 1000.0, syntaxErrors, otherErrors, clean, exceptions, internalErrors, hangs, LIMIT_MS, unlocated);
    }
  }

  /** One corpus entry: the path it is compiled as (so that zoo imports resolve) and its text. */
  record Seed(String path, String text) {}

  private final List<Seed> corpus;
  private final Path zooRoot;
  private final Random random;

  MalformedSpecFuzz(long seed) {
    this.zooRoot = Path.of("../specs/src/main/cnn").toAbsolutePath().normalize();
    this.corpus = corpus(zooRoot);
    this.random = new Random(seed);
  }

  /**
   * Writes a failing mutant whole to {@code target/fuzz-failures/mutant-N.cnn}: the report shows its
   * first 2,000 characters, and a hang is reproduced only from the whole text.
   */
  private static void keep(int index, String mutant) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
      Files.writeString(dir.resolve("mutant-" + index + ".cnn"), mutant);
    } catch (IOException e) {
      System.err.println("could not keep mutant " + index + ": " + e);
    }
  }

  static List<Seed> corpus(Path zooRoot) {
    List<Seed> seeds = new ArrayList<>();
    if (Files.isDirectory(zooRoot)) {
      try (Stream<Path> files = Files.walk(zooRoot)) {
        for (Path p : files.filter(f -> f.toString().endsWith(".cnn")).sorted().toList()) {
          seeds.add(new Seed(p.toString(), Files.readString(p)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (String text : ParserFuzzTest.VALID) {
      seeds.add(new Seed(zooRoot.resolve("dev/cnnspec/zoo/fuzz.cnn").toString(), text));
    }
    return seeds;
  }

  Figures run(int count) {
    int syntax = 0, other = 0, clean = 0, exceptions = 0, internal = 0, hangs = 0, unlocated = 0;
    List<String> failures = new ArrayList<>();
    CnnCompiler compiler = new CnnCompiler(List.of(zooRoot), Map.of());
    ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Seed seed = corpus.get(random.nextInt(corpus.size()));
      String mutant = mutate(seed.text());
      SourceText source = new SourceText(seed.path(), mutant);
      Future<Compilation> f = worker.submit(() -> {
        Compilation c = compiler.compile(List.of(source));
        c.renderDiagnostics(); // the renderer is part of what must not throw
        return c;
      });
      String failure = null;
      try {
        Compilation c = f.get(LIMIT_MS, TimeUnit.MILLISECONDS);
        List<Diagnostic> errors = c.diagnostics().errors();
        if (errors.stream().anyMatch(d -> d.code() == DiagnosticCode.INTERNAL_ERROR)) {
          internal++;
          failure = "E0901";
        } else if (errors.stream().anyMatch(d -> !d.location().isKnown())) {
          unlocated++;
          failure = "unlocated";
        } else if (errors.stream().anyMatch(d -> d.code() == DiagnosticCode.SYNTAX || d.code() == DiagnosticCode.NESTING_TOO_DEEP)) {
          syntax++;
        } else if (!errors.isEmpty()) {
          other++;
        } else {
          clean++;
        }
        if (failure != null) {
          failure += ": " + c.diagnostics();
        }
      } catch (TimeoutException e) {
        hangs++;
        failure = "hang";
        f.cancel(true);
        worker.shutdownNow();
        worker = Executors.newSingleThreadExecutor(daemon()); // the stuck thread is abandoned
      } catch (ExecutionException e) {
        exceptions++;
        failure = "exception: " + e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (failure != null) {
        keep(i, mutant);
      }
      if (failure != null && failures.size() < 5) {
        failures.add(failure + "\n--- spec (" + mutant.length() + " chars) ---\n"
            + (mutant.length() > 2_000 ? mutant.substring(0, 2_000) + "…" : mutant));
      }
    }
    worker.shutdownNow();
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Figures(count, syntax, other, clean, exceptions, internal, hangs, unlocated, millis, failures);
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "fuzz-worker");
      t.setDaemon(true);
      return t;
    };
  }

  // ---- mutations --------------------------------------------------------------------------------

  static final List<String> ODD = List.of("\u0000", "\uFEFF", "\u202E", "\u200B", "\uD800", "\uDFFF", "\u0301",
      "\uD83D\uDE00", "\u00A0", "\r", "\u2028", "\u001B[2J", "é", "Ω", "\t", "\f");
  static final List<String> HUGE = List.of("99999999999999999999999", "2147483648", "-2147483648", "2147483647",
      "1e999", "1e-999", "0.0000000000000000000001", "4294967296", "9223372036854775808", "0", "-1");

  String mutate(String spec) {
    String s = spec;
    int edits = 1 + random.nextInt(random.nextInt(10) == 0 ? 12 : 4);
    for (int k = 0; k < edits; k++) {
      s = mutateOnce(s);
    }
    return s;
  }

  private String mutateOnce(String s) {
    switch (random.nextInt(11)) {
      case 0 -> { // byte flip, in the UTF-8 encoding, then decoded leniently
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length > 0) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      }
      case 1 -> { // truncation
        return s.isEmpty() ? s : s.substring(0, random.nextInt(s.length()));
      }
      case 2 -> { // splice: a piece of another spec in place of a piece of this one
        String other = corpus.get(random.nextInt(corpus.size())).text();
        int a = random.nextInt(s.length() + 1);
        int b = Math.min(s.length(), a + random.nextInt(200));
        int c = random.nextInt(other.length() + 1);
        int d = Math.min(other.length(), c + random.nextInt(400));
        return s.substring(0, a) + other.substring(c, d) + s.substring(b);
      }
      case 3 -> { // deep nesting of one kind of bracket or operator
        String[] open = {"(", "[", "-", "!", "{", "if true { ", "(x -> ", "1 ^ ", "true ? 1 : "};
        String[] close = {")", "]", "", "", "}", "}", ")", "", ""};
        int kind = random.nextInt(open.length);
        int depth = random.nextInt(3) == 0 ? 50 + random.nextInt(300) : 1_000 + random.nextInt(20_000);
        int at = random.nextInt(s.length() + 1);
        return s.substring(0, at) + open[kind].repeat(depth) + "1" + close[kind].repeat(depth) + s.substring(at);
      }
      case 4 -> { // a huge or edge number in place of a number
        return replaceToken(s, "\\d+(\\.\\d+)?([eE][+-]?\\d+)?", HUGE.get(random.nextInt(HUGE.size())));
      }
      case 5 -> { // odd Unicode
        int at = random.nextInt(s.length() + 1);
        return s.substring(0, at) + ODD.get(random.nextInt(ODD.size())) + s.substring(at);
      }
      case 6 -> { // a long run: a repeated line, a long sum, a long identifier
        int at = s.indexOf('\n', random.nextInt(s.length() + 1));
        at = at < 0 ? s.length() : at + 1;
        String run = switch (random.nextInt(3)) {
          case 0 -> "  let z = " + "1 + ".repeat(2_000 + random.nextInt(4_000)) + "1\n";
          case 1 -> "  x" + "y".repeat(100_000) + " = v -> relu\n";
          default -> ("  t = v -> relu -> dense(2)\n").repeat(500);
        };
        return s.substring(0, at) + run + s.substring(at);
      }
      default -> { // token edits: delete, duplicate, swap, move
        return tokenEdit(s);
      }
    }
  }

  private String replaceToken(String s, String regex, String replacement) {
    Matcher m = java.util.regex.Pattern.compile(regex).matcher(s);
    List<int[]> spans = new ArrayList<>();
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (spans.isEmpty()) {
      return s;
    }
    int[] span = spans.get(random.nextInt(spans.size()));
    return s.substring(0, span[0]) + replacement + s.substring(span[1]);
  }

  private String tokenEdit(String s) {
    List<String> tokens = new ArrayList<>();
    Matcher m = ParserFuzzTest.TOKEN.matcher(s);
    while (m.find()) {
      tokens.add(m.group());
    }
    if (tokens.isEmpty()) {
      return s;
    }
    int i = random.nextInt(tokens.size());
    int j = random.nextInt(tokens.size());
    switch (random.nextInt(5)) {
      case 0 -> tokens.remove(i);
      case 1 -> tokens.add(i, tokens.get(i));
      case 2 -> {
        String t = tokens.get(i);
        tokens.set(i, tokens.get(j));
        tokens.set(j, t);
      }
      case 3 -> tokens.set(i, ParserFuzzTest.VOCABULARY.get(random.nextInt(ParserFuzzTest.VOCABULARY.size())));
      default -> tokens.add(j, tokens.remove(i));
    }
    return String.join("", tokens);
  }

  /** {@code java … MalformedSpecFuzz [count] [seed]}: prints the figures, exits 1 on any failure. */
  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    Figures figures = new MalformedSpecFuzz(seed).run(count);
    System.out.println(figures);
    figures.failures().forEach(System.out::println);
    System.exit(figures.passed() ? 0 : 1);
  }
}
