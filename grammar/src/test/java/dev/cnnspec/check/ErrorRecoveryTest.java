package dev.cnnspec.check;

import static dev.cnnspec.model.Padding.SAME;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.testing.Checks;
import dev.cnnspec.testing.GraphSketch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One mistake gives one message (no cascade), and independent mistakes are all reported in one run. */
class ErrorRecoveryTest {

  @Test
  void layersDownstreamOfAFailureStaySilent() {
    GraphSketch n = GraphSketch.network("N").input("image", 4, 4, 3);
    // conv_1 collapses; everything after it (incl. a dense on what would be spatial, a merge
    // with a healthy branch, and the output head) would fail too if it were checked.
    String bad = n.from("image").conv(8, 5).conv(8, 3).maxpool(2).tensor();
    String good = n.from("image").conv(8, 3, 1, SAME).tensor();
    n.from(bad).add(good).dense(10).mfm().output("out");
    Diagnostic d = Checks.onlyError(n.build());
    assertEquals(DiagnosticCode.SPATIAL_COLLAPSE, d.code());
    assertEquals(n.at("conv_1"), d.location());
  }

  @Test
  void unknownInputAndCycleDoNotCascadeEither() {
    GraphSketch n = GraphSketch.network("N").input("v", 8);
    n.from("nowhere").dense(4).dense(2).output("a");
    n.layer("x", dev.cnnspec.testing.Ops.add(), "v", "y");
    n.layer("y", dev.cnnspec.testing.Ops.relu(), "x");
    n.from("y").dense(2).output("b");
    List<Diagnostic> errors = Checks.errors(n.build());
    assertEquals(List.of(DiagnosticCode.UNKNOWN_INPUT, DiagnosticCode.CYCLE),
        errors.stream().map(Diagnostic::code).toList(), errors::toString);
  }

  @Test
  void independentErrorsAreAllReportedInSourceOrder() {
    GraphSketch n = GraphSketch.network("N").input("image", 8, 8, 1).input("v", 16);
    n.from("image").conv(5, 3).mfm().globalAvgPool().output("a");        // E0404 at mfm_1
    n.from("image").conv(4, 3).dense(10).output("b");                     // E0405 at dense_1
    n.from("v").conv(4, 1).output("c");                                   // E0406 at conv_3
    n.from("v").dense(3).add("image").output("e");                        // E0407 at add_1
    List<Diagnostic> errors = Checks.errors(n.build());
    assertEquals(List.of(DiagnosticCode.MFM_ODD_CHANNELS, DiagnosticCode.DENSE_ON_SPATIAL,
            DiagnosticCode.SPATIAL_LAYER_ON_FLAT, DiagnosticCode.RANK_MISMATCH),
        errors.stream().map(Diagnostic::code).toList(), errors::toString);
    assertEquals(List.of(n.at("mfm_1"), n.at("dense_1"), n.at("conv_3"), n.at("add_1")),
        errors.stream().map(Diagnostic::location).toList());
  }

  @Test
  void argumentErrorsAreReportedEvenBehindAFailedInput() {
    GraphSketch n = GraphSketch.network("N").input("v", 8);
    n.from("missing").dense(0).output("out");
    List<Diagnostic> errors = Checks.errors(n.build());
    assertEquals(List.of(DiagnosticCode.INVALID_VALUE, DiagnosticCode.UNKNOWN_INPUT),
        errors.stream().map(Diagnostic::code).sorted().toList(), errors::toString);
  }
}
