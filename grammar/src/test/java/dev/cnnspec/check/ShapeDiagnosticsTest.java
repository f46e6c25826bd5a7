package dev.cnnspec.check;

import static dev.cnnspec.model.Padding.SAME;
import static dev.cnnspec.model.Padding.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Size2D;
import dev.cnnspec.testing.Checks;
import dev.cnnspec.testing.GraphSketch;
import dev.cnnspec.testing.Ops;
import org.junit.jupiter.api.Test;

/** One test per shape diagnostic (E04xx): code, full message, hint and location. */
class ShapeDiagnosticsTest {

  static void assertDiagnostic(Diagnostic d, DiagnosticCode code, Location at, String message, String hint) {
    assertEquals(code, d.code(), d::toString);
    assertEquals(message, d.message());
    assertEquals(hint, d.hint());
    assertEquals(at, d.location());
  }

  @Test
  void kernelLargerThanItsInputCollapses() {
    GraphSketch n = GraphSketch.network("N").input("image", 7, 7, 1);
    n.from("image").conv(4, 5).conv(4, 5).globalAvgPool().output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.SPATIAL_COLLAPSE, n.at("conv_2"),
        "conv_2: 5×5 kernel is larger than its 3×3 input under valid padding",
        "use padding: same or a smaller kernel");
  }

  @Test
  void dilatedKernelCollapsesOnItsSpan() {
    GraphSketch n = GraphSketch.network("N").input("image", 4, 9, 1);
    n.from("image").then(Ops.conv(4, Size2D.square(3), Size2D.square(1), VALID, Size2D.square(2), true))
        .globalAvgPool().output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.SPATIAL_COLLAPSE, n.at("conv_1"),
        "conv_1: 3×3 kernel with dilation 2×2 (spanning 5×5) is larger than its 4×9 input under valid padding",
        "use padding: same or a smaller kernel");
  }

  @Test
  void poolWindowLargerThanItsInputCollapses() {
    GraphSketch n = GraphSketch.network("N").input("image", 1, 1, 8);
    n.from("image").maxpool(2).flatten().output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.SPATIAL_COLLAPSE, n.at("maxpool_1"),
        "maxpool_1: 2×2 pool window is larger than its 1×1 input under valid padding",
        "use padding: same or a smaller pool window");
  }

  @Test
  void samePaddingNeverCollapses() {
    GraphSketch n = GraphSketch.network("N").input("image", 1, 1, 8);
    n.from("image").conv(4, 5, 3, SAME).then(Ops.pool(PoolType.AVG, 3, 2, SAME)).flatten().output("out");
    assertEquals(dev.cnnspec.model.Shape.flat(4), Checks.model(n.build()).outputs().get(0).shape());
  }

  @Test
  void addOfDifferentShapes() {
    GraphSketch n = GraphSketch.network("N").input("image", 8, 8, 16);
    String a = n.from("image").name("a").conv(64, 1).tensor();
    String b = n.from("image").name("b").conv(32, 1).tensor();
    n.from(a).add(b).globalAvgPool().output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.ADD_SHAPE_MISMATCH, n.at("add_1"),
        "add_1: add needs inputs of one shape but got 'a' (8, 8, 64), 'b' (8, 8, 32)",
        "make the shapes equal, e.g. project the shortcut with conv(filters, 1, stride: s)");
  }

  @Test
  void concatOfDifferentSpatialSizes() {
    GraphSketch n = GraphSketch.network("N").input("image", 8, 8, 16);
    String a = n.from("image").name("a").conv(8, 3, 1, SAME).tensor();
    String b = n.from("image").name("b").conv(8, 3, 2, SAME).tensor();
    n.from(a).concat(b).globalAvgPool().output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.CONCAT_SHAPE_MISMATCH, n.at("concat_1"),
        "concat_1: concat joins channels and needs one height × width but got 'a' (8, 8, 8), 'b' (4, 4, 8)",
        "make the spatial sizes equal, e.g. with padding: same or matching strides on every branch");
  }

  @Test
  void maxFeatureMapOnAnOddChannelCount() {
    GraphSketch n = GraphSketch.network("N").input("image", 8, 8, 1);
    n.from("image").conv(5, 3).mfm().globalAvgPool().output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.MFM_ODD_CHANNELS, n.at("mfm_1"),
        "mfm_1: max-feature-map halves the channels and needs an even count but 'conv_1' (6, 6, 5) has 5 channels",
        "give the layer before it an even number of filters");
  }

  @Test
  void maxFeatureMapOnAnOddUnitCount() {
    GraphSketch n = GraphSketch.network("N").input("features", 10);
    n.from("features").dense(7).mfm().output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.MFM_ODD_CHANNELS, n.at("mfm_1"),
        "mfm_1: max-feature-map halves the units and needs an even count but 'dense_1' (7) has 7 units",
        "give the layer before it an even number of units");
  }

  @Test
  void denseOnASpatialTensor() {
    GraphSketch n = GraphSketch.network("N").input("image", 32, 32, 1);
    n.from("image").conv(6, 5).maxpool(2).dense(10).output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.DENSE_ON_SPATIAL, n.at("dense_1"),
        "dense_1: dense needs a flat input but 'maxpool_1' (14, 14, 6) is spatial",
        "insert flatten (or globalavgpool) before dense");
  }

  @Test
  void spatialLayerOnAFlatTensor() {
    GraphSketch n = GraphSketch.network("N").input("image", 8, 8, 1);
    n.from("image").flatten().conv(4, 3).output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.SPATIAL_LAYER_ON_FLAT, n.at("conv_1"),
        "conv_1: conv needs a spatial (height, width, channels) input but 'flatten_1' (64) is flat",
        "apply conv before flatten/globalavgpool/dense, or remove the layer");
  }

  @Test
  void everySpatialLayerRejectsAFlatInput() {
    GraphSketch n = GraphSketch.network("N").input("v", 16);
    n.from("v").maxpool(2).output("a");
    n.from("v").zeroPad(1).output("b");
    n.from("v").globalAvgPool().output("c");
    var errors = Checks.errors(n.build());
    assertEquals(3, errors.size(), errors::toString);
    assertEquals(n.at("maxpool_1"), errors.get(0).location());
    assertEquals(n.at("zeropad_1"), errors.get(1).location());
    assertEquals(n.at("globalavgpool_1"), errors.get(2).location());
    errors.forEach(d -> assertEquals(DiagnosticCode.SPATIAL_LAYER_ON_FLAT, d.code()));
  }

  @Test
  void mergeOfMixedRank() {
    GraphSketch n = GraphSketch.network("N").input("image", 4, 4, 2).input("v", 32);
    n.from("image").concat("v").output("out");
    assertDiagnostic(Checks.onlyError(n.build()), DiagnosticCode.RANK_MISMATCH, n.at("concat_1"),
        "concat_1: concat needs inputs that are all spatial or all flat but got 'image' (4, 4, 2), 'v' (32)",
        "flatten (or globalavgpool) the spatial inputs before concat");
  }

  /** A head on a spatial tensor is a per-pixel head (E0408, which refused it, is retired). */
  @Test
  void outputHeadOnASpatialTensorIsPerPixel() {
    GraphSketch n = GraphSketch.network("N").input("image", 8, 8, 1);
    n.from("image").conv(4, 3).output("out");
    assertEquals(dev.cnnspec.model.Shape.spatial(6, 6, 4),
        Checks.model(n.build()).outputs().get(0).shape());
  }
}
