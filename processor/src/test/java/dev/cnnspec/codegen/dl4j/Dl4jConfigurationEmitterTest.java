package dev.cnnspec.codegen.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.GraphBuilder;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import org.junit.jupiter.api.Test;

/**
 * The emitted DL4J code for a small network that uses every op, compared with a golden file
 * ({@code -Dgolden.update=true} rewrites it). That the code builds the same configuration as the
 * interpreter is checked in the {@code specs} module, where DL4J is on the class path.
 */
class Dl4jConfigurationEmitterTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/dl4j/GoldenNet.java");
  private static final Location AT = Location.UNKNOWN;

  /**
   * <pre>
   * input image: [8, 8, 3]
   * p = image -> zeropad(1) -> conv(8, 3, activation: leaky_relu, alpha: 0.2, bias: false)
   *           -> batchnorm -> maxpool(2)
   * s = p -> conv(4, 1, padding: same, activation: relu)
   * c = p -> conv(8, 3, padding: same, activation: mfm) -> add(s) -> concat(s)
   * output probs = c -> flatten -> dropout(0.5) -> dense(10, activation: softmax)
   * output aux = c -> globalavgpool loss mse weight 0.3
   * </pre>
   * Shapes and counts by hand: conv_1 3·3·3·8 = 216; bn_1 4·8 = 32; conv_2 9·8·8+8 = 584;
   * s 8·4+4 = 36; probs 128·10+10 = 1,290.
   */
  static NetworkModel goldenNet() {
    GraphBuilder g = new GraphBuilder("GoldenNet", AT);
    g.input("image", Shape.spatial(8, 8, 3), AT);
    String t = g.layer("zeropad_1", new Op.ZeroPad(1, 1, 1, 1), List.of("image"), AT);
    t = g.layer("conv_1", new Op.Conv2D(8, Size2D.square(3), Size2D.square(1), Padding.VALID, Size2D.square(1),
        Activation.LEAKY_RELU, 0.2, false), List.of(t), AT);
    t = g.layer("batchnorm_1", new Op.BatchNorm(0.9, 1e-5), List.of(t), AT);
    String p = g.layer("p", new Op.Pool2D(PoolType.MAX, Size2D.square(2), Size2D.square(2), Padding.VALID),
        List.of(t), AT);
    String s = g.layer("s", new Op.Conv2D(4, Size2D.square(1), Size2D.square(1), Padding.SAME, Size2D.square(1),
        Activation.RELU, 0.01, true), List.of(p), AT);
    String m = g.layer("conv_2", new Op.Conv2D(8, Size2D.square(3), Size2D.square(1), Padding.SAME,
        Size2D.square(1), Activation.MFM, 0.01, true), List.of(p), AT);
    String a = g.layer("add_1", new Op.Add(), List.of(m, s), AT);
    String c = g.layer("c", new Op.Concat(), List.of(a, s), AT);
    t = g.layer("flatten_1", new Op.Flatten(), List.of(c), AT);
    t = g.layer("dropout_1", new Op.Dropout(0.5), List.of(t), AT);
    t = g.layer("probs", new Op.Dense(10, Activation.SOFTMAX, 0.01, true), List.of(t), AT);
    String aux = g.layer("aux", new Op.GlobalPool(PoolType.AVG), List.of(c), AT);
    g.output("probs", t, Loss.CROSS_ENTROPY, 1, AT);
    g.output("aux", aux, Loss.MSE, 0.3, AT);
    NetworkGraph graph = g.build();

    Map<String, Shape> shapes = Map.ofEntries(
        Map.entry("zeropad_1", Shape.spatial(10, 10, 3)), Map.entry("conv_1", Shape.spatial(8, 8, 8)),
        Map.entry("batchnorm_1", Shape.spatial(8, 8, 8)), Map.entry("p", Shape.spatial(4, 4, 8)),
        Map.entry("s", Shape.spatial(4, 4, 4)), Map.entry("conv_2", Shape.spatial(4, 4, 8)),
        Map.entry("conv_2_mfm", Shape.spatial(4, 4, 4)), Map.entry("add_1", Shape.spatial(4, 4, 4)),
        Map.entry("c", Shape.spatial(4, 4, 8)), Map.entry("flatten_1", Shape.flat(128)),
        Map.entry("dropout_1", Shape.flat(128)), Map.entry("probs", Shape.flat(10)),
        Map.entry("aux", Shape.flat(8)));
    Map<String, Long> params = Map.of("conv_1", 216L, "batchnorm_1", 32L, "conv_2", 584L, "s", 36L,
        "probs", 1290L);
    List<LayerModel> layers = new ArrayList<>();
    for (LayerNode node : graph.layers()) {
      long n = params.getOrDefault(node.name(), 0L);
      layers.add(new LayerModel(node, shapes.get(node.name()), n,
          node.op() instanceof Op.BatchNorm ? n / 2 : n, 0));
    }
    List<OutputModel> outputs = graph.outputs().stream()
        .map(o -> new OutputModel(o, shapes.get(o.source()))).toList();
    return new NetworkModel(graph, layers, outputs);
  }

  private static String render(NetworkModel model) {
    MethodSpec method = MethodSpec.methodBuilder("checkedConfiguration")
        .addModifiers(Modifier.STATIC)
        .returns(Dl4jTypes.GRAPH_CONFIGURATION)
        .addParameter(TypeName.LONG, "seed")
        .addParameter(ClassName.get("org.nd4j.linalg.learning.config", "IUpdater"), "updater")
        .addCode(Dl4jConfigurationEmitter.emit(model))
        .build();
    TypeSpec type = TypeSpec.classBuilder(model.name()).addMethod(method).build();
    return JavaFile.builder("dev.cnnspec.zoo", type).build().toString();
  }

  @Test
  void matchesGoldenFile() throws IOException {
    String actual = render(goldenNet());
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(GOLDEN), "no golden file " + GOLDEN + "; run with -Dgolden.update=true");
    assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), actual,
        "emitted code changed; if intended, rerun with -Dgolden.update=true and review the diff");
  }

  @Test
  void oneStatementPerLayerInGraphOrder() {
    NetworkModel model = goldenNet();
    String code = Dl4jConfigurationEmitter.emit(model).toString();
    int last = -1;
    for (LayerModel layer : model.layers()) {
      int at = code.indexOf("builder.add" + (isVertex(layer) ? "Vertex" : "Layer") + "(\"" + layer.name() + "\"");
      assertTrue(at > last, layer.name() + " missing or out of order");
      last = at;
    }
    assertTrue(code.indexOf("builder.addLayer(\"aux_loss\"") > last, "loss layer after all layers");
    assertTrue(code.contains("builder.setOutputs(\"probs\", \"aux_loss\")"), code);
    assertTrue(code.strip().endsWith("return builder.build();"), code);
  }

  private static boolean isVertex(LayerModel layer) {
    return layer.op() instanceof Op.Add || layer.op() instanceof Op.Concat
        || layer.name().equals("flatten_1");
  }
}
