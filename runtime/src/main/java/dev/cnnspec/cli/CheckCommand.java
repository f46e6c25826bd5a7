package dev.cnnspec.cli;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.Diagnostic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cnn check FILES…}: compiles specs and prints every diagnostic; exit 1 when any is an error. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check .cnn specs: parse, elaborate, infer every shape; print diagnostics.")
final class CheckCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "spec files to check")
  List<Path> files;

  @Mixin
  SetOption set = new SetOption();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Compilation c = new CnnCompiler(SpecRoots.forFiles(files), set.values()).compileFiles(files);
    if (!c.diagnostics().isEmpty()) {
      out.print(c.renderDiagnostics());
      if (!c.renderDiagnostics().endsWith("\n")) {
        out.println();
      }
    }
    long errors = c.diagnostics().all().stream().filter(Diagnostic::isError).count();
    long warnings = c.diagnostics().all().size() - errors;
    out.printf("%d file%s, %d network%s checked: %d error%s, %d warning%s%n", files.size(), plural(files.size()),
        c.networks().size(), plural(c.networks().size()), errors, plural(errors), warnings, plural(warnings));
    out.flush();
    return errors > 0 ? 1 : 0;
  }

  private static String plural(long n) {
    return n == 1 ? "" : "s";
  }
}
