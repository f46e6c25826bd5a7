package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cnn summary --depth}: block instances folded into one row with their figures summed. */
class CliSummaryDepthTest {
  static final String NESTED = """
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
        output probs = p -> globalavgpool -> dense(3, activation: softmax)
      }
      """;

  @TempDir
  Path dir;

  @Test
  void depthOneFoldsEachTopLevelBlockIntoOneRow() throws IOException {
    Path spec = Files.writeString(dir.resolve("nested.cnn"), NESTED);
    Cli c = Cli.run("summary", spec.toString(), "--json", "--depth", "1", "--batch", "2");
    assertEquals(0, c.status(), c.toString());
    JsonNode layers = new ObjectMapper().readTree(c.out()).get("layers");
    assertEquals(3, layers.size(), c.out());
    JsonNode p = layers.get(0);
    assertEquals("p", p.get("name").asText());
    assertEquals("pair", p.get("type").asText());
    assertTrue(p.get("block").asBoolean());
    assertEquals(5, p.get("layers").asInt());
    // 2 × (conv 3·3·4·4 + 4 = 148, batch norm 4·4 = 16); MACs 2 × 8·8 positions × 144 weights
    assertEquals(2 * (148 + 16), p.get("parameters").asLong());
    assertEquals(2 * 8 * 8 * 144, p.get("macs").asLong());
    // five outputs of 8·8·4 values, batch 2, 4 bytes
    assertEquals(5 * 256 * 2 * 4, p.get("memory").get("activations").asLong());
    // two 3×3 convolutions: 5×5 (add takes the wider of x and y)
    assertEquals("[5,5]", p.get("receptive_field").get("size").toString());
    assertEquals("globalavgpool_1", layers.get(1).get("name").asText());

    Cli depth2 = Cli.run("summary", spec.toString(), "--json", "--depth", "2");
    assertEquals(5, new ObjectMapper().readTree(depth2.out()).get("layers").size(), depth2.out());
    Cli all = Cli.run("summary", spec.toString(), "--json");
    assertEquals(7, new ObjectMapper().readTree(all.out()).get("layers").size(), all.out());
  }

  @Test
  void theTextTableFoldsTooAndShowsMemoryAndReceptiveFields() throws IOException {
    Path spec = Files.writeString(dir.resolve("nested.cnn"), NESTED);
    Cli c = Cli.run("summary", spec.toString(), "--depth", "1", "--batch", "2");
    assertEquals(0, c.status(), c.toString());
    assertTrue(c.out().contains("p (pair, 5 layers)"), c.out());
    assertTrue(c.out().contains("Activations") && c.out().contains("RF"), c.out());
    assertTrue(c.out().contains("Memory, batch 2 (float32, Adam):"), c.out());
    assertTrue(c.out().lines().anyMatch(l -> l.startsWith("globalavgpool_1") && l.endsWith("  p")), c.out());
  }

  @Test
  void badDepthOrBatchIsAUsageError() throws IOException {
    Path spec = Files.writeString(dir.resolve("nested.cnn"), NESTED);
    assertEquals(2, Cli.run("summary", spec.toString(), "--batch", "0").status());
    assertEquals(2, Cli.run("summary", spec.toString(), "--depth", "-2").status());
  }
}
