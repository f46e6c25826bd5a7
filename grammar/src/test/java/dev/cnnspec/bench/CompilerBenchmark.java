package dev.cnnspec.bench;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the whole front of the compiler — parse, elaborate, check — from spec text, on the zoo's
 * ResNet-152 and on synthetic chains of 1,000 to 10,000 convolutions written out line by line (no
 * repetition suffix, so the parser sees every layer). Not a unit test; run it from the repository
 * root after a build:
 *
 * <pre>
 * mvn -B -q -o -pl grammar test-compile exec:java \
 *     -Dexec.mainClass=dev.cnnspec.bench.CompilerBenchmark -Dexec.classpathScope=test \
 *     -Dexec.args="specs/src/main/cnn/dev/cnnspec/zoo 30 31"
 * </pre>
 *
 * Arguments: the zoo directory, warm-up rounds, timed rounds. Rounds interleave the inputs so that
 * load from other processes falls on all sizes alike; medians are reported, with the time per
 * layer (flat when the cost is linear) and the 10,000 : 1,000 ratio (about 10 when linear).
 */
public final class CompilerBenchmark {
  private CompilerBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path zoo = Path.of(args.length > 0 ? args[0] : "specs/src/main/cnn/dev/cnnspec/zoo");
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 31;

    Path resnetPath = zoo.resolve("resnet.cnn");
    // Only the parametric network, asked for depth 152: the file's one-line instances would
    // otherwise add four more networks to every round.
    String resnet = Files.readString(resnetPath).replaceAll("(?m)^network \\w+ = .*$", "");
    Map<String, Runnable> inputs = new LinkedHashMap<>();
    Map<String, Integer> layers = new LinkedHashMap<>();
    CnnCompiler resnetCompiler = new CnnCompiler(List.of(zoo), Map.of("depth", "152"));
    SourceText resnetSource = new SourceText(resnetPath.toString(), resnet);
    layers.put("ResNet-152", expectClean(resnetCompiler.compile(List.of(resnetSource))));
    inputs.put("ResNet-152", () -> resnetCompiler.compile(List.of(resnetSource)));
    for (int n : new int[] {1_000, 2_000, 5_000, 10_000}) {
      String name = String.format(Locale.ROOT, "chain %,d", n);
      SourceText chain = new SourceText("chain.cnn", chain(n));
      CnnCompiler compiler = CnnCompiler.withDefaults();
      layers.put(name, expectClean(compiler.compile(List.of(chain))));
      inputs.put(name, () -> compiler.compile(List.of(chain)));
    }

    List<Runnable> list = new ArrayList<>(inputs.values());
    double[][] ms = new double[list.size()][runs];
    for (int round = 0; round < warmup + runs; round++) {
      for (int i = 0; i < list.size(); i++) {
        long start = System.nanoTime();
        list.get(i).run();
        long elapsed = System.nanoTime() - start;
        if (round >= warmup) {
          ms[i][round - warmup] = elapsed / 1e6;
        }
      }
    }
    System.out.printf(Locale.ROOT, "parse + elaborate + check; warm-up %d rounds, median of %d%n", warmup, runs);
    System.out.printf(Locale.ROOT, "%-12s %7s %10s %10s%n", "input", "layers", "median ms", "us/layer");
    int i = 0;
    double chain1k = 0;
    double chain10k = 0;
    for (String name : inputs.keySet()) {
      Arrays.sort(ms[i]);
      double median = ms[i][runs / 2];
      int count = layers.get(name);
      System.out.printf(Locale.ROOT, "%-12s %7d %10.2f %10.2f%n", name, count, median, 1000 * median / count);
      if (name.equals("chain 1,000")) {
        chain1k = median;
      } else if (name.equals("chain 10,000")) {
        chain10k = median;
      }
      i++;
    }
    System.out.printf(Locale.ROOT, "ratio 10,000 : 1,000 = %.1f (10 when linear)%n", chain10k / chain1k);
  }

  /** A network of {@code n} 3×3 same convolutions, one per line, then a classifier head. */
  static String chain(int n) {
    StringBuilder out = new StringBuilder("network Chain(classes: int = 10) {\n  input image: [16, 16, 1]\n  x = image\n");
    for (int i = 0; i < n; i++) {
      out.append("    -> conv(8, 3, padding: same, activation: relu)\n");
    }
    out.append("  output probs = x -> globalavgpool -> dense(classes, activation: softmax)\n}\n");
    return out.toString();
  }

  private static int expectClean(Compilation compilation) {
    if (!compilation.succeeded() || compilation.networks().size() != 1) {
      throw new IllegalStateException("benchmark input does not compile:\n" + compilation.renderDiagnostics());
    }
    return compilation.networks().get(0).layers().size();
  }
}
