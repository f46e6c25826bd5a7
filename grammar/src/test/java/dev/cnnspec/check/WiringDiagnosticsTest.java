package dev.cnnspec.check;

import static dev.cnnspec.check.ShapeDiagnosticsTest.assertDiagnostic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputNode;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Size2D;
import dev.cnnspec.testing.Checks;
import dev.cnnspec.testing.GraphSketch;
import dev.cnnspec.testing.Ops;
import dev.cnnspec.testing.ZooGraphs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Diagnostics about names, order, arity and argument values: E0206, E0209, E0210, E0213, E0221, E0502. */
class WiringDiagnosticsTest {

  @Test
  void inputNamingNoTensor() {
    GraphSketch n = GraphSketch.network("N").input("image", 8, 8, 1);
    n.layer("conv_1", Ops.conv(4, 3), "imgae");
    n.from("conv_1").globalAvgPool().output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.UNKNOWN_INPUT, n.at("conv_1"),
        "conv_1: input 'imgae' names no tensor",
        "did you mean 'image'?");
  }

  @Test
  void inputNamingNoTensorAndNothingClose() {
    GraphSketch n = GraphSketch.network("N").input("image", 8, 8, 1);
    n.from("image").conv(4, 3);
    n.layer("conv_2", Ops.conv(4, 3), "features");
    n.from("conv_2").globalAvgPool().output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.UNKNOWN_INPUT, n.at("conv_2"),
        "conv_2: input 'features' names no tensor",
        "name a network input or a layer defined before conv_2");
  }

  @Test
  void outputSourceNamingNoTensor() {
    GraphSketch n = GraphSketch.network("N").input("v", 8);
    n.from("v").dense(2);
    n.output("out", "dense_9");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.UNKNOWN_INPUT, n.at("output out"),
        "output out: source 'dense_9' names no tensor",
        "did you mean 'dense_1'?");
  }

  @Test
  void cycleIsReportedOnceWithItsPath() {
    GraphSketch n = GraphSketch.network("N").input("v", 8);
    n.layer("p", Ops.add(), "v", "r");
    n.layer("q", Ops.relu(), "p");
    n.layer("r", Ops.relu(), "q");
    n.output("out", "r");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.CYCLE, n.at("p"),
        "p: input 'r' depends on p itself: p -> q -> r -> p",
        "break the cycle: a layer cannot read its own output, directly or through other layers");
  }

  @Test
  void layerReadingItself() {
    GraphSketch n = GraphSketch.network("N").input("v", 8);
    n.layer("s", Ops.add(), "v", "s");
    n.output("out", "s");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.CYCLE, n.at("s"),
        "s: input 's' depends on s itself: s -> s",
        "break the cycle: a layer cannot read its own output, directly or through other layers");
  }

  @Test
  void layerListedBeforeItsInput() {
    GraphSketch n = GraphSketch.network("N").input("v", 8);
    n.layer("c", Ops.dense(4), "d");
    n.layer("d", Ops.dense(6), "v");
    n.output("out", "c");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.CYCLE, n.at("c"),
        "c: input 'd' is defined after c (layers must be listed after the layers they read)",
        "list d before c when building the graph");
  }

  @Test
  void longCycleNeedsNoDeepStack() {
    GraphSketch n = GraphSketch.network("N").input("v", 8);
    n.layer("l0", Ops.add(), "v", "l9999");
    for (int i = 1; i < 10_000; i++) {
      n.layer("l" + i, Ops.relu(), "l" + (i - 1));
    }
    n.output("out", "l9999");
    Diagnostic d = Checks.onlyError(n.build());
    assertEquals(DiagnosticCode.CYCLE, d.code());
    assertTrue(d.message().startsWith("l0: input 'l9999' depends on l0 itself: l0 -> l1 -> l2 -> "), d::toString);
    assertTrue(d.message().endsWith(" -> l9998 -> l9999 -> l0"), d::toString);
  }

  @Test
  void unaryLayerWithTwoInputs() {
    GraphSketch n = GraphSketch.network("N").input("a", 8).input("b", 8);
    n.layer("dense_1", Ops.dense(4), "a", "b");
    n.output("out", "dense_1");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.WRONG_INPUT_COUNT, n.at("dense_1"),
        "dense_1: dense takes 1 input tensor, got 2",
        "merge the tensors first with add or concat");
  }

  @Test
  void mergeWithOneInput() {
    GraphSketch n = GraphSketch.network("N").input("a", 8);
    n.layer("add_1", Ops.add(), "a");
    n.output("out", "add_1");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.WRONG_INPUT_COUNT, n.at("add_1"),
        "add_1: add takes at least 2 input tensors, got 1",
        "add two or more tensors, e.g. add(a, b)");
  }

  @Test
  void everyBadConvArgumentIsReported() {
    GraphSketch n = GraphSketch.network("N").input("image", 8, 8, 1);
    n.from("image").then(new Op.Conv2D(0, new Size2D(0, 3), Size2D.square(1), Padding.VALID,
        Size2D.square(1), Activation.RELU, 0.01, true)).globalAvgPool().output("out");
    List<Diagnostic> errors = Checks.errors(n.build());
    assertEquals(2, errors.size(), errors::toString);
    for (Diagnostic d : errors) {
      assertEquals(DiagnosticCode.INVALID_VALUE, d.code());
      assertEquals(n.at("conv_1"), d.location());
    }
    assertEquals(List.of("conv_1: filters must be at least 1, got 0", "conv_1: kernel must be at least 1×1, got 0×3"),
        errors.stream().map(Diagnostic::message).sorted().toList());
    assertEquals(List.of("give conv at least one filter", "use a kernel of 1 or more in each dimension"),
        errors.stream().map(Diagnostic::hint).sorted().toList());
  }

  @Test
  void zeroStride() {
    GraphSketch n = GraphSketch.network("N").input("image", 8, 8, 1);
    n.from("image").maxpool(2, 0, Padding.SAME).flatten().output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.INVALID_VALUE, n.at("maxpool_1"),
        "maxpool_1: stride must be at least 1×1, got 0×0",
        "use a stride of 1 or more in each dimension");
  }

  @Test
  void denseWithoutUnitsAndDropoutOfEverything() {
    GraphSketch n = GraphSketch.network("N").input("v", 8);
    n.from("v").dense(0).output("a");
    n.from("v").dropout(1.0).output("b");
    List<Diagnostic> errors = Checks.errors(n.build());
    assertEquals(2, errors.size(), errors::toString);
    assertDiagnostic(errors.get(0), DiagnosticCode.INVALID_VALUE, n.at("dense_1"),
        "dense_1: units must be at least 1, got 0", "give dense at least one unit");
    assertDiagnostic(errors.get(1), DiagnosticCode.INVALID_VALUE, n.at("dropout_1"),
        "dropout_1: dropout rate is the fraction dropped and must be in [0, 1), got 1.0",
        "use a drop rate such as 0.5 (DL4J's retain probability is 1 - rate)");
  }

  @Test
  void nonPositiveInputDimension() {
    GraphSketch n = GraphSketch.network("N").input("image", 0, 8, 1);
    n.from("image").globalAvgPool().output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.INVALID_VALUE, n.at("image"),
        "input image: every dimension must be at least 1, got (0, 8, 1)",
        "declare a positive size such as [28, 28, 1]");
  }

  @Test
  void negativeLossWeight() {
    GraphSketch n = GraphSketch.network("N").input("v", 8);
    String h = n.from("v").dense(2).tensor();
    n.output("out", h, Loss.MSE, -0.5);
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.INVALID_VALUE, n.at("output out"),
        "output out: loss weight must be a finite number of at least 0, got -0.5",
        "use a weight such as 1 (or 0.3 for an auxiliary head)");
  }

  @Test
  void networkWithoutOutput() {
    GraphSketch n = GraphSketch.network("N").input("v", 8);
    n.from("v").dense(2);
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.NO_OUTPUT, n.networkLocation(),
        "network N has no output", "mark the tensor it predicts with: output NAME = …");
  }

  @Test
  void duplicateLayerName() {
    GraphSketch n = GraphSketch.network("N").input("v", 8);
    n.layer("h", Ops.dense(4), "v");
    n.layer("h2", Ops.dense(4), "v");
    // GraphBuilder does not police names; a front end that forgets uniqueName gets E0206 here.
    NetworkGraph g = n.build();
    List<LayerNode> layers = new ArrayList<>(g.layers());
    layers.set(1, new LayerNode("h", Ops.dense(4), List.of("v"), n.at("h2")));
    NetworkGraph graph = new NetworkGraph(g.name(), g.location(), g.parameters(), g.inputs(), layers,
        List.of(new OutputNode("out", "h", Loss.MSE, 1, n.at("h"))));
    assertDiagnostic(Checks.onlyError(graph), DiagnosticCode.DUPLICATE_DEFINITION, n.at("h2"),
        "layer h: the name h is already defined at test.cnn:3:1", "give one of them another name");
  }

  @Test
  void reportsAppendToExistingDiagnosticsAndModelComesOnlyWhenThisGraphIsClean() {
    Diagnostics diagnostics = new Diagnostics();
    diagnostics.error(DiagnosticCode.SYNTAX, Location.of("other.cnn", 1, 1), "earlier", "");
    Optional<NetworkModel> model = new NetworkChecker().check(ZooGraphs.lenet5().build(), diagnostics);
    assertTrue(model.isPresent(), "an error in another file must not suppress this network's model");
    assertEquals(1, diagnostics.all().size());
  }
}
