package dev.cnnspec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue's promise, tested with javac itself: a back end (an {@link OpVisitor}) that lacks
 * one op does not compile, and the visitor has exactly one method per op record, so every record
 * of the sealed {@link Op} is reachable from every back end.
 */
class OpVisitorExhaustivenessTest {
  @TempDir Path classes;

  private static List<Method> visitorMethods() {
    return Arrays.stream(OpVisitor.class.getDeclaredMethods())
        .sorted(Comparator.comparing(Method::getName)).toList();
  }

  @Test
  void oneAbstractMethodPerOpRecord() {
    List<String> records = Arrays.stream(Op.class.getPermittedSubclasses()).map(Class::getName).sorted().toList();
    List<String> visited = visitorMethods().stream().map(m -> m.getParameterTypes()[0].getName()).sorted().toList();
    assertEquals(records, visited);
    assertTrue(visitorMethods().stream().noneMatch(Method::isDefault), "a default method would hide a missing op");
  }

  @Test
  void aCompleteVisitorCompiles() {
    assertEquals(List.of(), compile(visitorSource(null)));
  }

  @Test
  void aVisitorLackingAnOpDoesNotCompile() {
    for (Method missing : visitorMethods()) {
      List<String> errors = compile(visitorSource(missing.getName()));
      assertFalse(errors.isEmpty(), "a visitor without " + missing.getName() + " compiled");
      String op = missing.getParameterTypes()[0].getName().replace('$', '.');
      assertTrue(errors.get(0).contains("does not override abstract method " + missing.getName() + "(" + op + ")"),
          errors.get(0));
    }
  }

  /** A back end that handles every op except {@code omitted} (null: every op). */
  private static String visitorSource(String omitted) {
    String methods = visitorMethods().stream().filter(m -> !m.getName().equals(omitted))
        .map(m -> "  @Override public String " + m.getName() + "("
            + m.getParameterTypes()[0].getName().replace('$', '.') + " op) { return \"x\"; }\n")
        .collect(Collectors.joining());
    return "class Backend implements dev.cnnspec.model.OpVisitor<String> {\n" + methods + "}\n";
  }

  private List<String> compile(String source) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Backend.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    List<String> options = List.of("-proc:none", "-d", classes.toString(),
        "-classpath", System.getProperty("java.class.path"));
    javac.getTask(null, null, diagnostics, options, null, List.of(file)).call();
    return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(null)).toList();
  }
}
