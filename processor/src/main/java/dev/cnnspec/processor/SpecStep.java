package dev.cnnspec.processor;

import com.palantir.javapoet.JavaFile;
import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.codegen.SpecCodegen;
import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticRenderer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.annotation.processing.Filer;

/**
 * The {@code cnn.specRoots} option: compiles every {@code .cnn} file under the given directories
 * with {@link CnnCompiler} and writes their classes through {@link SpecCodegen}, exactly as the
 * Maven plugin does. Spec diagnostics are reported as the compiler renders them ({@code
 * file:line:col:}, the source line and a caret), since spec files are not elements javac knows.
 */
final class SpecStep {
  static final String OPTION = "cnn.specRoots";

  private final Filer filer;
  private final Reporter reporter;

  SpecStep(Filer filer, Reporter reporter) {
    this.filer = filer;
    this.reporter = reporter;
  }

  void process(String option) {
    List<Path> roots = new ArrayList<>();
    for (String part : option.split(File.pathSeparator)) {
      if (part.isBlank()) {
        continue;
      }
      Path root = Path.of(part.trim());
      if (!Files.isDirectory(root)) {
        reporter.rendered(true, "-A" + OPTION + ": spec root " + root.toAbsolutePath()
            + " is not a directory (relative paths are resolved against javac's working directory;"
            + " in Maven write ${project.basedir}/src/main/cnn)");
        continue;
      }
      roots.add(root);
    }
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.toString().endsWith(".cnn") && Files.isRegularFile(p)).sorted().forEach(files::add);
      } catch (IOException e) {
        reporter.rendered(true, root + ": cannot list spec files: " + e.getMessage());
      }
    }
    if (files.isEmpty()) {
      return;
    }
    Compilation compilation = new CnnCompiler(roots, Map.of()).compileFiles(files);
    DiagnosticRenderer renderer = DiagnosticRenderer.of(compilation.sources());
    for (Diagnostic d : compilation.diagnostics().all()) {
      reporter.rendered(d.isError(), renderer.render(d));
    }
    if (!compilation.succeeded()) {
      return;
    }
    for (JavaFile file : new SpecCodegen(roots).generate(compilation)) {
      try {
        file.writeTo(filer);
      } catch (IOException e) {
        reporter.rendered(true, "cannot write " + file.packageName() + "." + file.typeSpec().name() + ": "
            + e.getMessage());
      }
    }
  }
}
