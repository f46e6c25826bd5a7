package dev.cnnspec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.SourceText;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Names the compiler makes up ({@code <layer>_mfm}, {@code <output>_loss}) never take a name the
 * user wrote: DL4J refused {@code probs_loss} beside an output {@code probs} ("a vertex with name
 * probs_loss already exists"), and a user's {@code a_mfm} defined after {@code a = … mfm} was renamed
 * {@code a_mfm_2}, although the last layer of {@code NAME = CHAIN} is named {@code NAME}.
 */
class GeneratedNamesTest {

  private static NetworkModel compile(String spec) {
    Compilation c = CnnCompiler.withDefaults().compile(List.of(new SourceText("names.cnn", spec)));
    assertTrue(c.succeeded(), c.diagnostics().toString());
    return c.networks().get(0);
  }

  /** Either order of the two definitions: the user's {@code a_mfm} keeps its name. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void mfmLayerYieldsToAUserName(boolean userNameFirst) {
    String a = "  a = f -> dense(20, activation: mfm)\n";
    String user = "  a_mfm = f -> dense(10)\n";
    NetworkModel m = compile("network N() {\n  input v: [8]\n  f = v -> dense(16)\n"
        + (userNameFirst ? user + a : a + user) + "  output probs = concat(a, a_mfm) -> dense(4)\n}\n");
    assertTrue(m.layer("a_mfm").orElseThrow().op() instanceof Op.Dense, "the user's a_mfm is the dense layer");
    assertTrue(m.layer("a_mfm_2").orElseThrow().op() instanceof Op.Mfm, "the generated mfm layer yields");
    assertEquals(List.of("a_mfm_2", "a_mfm"), m.layer("concat_1").orElseThrow().node().inputs());
  }

  @Test
  void lossLayerNamesSkipEveryTakenName() {
    NetworkModel m = compile("""
        network N() {
          input v: [8]
          probs_loss = v -> dense(6)
          output probs = probs_loss -> dense(4) -> softmax
        }
        """);
    OutputFusion heads = new OutputFusion(m);
    assertEquals("probs_loss_2", heads.lossLayerName(m.outputs().get(0)));
    assertEquals(List.of("probs_loss_2"), heads.graphOutputs());
  }

  /** The head's DL4J activation: softmax fused for logits with cross_entropy, else the dense layer's or none. */
  @Test
  void headActivationFollowsTheTable() {
    NetworkModel m = compile("""
        network N() {
          input v: [8]
          output logits = v -> dense(4)
          output pooled = v -> dense(4) -> dropout(0.5) weight 0.5
          output sig = v -> dense(4, activation: sigmoid) loss binary_cross_entropy
          output reg = v -> dense(4, activation: relu) loss mse
        }
        """);
    OutputFusion heads = new OutputFusion(m);
    assertEquals(Activation.SOFTMAX, heads.activation(m.outputs().get(0)));
    assertEquals(Activation.SOFTMAX, heads.activation(m.outputs().get(1)));
    assertEquals(Activation.SIGMOID, heads.activation(m.outputs().get(2)));
    assertEquals(Activation.RELU, heads.activation(m.outputs().get(3)));
    assertEquals("pooled_loss", heads.lossLayerName(m.outputs().get(1)));
  }
}
