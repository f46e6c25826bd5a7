package dev.cnnspec.differential;

import com.palantir.javapoet.JavaFile;
import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.codegen.SpecCodegen;
import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.NetworkModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The property, applied to a batch of cases. For each spec exactly one of:
 * <ol>
 *   <li>{@code check} (the {@link CnnCompiler} facade) reports errors, every one with a location
 *       in the spec ({@code file:line:col}) and a stable id, none of them E0901, and nothing
 *       thrown; or
 *   <li>everything {@link Dl4jProperty} checks holds: both back ends, DL4J's counts, forward
 *       shapes of every layer, one training step.
 * </ol>
 * Compilation and code generation are per case; javac runs once for the whole batch.
 */
final class Oracle {
  private Oracle() {}

  static List<Verdict> judge(List<GeneratedSpec> cases) {
    return judge(cases, true);
  }

  /**
   * @param generatedCode false to leave out the generated class (javac is most of a single case's
   *     time); shrinking does so while it chases a failure that the generated class plays no part in
   */
  static List<Verdict> judge(List<GeneratedSpec> cases, boolean generatedCode) {
    Map<String, Compilation> compiled = new LinkedHashMap<>();
    Map<String, Verdict> verdicts = new LinkedHashMap<>();
    Map<String, JavaFile> files = new LinkedHashMap<>();
    for (GeneratedSpec c : cases) {
      String key = c.path();
      Compilation compilation;
      try {
        compilation = CnnCompiler.withDefaults().compile(List.of(new SourceText(c.path(), c.text())));
      } catch (RuntimeException | Error e) {
        verdicts.put(key, Verdict.failed("check", "threw " + e));
        continue;
      }
      Verdict rejected = rejection(c, compilation);
      if (rejected != null) {
        verdicts.put(key, rejected);
        continue;
      }
      compiled.put(key, compilation);
      if (!generatedCode) {
        verdicts.put(key, new Dl4jProperty(c, compilation.networks().get(0), null).check());
        continue;
      }
      try {
        List<JavaFile> generated = new SpecCodegen(List.of()).generate(compilation);
        if (generated.size() != 1) {
          verdicts.put(key, Verdict.failed("codegen", generated.size() + " classes for one network"));
          continue;
        }
        files.put(key, generated.get(0));
      } catch (RuntimeException e) {
        verdicts.put(key, Verdict.failed("codegen", Dl4jProperty.describe(e)));
      }
    }
    if (!files.isEmpty()) {
      try (GeneratedClasses classes = new GeneratedClasses(files)) {
        for (Map.Entry<String, JavaFile> e : files.entrySet()) {
          String key = e.getKey();
          if (classes.error(key) != null) {
            verdicts.put(key, Verdict.failed("javac", classes.error(key)));
            continue;
          }
          Compilation compilation = compiled.get(key);
          NetworkModel model = compilation.networks().get(0);
          GeneratedSpec c = cases.stream().filter(x -> x.path().equals(key)).findFirst().orElseThrow();
          verdicts.put(key, new Dl4jProperty(c, model, classes.load(key, e.getValue()).orElseThrow()).check());
        }
      } catch (Exception e) {
        throw new IllegalStateException("the oracle itself failed: " + e, e);
      }
    }
    List<Verdict> out = new ArrayList<>();
    for (GeneratedSpec c : cases) {
      out.add(verdicts.get(c.path()));
    }
    return out;
  }

  /** REJECTED when every error is located and identified, FAILED when not, null when accepted. */
  private static Verdict rejection(GeneratedSpec c, Compilation compilation) {
    List<Diagnostic> errors = compilation.diagnostics().errors();
    if (errors.isEmpty()) {
      if (compilation.networks().size() != 1) {
        return Verdict.failed("check", "no errors, but " + compilation.networks().size() + " networks");
      }
      return null;
    }
    for (Diagnostic d : errors) {
      if (d.code() == DiagnosticCode.INTERNAL_ERROR) {
        return Verdict.failed("check", "internal error: " + firstLines(d.message(), 6));
      }
      if (!d.location().isKnown() || !d.location().path().equals(c.path()) || d.location().line() < 1
          || d.location().column() < 1) {
        return Verdict.failed("check", "error without a location in the spec: " + d);
      }
    }
    if (!compilation.networks().isEmpty()) {
      return Verdict.failed("check", "errors reported, yet a network came out: " + errors.get(0));
    }
    return Verdict.rejected(errors.stream().map(d -> d.code().id()).distinct().sorted()
        .collect(java.util.stream.Collectors.joining(",")));
  }

  static String firstLines(String text, int lines) {
    String[] all = text.split("\n");
    return String.join("\n", java.util.Arrays.copyOf(all, Math.min(lines, all.length)));
  }
}
