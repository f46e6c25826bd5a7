package dev.cnnspec.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.NetworkModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

/**
 * The SVG of three zoo networks at two depths, compared byte for byte with golden files in
 * {@code src/test/resources/golden/} ({@code -Dgolden.update=true} rewrites them; look at the
 * difference, and at a rendering, before committing). The PNGs in {@code docs/diagrams/} are these
 * files rendered by a browser.
 */
class NetworkDiagramGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest
  @CsvSource({"LeNet5, 0", "GoogLeNet, 1", "GoogLeNet, 0", "ResNet50, 1", "ResNet50, 2"})
  void matchesGoldenFile(String network, int depth) throws Exception {
    NetworkModel model = Zoo.network(network);
    String svg = NetworkDiagram.svg(model, depth == 0 ? NetworkDiagram.ALL : depth);
    Path golden = GOLDEN.resolve(network + (depth == 0 ? "" : "-depth" + depth) + ".svg");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, svg, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(golden), "no golden file " + golden + "; run with -Dgolden.update=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), svg);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getTagName());
  }

  /** Every zoo network draws at full depth with one box per input and layer, and at depth 1. */
  @org.junit.jupiter.api.Test
  void everyZooNetworkDraws() throws Exception {
    for (NetworkModel model : Zoo.all()) {
      String svg = NetworkDiagram.svg(model);
      long boxes = svg.lines().filter(l -> l.startsWith("<g class=\"layer\">") || l.startsWith("<g class=\"input\">")).count();
      assertEquals(model.layers().size() + model.inputs().size(), boxes, model.name());
      assertTrue(NetworkDiagram.svg(model, 1).contains("<title>" + model.name() + "</title>"), model.name());
    }
  }

  @ParameterizedTest
  @CsvSource({"GoogLeNet, 1", "ResNet50, 2"})
  void isTheSameOnEveryRun(String network, int depth) throws Exception {
    NetworkModel model = Zoo.network(network);
    assertEquals(NetworkDiagram.svg(model, depth), NetworkDiagram.svg(model, depth));
  }
}
