package dev.cnnspec.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;
import dev.cnnspec.testing.GraphSketch;
import dev.cnnspec.testing.Ops;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The padding formulas against a brute-force count of window positions, a derivation that shares
 * nothing with the checker's arithmetic: under valid padding a window starts at 0, s, 2s, … as
 * long as its dilated span fits; under same padding there is one output per stride step that
 * starts inside the input.
 */
class WindowSizeProperties {

  @Property(tries = 300)
  void convOutputCountsWindowPositions(@ForAll @IntRange(min = 1, max = 40) int n,
      @ForAll @IntRange(min = 1, max = 7) int k, @ForAll @IntRange(min = 1, max = 4) int stride,
      @ForAll @IntRange(min = 1, max = 3) int dilation, @ForAll Padding padding) {
    int span = (k - 1) * dilation + 1;
    int positions = 0;
    for (int start = 0; start < n; start += stride) {
      if (padding == Padding.SAME || start + span <= n) {
        positions++;
      }
    }
    GraphSketch g = GraphSketch.network("N").input("x", n, n, 2);
    g.from("x").name("c").then(Ops.conv(3, Size2D.square(k), Size2D.square(stride), padding,
        Size2D.square(dilation), true)).flatten().output("out");
    Diagnostics diagnostics = new Diagnostics();
    Optional<NetworkModel> model = new NetworkChecker().check(g.build(), diagnostics);
    if (positions == 0) {
      assertEquals(1, diagnostics.all().size(), diagnostics::toString);
      assertEquals(DiagnosticCode.SPATIAL_COLLAPSE, diagnostics.all().get(0).code());
      assertEquals(Optional.empty(), model);
    } else {
      assertEquals(Shape.spatial(positions, positions, 3), model.orElseThrow().layer("c").orElseThrow()
          .outputShape(), diagnostics::toString);
    }
  }
}
