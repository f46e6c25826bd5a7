package dev.cnnspec.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cnnspec.processor.Sources.assertNoCrash;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.cnnspec.testing.Networks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code -Acnn.specRoots} option. Tests tagged {@code needs-parser} run the real
 * {@code CnnCompiler}, which is a stub on this branch: they are excluded by the module's pom
 * ({@code excludedGroups}) until the parser and checker are merged, then must pass.
 */
class SpecRootsProcessorTest {
  private static final JavaFileObject ANY_SOURCE =
      JavaFileObjects.forSourceString("test.Main", "package test;\nclass Main {}\n");

  @TempDir
  Path root;

  private Compilation compileWithRoots() {
    return Compiler.javac().withProcessors(new CnnSpecProcessor())
        .withOptions("-A" + SpecStep.OPTION + "=" + root)
        .compile(ANY_SOURCE);
  }

  private Path writeSpec(String text) throws IOException {
    Path spec = root.resolve(Networks.LENET_PATH);
    Files.createDirectories(spec.getParent());
    Files.writeString(spec, text);
    return spec;
  }

  @Test
  void aSpecRootThatIsNoDirectoryIsAnErrorNotACrash() {
    Compilation compilation = Compiler.javac().withProcessors(new CnnSpecProcessor())
        .withOptions("-A" + SpecStep.OPTION + "=" + root.resolve("missing"))
        .compile(ANY_SOURCE);
    assertThat(compilation).hadErrorContaining("is not a directory");
    assertNoCrash(compilation);
  }

  @Test
  @Tag("needs-parser")
  void specsUnderTheRootsBecomeClassesInTheirDirectorysPackage() throws IOException {
    writeSpec(Networks.LENET_TEXT);
    Compilation compilation = compileWithRoots();
    assertThat(compilation).succeeded();
    String source = compilation.generatedSourceFile("dev.cnnspec.zoo.LeNet5").orElseThrow()
        .getCharContent(true).toString();
    // 5·5·1·6+6 + 5·5·6·16+16 + 400·120+120 + 120·84+84 + 84·10+10, computed by hand
    assertTrue(source.contains("TOTAL_PARAMETERS = 61706L;"), source);
  }

  @Test
  @Tag("needs-parser")
  void aShapeErrorInASpecNamesTheSpecFileLineAndColumnAndQuotesIt() throws IOException {
    String badLine = "            -> conv(16, 15, activation: relu) -> maxpool(2) -> flatten";
    String text = Networks.LENET_TEXT.replace(
        "            -> conv(16, 5, activation: relu) -> maxpool(2) -> flatten", badLine);
    writeSpec(text);
    int column = badLine.indexOf("conv") + 1;
    Compilation compilation = compileWithRoots();
    assertThat(compilation).failed();
    Pattern expected = Pattern.compile("^\\S*lenet\\.cnn:5:" + column + ": error\\[E0401\\]");
    boolean found = false;
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      String message = d.getMessage(null);
      if (expected.matcher(message).find()) {
        found = true;
        assertTrue(message.contains(badLine.stripTrailing()), "quotes the source line: " + message);
        assertTrue(message.contains(" ".repeat(column - 1) + "^"), "caret under the column: " + message);
      }
    }
    assertTrue(found, "no error at lenet.cnn:5:" + column + ": " + compilation.errors());
    assertNoCrash(compilation);
  }
}
