package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputNode;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Size2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expressions, presets, suffixes, naming rules and output options, one feature per test. */
class LanguageFeaturesTest {

  static int units(String expr) {
    NetworkGraph g = Specs.elaborate("network N(k: int = 3, l: int[] = [5, 6, 7]) {\n  input v: [4]\n"
        + "  output o = v -> dense(" + expr + ")\n}\n").clean().only();
    return ((Op.Dense) g.layer("o").orElseThrow().op()).units();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "2 + 3 * 4; 14", "(2 + 3) * 4; 20", "2 ^ 3 ^ 2; 512", "-2 ^ 2; 4", "7 / 2; 3", "-7 / 2 + 10; 6",
      "-7 % 3; 2", "k == 3 ? 1 : k == 4 ? 2 : 3; 1", "k > 3 || k < 2 ? 9 : 8; 8", "!(k == 3) ? 1 : 2; 2",
      "l[1]; 6", "l[k - 1] + len(l); 10", "min(k, 2) + max(4, k); 6", "[1, 2, 3][2]; 3",
      "k >= 3 && k <= 3 ? 11 : 0; 11", "2 * 2 ^ 3; 16"})
  void expressions(String expr, int expected) {
    assertEquals(expected, units(expr));
  }

  @Test
  void presetsOfPresetsAndNamedOverride() {
    NetworkGraph g = Specs.elaborate("""
        layer c3 = conv(kernel: 3, padding: same)
        layer c3r = c3(activation: relu)
        network N() {
          input img: [8, 8, 3]
          x = img -> c3r(8) -> c3r(4, 2) -> c3r(2, activation: tanh, kernel: [1, 3])
          output o = x -> flatten -> dense(2)
        }
        """).clean().only();
    assertEquals(new Op.Conv2D(8, Size2D.square(3), Size2D.square(1), Padding.SAME, Size2D.square(1), Activation.RELU, 0.01,
        true), g.layer("conv_1").orElseThrow().op());
    // a positional argument after the preset's fixed ones fills the next free parameter: stride
    assertEquals(Size2D.square(2), ((Op.Conv2D) g.layer("conv_2").orElseThrow().op()).stride());
    assertEquals(new Op.Conv2D(2, new Size2D(1, 3), Size2D.square(1), Padding.SAME, Size2D.square(1), Activation.TANH,
        0.01, true), g.layer("x").orElseThrow().op());
  }

  @Test
  void suffixesThatRemoveTheLastElementNameTheLastRealLayer() {
    NetworkGraph g = Specs.elaborate("""
        network N(n: int = 0) {
          input v: [4]
          a = v -> dense(3) -> relu * n
          b = a -> dense(3) -> tanh for i in 1..0
          c = b -> dense(3) -> (dense(2) -> relu) when n > 0
          d = c -> dense(3, activation: mfm) -> dense(i + 1) for i in 1..2
          output o = d
        }
        """).clean().only();
    assertEquals("""
        a: dense[v]
        b: dense[a]
        c: dense[b]
        dense_1: dense[c]
        dense_1_mfm: mfm[dense_1]
        dense_2: dense[dense_1_mfm]
        d: dense[dense_2]
        """, Specs.wiring(g));
    assertEquals(new Op.Dense(3, Activation.IDENTITY, 0.01, true), g.layer("d").orElseThrow().op());
    assertEquals(new OutputNode("o", "d", Loss.CROSS_ENTROPY, 1.0, g.outputs().get(0).location()), g.outputs().get(0));
  }

  @Test
  void mergesPrependTheChainTensorAndOutputsTakeLossAndWeight() {
    NetworkGraph g = Specs.elaborate("""
        network N() {
          input v: [4]
          a = v -> dense(4)
          b = a -> add(v) -> concat(a, v) -> bn -> dropout(0.25) -> activation(leaky_relu, alpha: 0.2)
          output o = b -> dense(1, activation: sigmoid) loss binary_cross_entropy weight 0.3
        }
        """).clean().only();
    assertEquals("""
        a: dense[v]
        add_1: add[a, v]
        concat_1: concat[add_1, a, v]
        batchnorm_1: batchnorm[concat_1]
        dropout_1: dropout[batchnorm_1]
        b: leaky_relu[dropout_1]
        o: dense[b]
        """, Specs.wiring(g));
    assertEquals(new Op.Dropout(0.25), g.layer("dropout_1").orElseThrow().op());
    assertEquals(new Op.ActivationOp(Activation.LEAKY_RELU, 0.2), g.layer("b").orElseThrow().op());
    assertEquals(Loss.BINARY_CROSS_ENTROPY, g.outputs().get(0).loss());
    assertEquals(0.3, g.outputs().get(0).weight());
  }

  @Test
  void zeropadFormsAndPoolDefaults() {
    NetworkGraph g = Specs.elaborate("""
        network N() {
          input img: [8, 8, 3]
          x = img -> zeropad(1) -> zeropad([1, 2]) -> zeropad([1, 2, 3, 4]) -> avgpool -> maxpool(3, 2, same)
          output o = x -> globalmaxpool -> dense(2)
        }
        """).clean().only();
    assertEquals(new Op.ZeroPad(1, 1, 1, 1), g.layer("zeropad_1").orElseThrow().op());
    assertEquals(new Op.ZeroPad(1, 1, 2, 2), g.layer("zeropad_2").orElseThrow().op());
    assertEquals(new Op.ZeroPad(1, 2, 3, 4), g.layer("zeropad_3").orElseThrow().op());
    assertEquals(new Op.Pool2D(dev.cnnspec.model.PoolType.AVG, Size2D.square(2), Size2D.square(2), Padding.VALID),
        g.layer("avgpool_1").orElseThrow().op());
    assertEquals(new Op.Pool2D(dev.cnnspec.model.PoolType.MAX, Size2D.square(3), Size2D.square(2), Padding.SAME),
        g.layer("x").orElseThrow().op());
  }

  @Test
  void definitionsAndLetsAreOrderIndependent() {
    NetworkGraph g = Specs.elaborate("""
        network N() {
          output o = h -> dense(width)
          h = v -> dense(half)
          let half = width / 2
          let width = 8
          input v: [4]
        }
        """).clean().only();
    assertEquals("h: dense[v]\no: dense[h]\n", Specs.wiring(g));
    assertEquals(4, ((Op.Dense) g.layer("h").orElseThrow().op()).units());
  }

  @Test
  void userNamesAreNotTakenByCounters() {
    NetworkGraph g = Specs.elaborate("""
        network N() {
          input v: [4]
          dense_1 = v -> dense(2) -> dense(3)
          output o = dense_1 -> dense(2)
        }
        """).clean().only();
    assertEquals("dense_2: dense[v]\ndense_1: dense[dense_2]\no: dense[dense_1]\n", Specs.wiring(g));
  }
}
