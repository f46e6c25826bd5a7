package dev.cnnspec.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnnspec.model.NetworkModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What is drawn at each depth, on a small network with two levels of blocks. */
class DiagramGraphTest {
  private static final NetworkModel NET = Zoo.compile("""
      block unit(x: tensor, f: int) {
        return x -> conv(f, 3, padding: same, activation: relu) -> batchnorm
      }
      block pair(x: tensor, f: int) {
        y = x -> unit(f) -> unit(f)
        return add(x, y)
      }
      network Nested() {
        input image: [8, 8, 4]
        p = image -> pair(4)
        output probs = p -> globalavgpool -> dense(3, activation: softmax) weight 0.5
      }
      """);

  @Test
  void fullDepthDrawsEveryLayerInNestedGroups() {
    DiagramGraph g = DiagramGraph.of(NET, NetworkDiagram.ALL);
    assertEquals(NET.layers().size() + 1, g.boxes().size());
    assertEquals(List.of("p", "p/unit_1", "p/y"), g.groups().stream().map(DiagramGraph.Group::path).toList());
    assertEquals(List.of("p/unit_1", "p/y"),
        g.groups().stream().filter(x -> x.parent().equals("p")).map(DiagramGraph.Group::path).toList());
    DiagramGraph.Box conv = box(g, "p/unit_1/conv_1");
    assertEquals(List.of("conv_1", "conv 4, 3×3 same, relu", "148 params"), conv.lines());
    assertEquals("p/unit_1", conv.group());
  }

  @Test
  void depthOneCollapsesEachBlockTheNetworkCallsIntoOneBox() {
    DiagramGraph g = DiagramGraph.of(NET, 1);
    assertEquals(List.of("image", "p", "globalavgpool_1", "probs"),
        g.boxes().stream().map(DiagramGraph.Box::id).toList());
    assertEquals(List.of(), g.groups());
    DiagramGraph.Box p = box(g, "p");
    // 2 × (conv 3·3·4·4 + 4, batch norm 4·4) = 2 × 164
    assertEquals(List.of("p: pair", "block, 5 layers", "328 params"), p.lines());
    assertEquals(List.of(new DiagramGraph.Edge("image", "p", "8×8×4"),
        new DiagramGraph.Edge("p", "globalavgpool_1", "8×8×4"),
        new DiagramGraph.Edge("globalavgpool_1", "probs", "4")), g.edges());
  }

  @Test
  void depthTwoOpensTheOuterBlockOnly() {
    DiagramGraph g = DiagramGraph.of(NET, 2);
    assertEquals(List.of("p"), g.groups().stream().map(DiagramGraph.Group::path).toList());
    assertEquals(List.of("image", "p/unit_1", "p/y", "p/add_1", "globalavgpool_1", "probs"),
        g.boxes().stream().map(DiagramGraph.Box::id).toList());
    // the skip connection enters the group and reaches the add directly
    assertEquals(true, g.edges().stream().anyMatch(e -> e.from().equals("image") && e.to().equals("p/add_1")));
  }

  @Test
  void headsCarryLossAndWeight() {
    assertEquals("output probs 3: cross_entropy, weight 0.5", box(DiagramGraph.of(NET, 1), "probs").head());
  }

  @Test
  void aPerPixelHeadSaysSo() {
    NetworkModel seg = Zoo.compile("""
        network Seg() {
          input image: [8, 8, 1]
          output mask = image -> conv(4, 3, padding: same, activation: relu) -> conv(1, 1, activation: sigmoid)
              loss binary_cross_entropy
        }
        """);
    assertEquals("output mask 8×8×1: binary_cross_entropy per pixel", box(DiagramGraph.of(seg, 1), "mask").head());
  }

  @Test
  void depthBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> DiagramGraph.of(NET, 0));
  }

  private static DiagramGraph.Box box(DiagramGraph g, String id) {
    return g.boxes().stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow();
  }
}
