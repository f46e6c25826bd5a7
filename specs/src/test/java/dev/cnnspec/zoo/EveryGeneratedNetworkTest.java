package dev.cnnspec.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every network the build generates, however big, is built for real: {@code build().numParams()}
 * equals {@code TOTAL_PARAMETERS}, and a zero batch of one comes out with the generated output-shape
 * constants and the checker's shapes. The per-network tests only count the big ones without
 * allocating; here the networks are found, not listed, so that a new spec cannot be forgotten: the
 * specs under {@code src/main/cnn} (compiled as the plugin compiles them) and the classes under
 * {@code target/generated-sources/cnn} must match one to one.
 *
 * <p>Networks go smallest first and each is dropped, with its workspaces, before the next: VGG-19
 * alone holds 144M parameters (576 MB off-heap), and the surefire heap is 4 GB.
 */
class EveryGeneratedNetworkTest {
  private static final Path GENERATED = Path.of("target/generated-sources/cnn").toAbsolutePath();

  private static Map<String, NetworkModel> specs;
  private static Map<String, GeneratedNetwork> generated;

  @BeforeAll
  static void discover() throws IOException {
    specs = ZooSpecs.all().stream()
        .collect(Collectors.toMap(NetworkModel::name, Function.identity(), (a, b) -> {
          throw new AssertionError("two networks named " + a.name());
        }, TreeMap::new));
    generated = new TreeMap<>();
    for (String className : generatedClassNames()) {
      GeneratedNetwork g = GeneratedNetwork.ofClass(className);
      GeneratedNetwork before = generated.put(g.networkName(), g);
      assertEquals(null, before, "two generated classes for network " + g.networkName());
    }
  }

  @Test
  void everySpecNetworkHasAGeneratedClassAndEveryClassASpec() {
    assertFalse(specs.isEmpty());
    assertEquals(specs.keySet(), generated.keySet(),
        "networks in " + ZooSpecs.ROOT + " vs classes in " + GENERATED);
  }

  /** Discovery finds the classes the application code sees by type (these lines compile only if generated). */
  @Test
  void discoveryFindsTheClassesByType() {
    for (Class<?> type : List.of(LeNet5.class, GoogLeNet.class, VGG19.class, ResNet152.class, LightCNN.class)) {
      assertTrue(generated.values().stream().anyMatch(g -> g.type() == type), type + " not discovered");
    }
    assertEquals(List.of("probs", "aux1", "aux2"), GoogLeNet.OUTPUT_NAMES);
    assertEquals(specs.get("ResNet152").totalParameters(), ResNet152.TOTAL_PARAMETERS);
  }

  @TestFactory
  Stream<DynamicTest> everyNetworkBuildsWithItsParameterCountAndOutputShapes() {
    return specs.values().stream()
        .sorted(Comparator.comparingLong(NetworkModel::totalParameters))
        .map(model -> DynamicTest.dynamicTest(model.name() + " (" + model.totalParameters() + " parameters)",
            () -> buildAndRun(model)));
  }

  private static void buildAndRun(NetworkModel model) {
    GeneratedNetwork g = generated.get(model.name());
    assertTrue(g != null, "no generated class for network " + model.name() + " under " + GENERATED);
    constantsMatchTheChecker(model, g);
    long before = Pointer.physicalBytes() >> 20;
    long start = System.nanoTime();
    try {
      ComputationGraph graph = Dl4jChecks.built(g);
      long built = System.nanoTime();
      // DL4J's outputs are the heads' output or loss layers, in the order of OUTPUT_NAMES: a head that
      // is not fused into a dense layer (U-Net's per-pixel mask) is read from its loss layer, mask_loss.
      assertEquals(new dev.cnnspec.model.OutputFusion(model).graphOutputs(), graph.getConfiguration().getNetworkOutputs(),
          "DL4J's output order");
      INDArray[] outputs = Dl4jChecks.forwardPassMatchesInferredShapes(model, graph, 1);
      for (int i = 0; i < outputs.length; i++) {
        String output = model.outputs().get(i).name();
        assertArrayEquals(batchOfOne(g.shapeConstant(constantName(output) + "_SHAPE")), outputs[i].shape(),
            model.name() + "." + output + " against the generated constant");
      }
      // Measurements for people, not assertions. ND4J's CPU buffers are not counted by JavaCPP's
      // Pointer.totalBytes(), so the process's resident size stands for them (the allocator keeps
      // freed pages, so it falls little; that it stays near the biggest network's size shows the
      // earlier ones were freed).
      System.out.printf("%-10s %,12d parameters  build %5d ms  forward %5d ms  resident %4d -> %4d MB"
              + "  heap %3d MB%n",
          model.name(), graph.numParams(), (built - start) / 1_000_000, (System.nanoTime() - built) / 1_000_000,
          before, Pointer.physicalBytes() >> 20, heapMb());
    } finally {
      // The graph is unreachable from here on; release the inference workspace and collect, so that
      // the next network does not start with this one's half gigabyte still allocated.
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
      System.gc();
    }
  }

  /** Constants are the checker's numbers: counts, names in DL4J's order, per-tensor shapes. */
  private static void constantsMatchTheChecker(NetworkModel model, GeneratedNetwork g) {
    assertEquals(model.totalParameters(), g.parametersConstant(), "TOTAL_PARAMETERS");
    assertEquals(model.trainableParameters(), g.trainableParametersConstant(), "TRAINABLE_PARAMETERS");
    assertEquals(model.inputs().stream().map(InputNode::name).toList(), g.namesConstant("INPUT_NAMES"));
    assertEquals(model.outputs().stream().map(OutputModel::name).toList(), g.namesConstant("OUTPUT_NAMES"));
    for (InputNode in : model.inputs()) {
      assertEquals(in.shape().dims(), g.shapeConstant(constantName(in.name()) + "_SHAPE"), in.name());
    }
    for (OutputModel out : model.outputs()) {
      assertEquals(out.shape().dims(), g.shapeConstant(constantName(out.name()) + "_SHAPE"), out.name());
    }
  }

  /** A shape constant (height, width, channels, or units) as DL4J's array shape for a batch of one. */
  private static long[] batchOfOne(List<Integer> dims) {
    Shape shape = dims.size() == 3 ? Shape.spatial(dims.get(0), dims.get(1), dims.get(2)) : Shape.flat(dims.get(0));
    assertEquals(dims, shape.dims(), "a shape constant of rank " + dims.size());
    return Dl4jChecks.batched(1, shape);
  }

  /** The generator's field naming, restated: {@code probs} → {@code PROBS}, {@code auxOut} → {@code AUX_OUT}. */
  private static String constantName(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static List<String> generatedClassNames() throws IOException {
    assertTrue(Files.isDirectory(GENERATED), "no " + GENERATED + ": did cnn-spec-maven-plugin run?");
    try (Stream<Path> walk = Files.walk(GENERATED)) {
      return walk.filter(p -> p.toString().endsWith(".java"))
          .map(p -> GENERATED.relativize(p).toString().replace(".java", "").replace('/', '.'))
          .sorted().toList();
    }
  }

  private static long heapMb() {
    Runtime r = Runtime.getRuntime();
    return (r.totalMemory() - r.freeMemory()) >> 20;
  }
}
