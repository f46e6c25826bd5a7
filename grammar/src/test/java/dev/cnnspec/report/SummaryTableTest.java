package dev.cnnspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.testing.Checks;
import dev.cnnspec.testing.GraphSketch;
import dev.cnnspec.testing.ZooGraphs;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

  @Test
  void lenet5MatchesGolden() {
    NetworkModel model = Checks.model(ZooGraphs.lenet5().build());
    Golden.assertMatches("dev/cnnspec/report/lenet5.summary.txt", SummaryTable.of(model).render());
  }

  @Test
  void totalsUseThousandsSeparators() {
    NetworkModel model = Checks.model(ZooGraphs.resnet(3, 4, 6, 3));
    List<String> lines = SummaryTable.of(model).render().lines().toList();
    assertTrue(lines.contains("Total params:         25,636,712"), () -> String.join("\n", lines));
    assertTrue(lines.contains("Trainable params:     25,583,592"));
    assertTrue(lines.contains("Non-trainable params: 53,120"));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("Total MACs:           3,8")),
        "ResNet-50 has about 3.9 G multiply-adds");
  }

  @Test
  void plainAsciiSafeInJavadoc() {
    for (NetworkModel model : List.of(Checks.model(ZooGraphs.resnet(3, 4, 6, 3)),
        Checks.model(ZooGraphs.lightCnn().build()))) {
      String text = SummaryTable.of(model).render();
      for (char c : text.toCharArray()) {
        assertTrue(c == '\n' || (c >= 32 && c < 127), () -> "non-ASCII or control character " + (int) c);
        assertFalse("<>&@".indexOf(c) >= 0, () -> "character that Javadoc would interpret: " + c);
      }
      assertFalse(text.contains("*/"));
      text.lines().forEach(l -> assertFalse(l.endsWith(" "), () -> "trailing space: [" + l + "]"));
      long rows = model.layers().size() + model.inputs().size();
      assertEquals(rows + 4 + 4 + model.outputs().size() + 2, text.lines().count(), "line count");
    }
  }

  @Test
  void aPerPixelHeadSaysSo() {
    GraphSketch n = GraphSketch.network("Seg").input("image", 8, 8, 1);
    n.from("image").conv(3, 1).output("mask");
    List<String> lines = SummaryTable.of(Checks.model(n.build())).render().lines().toList();
    assertTrue(lines.contains("Output mask: (8, 8, 3) from conv_1, loss cross_entropy per pixel"),
        () -> String.join("\n", lines));
  }

  @Test
  void everyOutputHeadIsListedWithItsLossAndAnyWeight() {
    GraphSketch n = GraphSketch.network("TwoHeads").input("v", 8);
    String h = n.from("v").dense(4).tensor();
    n.from(h).name("main").dense(3).output("main");
    n.from(h).name("aux").dense(2).tensor();
    n.output("aux", "aux", Loss.MSE, 0.3);
    List<String> lines = SummaryTable.of(Checks.model(n.build())).render().lines().toList();
    assertTrue(lines.contains("Output main: (3) from main, loss cross_entropy"), () -> String.join("\n", lines));
    assertTrue(lines.contains("Output aux: (2) from aux, loss mse, weight 0.3"), () -> String.join("\n", lines));
    assertTrue(lines.contains("dense_1 (dense)  (4)                36    32  v"), () -> String.join("\n", lines));
  }

  @Test
  void mergeLayersListEveryInput() {
    String text = SummaryTable.of(Checks.model(ZooGraphs.resnet(1, 1, 1, 1))).render();
    assertTrue(text.lines().anyMatch(l -> l.startsWith("add_1 (add)") && l.endsWith("  batchnorm_5, batchnorm_2")),
        text);
  }
}
