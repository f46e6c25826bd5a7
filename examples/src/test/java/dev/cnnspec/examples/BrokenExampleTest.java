package dev.cnnspec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticCode;
import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deliberately broken example outside the build (examples/broken): what the Maven plugin and
 * the annotation processor would make a user's build fail with, checked for code and place.
 */
class BrokenExampleTest {
  private static final Path BROKEN = Path.of("broken").toAbsolutePath();

  @Test
  void theSpecFailsWithASpatialCollapseAtTheSecondConvolution() {
    Path root = BROKEN.resolve("src/main/cnn");
    Path spec = root.resolve("dev/cnnspec/broken/broken.cnn");
    Compilation compilation = new CnnCompiler(List.of(root), Map.of()).compileFiles(List.of(spec));
    assertFalse(compilation.succeeded());
    List<Diagnostic> errors = compilation.diagnostics().errors();
    assertEquals(1, errors.size(), compilation.renderDiagnostics());
    Diagnostic error = errors.get(0);
    assertEquals(DiagnosticCode.SPATIAL_COLLAPSE, error.code());
    assertTrue(error.location().path().endsWith("broken.cnn"), error.location().path());
    assertEquals(5, error.location().line(), "the line of conv(16, 5)");
    assertEquals(16, error.location().column(), "the column of its layer name");
    String rendered = compilation.renderDiagnostics();
    assertTrue(rendered.contains("broken.cnn:5:16: error[E0401]"), rendered);
    assertTrue(rendered.contains("            -> conv(16, 5) -> flatten"), "quotes the source line: " + rendered);
  }

  @Test
  void theInterfaceFailsJavacWithTheProcessorsErrorOnTheConvolutionsLine(@TempDir Path out) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path source = BROKEN.resolve("src/main/java/dev/cnnspec/broken/BrokenNet.java");
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
      // The processor and the annotations are on this test's class path; javac finds the
      // processor there through its service entry, as Maven finds it on the processor path.
      List<String> options = List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"));
      StringWriter log = new StringWriter();
      boolean ok = javac.getTask(log, files, diagnostics, options, null, files.getJavaFileObjects(source.toFile()))
          .call();
      assertFalse(ok, "javac must fail on the broken interface");
      List<javax.tools.Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR).toList();
      assertFalse(errors.isEmpty(), log.toString());
      javax.tools.Diagnostic<? extends JavaFileObject> first = errors.get(0);
      assertTrue(new File(first.getSource().toUri()).getName().equals("BrokenNet.java"), first.toString());
      assertEquals(16, first.getLineNumber(), first.toString());
      assertTrue(first.getMessage(null).contains("E0401"), first.getMessage(null));
    }
    assertTrue(Files.isDirectory(out));
  }
}
