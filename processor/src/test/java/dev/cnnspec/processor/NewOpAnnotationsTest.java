package dev.cnnspec.processor;

import static dev.cnnspec.processor.Sources.assertNoCrash;
import static dev.cnnspec.processor.Sources.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.cnnspec.CnnCompiler;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The annotations of issue 12's ops and of explicit padding make the same ops as the language's
 * layers of the same name, defaults included: an interface and a spec of one network give equal
 * op lists.
 */
class NewOpAnnotationsTest {
  private static final String INTERFACE = Sources.HEADER + """
      @Network(name = "Modern")
      interface ModernSpec {
        @Input(height = 16, width = 16, channels = 3) Spatial image();
        @Conv(filters = 8, kernel = 3, pad = 1) Spatial c(Spatial image);
        @DepthwiseConv(kernel = 3, multiplier = 2, padding = Padding.SAME, activation = Activation.RELU6) Spatial d(Spatial c);
        @SeparableConv(filters = 12, kernel = {3, 5}, pad = {1, 2}, activation = Activation.HARD_SWISH) Spatial s(Spatial d);
        @PRelu Spatial p(Spatial s);
        @AvgPool(value = 3, stride = 2, pad = 1, countPad = true) Spatial a(Spatial p);
        @MaxPool(value = 2, stride = 4, padding = Padding.SAME) Spatial m(Spatial a);
        @Activate(Activation.GELU) Spatial g(Spatial m);
        @Upsample({2, 3}) Spatial u(Spatial g);
        @ConvTranspose(filters = 4, kernel = 4, stride = 2, pad = 1, activation = Activation.ELU) Spatial t(Spatial u);
        @GlobalMaxPool(keep = true) Spatial k(Spatial t);
        @Flatten Flat f(Spatial k);
        @Output @Dense(units = 10, activation = Activation.SOFTMAX) Flat probs(Flat f);
      }
      """;

  private static final String SPEC = """
      network Modern() {
        input image: [16, 16, 3]
        c = image -> conv(8, 3, padding: 1)
        d = c -> depthwise_conv(3, multiplier: 2, padding: same, activation: relu6)
        s = d -> separable_conv(12, [3, 5], padding: [1, 2], activation: hard_swish)
        p = s -> prelu
        a = p -> avgpool(3, stride: 2, padding: 1, count_pad: true)
        m = a -> maxpool(2, stride: 4, padding: same)
        g = m -> gelu
        u = g -> upsample([2, 3])
        t = u -> conv_transpose(4, 4, stride: 2, padding: 1, activation: elu)
        k = t -> globalmaxpool(keep: true)
        f = k -> flatten
        output probs = f -> dense(10, activation: softmax)
      }
      """;

  static List<String> ops(NetworkGraph graph) {
    List<String> ops = new ArrayList<>();
    for (LayerNode layer : graph.layers()) {
      ops.add(layer.name() + " " + layer.op() + " " + layer.inputs());
    }
    return ops;
  }

  /**
   * Asserts that the interface (class {@code type}, source {@code javaSource}) and the spec give
   * equal op lists, and returns the spec's.
   */
  static List<String> assertEqualOps(String type, String javaSource, String spec) {
    List<NetworkGraph> seen = new ArrayList<>();
    Compilation compilation = Compiler.javac()
        .withProcessors(new CnnSpecProcessor((graph, diagnostics) -> {
          seen.add(graph);
          return Optional.empty();
        }))
        .compile(file(type, javaSource));
    assertNoCrash(compilation);
    assertEquals(1, seen.size(), compilation.diagnostics().toString());
    dev.cnnspec.Compilation fromSpec = CnnCompiler.withDefaults().compile(List.of(new SourceText("spec.cnn", spec)));
    assertTrue(fromSpec.succeeded(), fromSpec.diagnostics().toString());
    List<String> ops = ops(fromSpec.networks().get(0).graph());
    assertEquals(ops, ops(seen.get(0)));
    return ops;
  }

  @Test
  void interfaceAndSpecMakeEqualOps() {
    List<String> fromSpec = assertEqualOps("ModernSpec", INTERFACE, SPEC);
    assertTrue(fromSpec.get(1).contains(Op.DepthwiseConv2D.class.getSimpleName()), fromSpec.toString());
  }

  @Test
  void ceilModePoolsAsInTheLanguage() {
    String java = Sources.HEADER + """
        @Network(name = "Ceil")
        interface CeilSpec {
          @Input(height = 8, width = 10, channels = 3) Spatial image();
          @MaxPool(value = 3, stride = 2, ceil = true) Spatial m(Spatial image);
          @AvgPool(value = 2, ceil = true) Spatial a(Spatial m);
          @Flatten Flat f(Spatial a);
          @Output @Dense(units = 2, activation = Activation.SOFTMAX) Flat probs(Flat f);
        }
        """;
    String spec = """
        network Ceil() {
          input image: [8, 10, 3]
          m = image -> maxpool(3, stride: 2, ceil: true)
          a = m -> avgpool(2, ceil: true)
          f = a -> flatten
          output probs = f -> dense(2, activation: softmax)
        }
        """;
    List<String> ops = assertEqualOps("CeilSpec", java, spec);
    assertTrue(ops.get(0).contains("ceil=true") && ops.get(1).contains("ceil=true"), ops.toString());
  }
}
