package dev.cnnspec.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.testing.Networks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated class of a small network, compared with a golden file
 * ({@code src/test/resources/golden}; {@code -Dgolden.update=true} rewrites it) and compiled
 * against DL4J with every lint warning an error.
 */
class NetworkClassGeneratorTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/dev/cnnspec/zoo/LeNet5.java");

  private static JavaFile lenetFile() {
    NetworkModel model = Networks.lenet5(Networks.LENET_PATH);
    dev.cnnspec.Compilation compilation = new dev.cnnspec.Compilation(List.of(model), new Diagnostics(),
        Map.of(Networks.LENET_PATH, Networks.lenetSource(Networks.LENET_PATH)));
    List<JavaFile> files = new SpecCodegen(List.of()).generate(compilation);
    assertEquals(1, files.size());
    return files.get(0);
  }

  @Test
  void lenetParameterCountsAreTheHandComputedOnes() {
    NetworkModel model = Networks.lenet5(Networks.LENET_PATH);
    // conv 5·5·1·6+6, conv 5·5·6·16+16, dense 400·120+120, 120·84+84, 84·10+10
    long expected = (25 * 6 + 6) + (25 * 6 * 16 + 16) + (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10);
    assertEquals(61_706, expected);
    String source = lenetFile().toString();
    assertTrue(source.contains("TOTAL_PARAMETERS = " + expected + "L;"), source);
    assertTrue(source.contains("TRAINABLE_PARAMETERS = " + expected + "L;"), source);
    assertEquals(expected, model.totalParameters());
  }

  @Test
  void generatedSourceEqualsGoldenFile() throws IOException {
    String actual = lenetFile().toString();
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(GOLDEN), "no golden file; run with -Dgolden.update=true");
    assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), actual,
        "generated code changed; review and run with -Dgolden.update=true");
  }

  @Test
  void generationIsDeterministic() {
    assertEquals(lenetFile().toString(), lenetFile().toString());
  }

  @Test
  void generatedSourceCompilesWithoutWarnings() {
    JavaFile file = lenetFile();
    Compilation compilation = Compiler.javac()
        .withOptions("-Xlint:all", "-Werror")
        .compile(JavaFileObjects.forSourceString("dev.cnnspec.zoo.LeNet5", file.toString()));
    assertThat(compilation).succeededWithoutWarnings();
  }
}
