package dev.cnnspec.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the golden {@code LeNet5} class: its builder must use the generated straight-line code
 * while every parameter has its checked value, and the interpreter once one differs.
 */
class GeneratedClassBehaviourTest {
  private static Class<?> lenet;

  @BeforeAll
  static void compileGolden() throws Exception {
    String source = Files.readString(Path.of("src/test/resources/golden/dev/cnnspec/zoo/LeNet5.java"),
        StandardCharsets.UTF_8);
    Compilation compilation = Compiler.javac().compile(JavaFileObjects.forSourceString("dev.cnnspec.zoo.LeNet5", source));
    assertThat(compilation).succeeded();
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        String name = f.getName().replaceFirst("^/CLASS_OUTPUT/", "").replace(".class", "").replace('/', '.');
        try (InputStream in = f.openInputStream()) {
          classes.put(name, in.readAllBytes());
        }
      }
    }
    ClassLoader loader = new ClassLoader(GeneratedClassBehaviourTest.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
    lenet = loader.loadClass("dev.cnnspec.zoo.LeNet5");
  }

  private static Object builder() throws ReflectiveOperationException {
    return lenet.getMethod("builder").invoke(null);
  }

  private static ComputationGraphConfiguration configuration(Object builder) throws ReflectiveOperationException {
    return (ComputationGraphConfiguration) builder.getClass().getMethod("configuration").invoke(builder);
  }

  private static long units(ComputationGraphConfiguration conf, String layer) {
    return ((FeedForwardLayer) ((LayerVertex) conf.getVertices().get(layer)).getLayerConf().getLayer()).getNOut();
  }

  @Test
  void defaultsRunTheGeneratedCode() throws Exception {
    ComputationGraphConfiguration conf = configuration(builder());
    assertEquals(10, units(conf, "probs"));
    assertEquals(120, units(conf, "dense_1"));
    assertEquals(42L, conf.getDefaultConfiguration().getSeed());
  }

  @Test
  void aParameterSetBackToItsCheckedValueStillRunsTheGeneratedCode() throws Exception {
    Object b = builder();
    b.getClass().getMethod("classes", int.class).invoke(b, 7);
    b.getClass().getMethod("classes", int.class).invoke(b, 10);
    b.getClass().getMethod("seed", long.class).invoke(b, 7L);
    ComputationGraphConfiguration conf = configuration(b);
    assertEquals(10, units(conf, "probs"));
    assertEquals(7L, conf.getDefaultConfiguration().getSeed());
  }

  @Test
  void summaryIsTheEmbeddedTable() throws Exception {
    String summary = (String) lenet.getMethod("summary").invoke(null);
    assertTrue(summary.contains("LeNet5"), summary);
    assertEquals(61_706L, lenet.getField("TOTAL_PARAMETERS").get(null));
  }

  /** Needs the real interpreter (and so the parser) behind SpecInterpreter: a stub on this branch. */
  @Test
  @Tag("needs-parser")
  void aChangedParameterGoesThroughTheInterpreter() throws Exception {
    Object b = builder();
    b.getClass().getMethod("classes", int.class).invoke(b, 7);
    assertEquals(7, units(configuration(b), "probs"));
  }
}
