package dev.cnnspec.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.cnnspec.codegen.dl4j.Dl4jConfigurationEmitter;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import dev.cnnspec.runtime.dl4j.TestNetworks;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * The code generator's DL4J statements ({@link Dl4jConfigurationEmitter}, in the processor) and the
 * interpreter ({@link Dl4jGraphFactory}, in the runtime) must build identical configurations, or a
 * generated class and {@code cnn train spec.cnn} would train different networks. Each test network
 * is emitted, compiled with javac, run, and its {@code toJson()} compared with the factory's.
 *
 * <p>Independent of the language front end: the networks are the runtime's hand-built test models.
 * Once the zoo is generated, the same comparison on {@code dev.cnnspec.zoo} classes belongs here too.
 */
class GeneratedConfigurationEquivalenceTest {
  private static final long SEED = 7;
  private static final Map<String, NetworkModel> NETWORKS = new LinkedHashMap<>();
  private static ClassLoader compiled;

  @BeforeAll
  static void emitAndCompile(@TempDir Path dir) throws IOException {
    for (NetworkModel m : List.of(TestNetworks.lenet5(), TestNetworks.residual(), TestNetworks.inception(),
        TestNetworks.mfm(), TestNetworks.twoHeads(), TestNetworks.everyOp(), TestNetworks.feedForward(),
        TestNetworks.segmentation(), TestNetworks.padding(),
        TestNetworks.modern(), TestNetworks.decoder(), TestNetworks.squeezeExcite(), TestNetworks.ceilPools())) {
      NETWORKS.put(m.name(), m);
    }
    Path src = dir.resolve("src");
    Path out = Files.createDirectories(dir.resolve("classes"));
    List<Path> files = new ArrayList<>();
    for (NetworkModel model : NETWORKS.values()) {
      MethodSpec method = MethodSpec.methodBuilder("configuration")
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .returns(ClassName.get(ComputationGraphConfiguration.class))
          .addParameter(TypeName.LONG, "seed")
          .addParameter(ClassName.get(IUpdater.class), "updater")
          .addCode(Dl4jConfigurationEmitter.emit(model))
          .build();
      TypeSpec type = TypeSpec.classBuilder(model.name()).addModifiers(Modifier.PUBLIC).addMethod(method).build();
      JavaFile file = JavaFile.builder("emitted", type).build();
      file.writeTo(src);
      files.add(src.resolve("emitted").resolve(model.name() + ".java"));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
      String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      boolean ok = javac.getTask(errors, fm, null,
          List.of("-classpath", classPath, "-d", out.toString(), "-proc:none"), null, units).call();
      assertTrue(ok, "emitted code does not compile:\n" + errors);
    }
    compiled = new URLClassLoader(new URL[] {out.toUri().toURL()},
        GeneratedConfigurationEquivalenceTest.class.getClassLoader());
  }

  private static void assertSameConfiguration(String network) throws Exception {
    IUpdater updater = new Nesterovs(0.05, 0.9);
    ComputationGraphConfiguration generated = (ComputationGraphConfiguration) compiled
        .loadClass("emitted." + network)
        .getMethod("configuration", long.class, IUpdater.class)
        .invoke(null, SEED, updater);
    ComputationGraphConfiguration interpreted = Dl4jGraphFactory.configuration(NETWORKS.get(network), SEED, updater);
    assertEquals(interpreted.toJson(), generated.toJson(), network);
  }

  @Test
  void lenet5() throws Exception {
    assertSameConfiguration("LeNet5");
  }

  @Test
  void residualBlock() throws Exception {
    assertSameConfiguration("Residual");
  }

  @Test
  void inceptionBlock() throws Exception {
    assertSameConfiguration("Inception");
  }

  @Test
  void maxFeatureMap() throws Exception {
    assertSameConfiguration("LightCnn");
  }

  @Test
  void weightedAuxiliaryHead() throws Exception {
    assertSameConfiguration("TwoHeads");
  }

  @Test
  void everyOp() throws Exception {
    assertSameConfiguration("EveryOp");
  }

  @Test
  void feedForwardInput() throws Exception {
    assertSameConfiguration("FeedForward");
  }

  @Test
  void spatialHead() throws Exception {
    assertSameConfiguration("Segmentation");
  }

  /** Explicit padding, count_pad, and same with a stride beyond the window (Truncate, no padding). */
  @Test
  void everyPaddingForm() throws Exception {
    assertSameConfiguration("Padding");
  }

  /** Depthwise, separable, prelu and the activations of our own (hard_sigmoid, hard_swish, gelu). */
  @Test
  void issue12Ops() throws Exception {
    assertSameConfiguration("Modern");
  }

  /** conv_transpose, upsample, globalavgpool(keep: true). */
  @Test
  void upsamplingOps() throws Exception {
    assertSameConfiguration("Decoder");
  }

  /** multiply and add with a per-channel gate (the runtime's BroadcastVertex) and of equal shapes. */
  @Test
  void squeezeAndExcitation() throws Exception {
    assertSameConfiguration("SqueezeExcite");
  }

  /** Ceil-mode pools: Same mode, floor, and an average that must not count the ceil overhang. */
  @Test
  void ceilModePools() throws Exception {
    assertSameConfiguration("CeilPools");
  }

  @Test
  void everyCompiledNetworkHasItsTest() {
    assertEquals(13, NETWORKS.size(), "add a test method for each network listed in emitAndCompile");
  }
}
