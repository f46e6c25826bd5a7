package dev.cnnspec.check;

import static dev.cnnspec.check.ShapeDiagnosticsFromSpecsTest.assertReports;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.Compilation;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import org.junit.jupiter.api.Test;

/**
 * Grouped convolution, channel shuffle and channel split in the checker: their counts against hand
 * arithmetic, and every way they can be wrong as a located diagnostic with a hint — channels that
 * do not divide into the groups (E0430) and argument values out of range (E0210).
 */
class GroupedOpsDiagnosticsTest {

  @Test
  void groupedCountsAreAGroupsShareOfTheWeights() {
    Compilation c = ShapeDiagnosticsFromSpecsTest.compile("g.cnn", """
        network G() {
          input image: [14, 14, 64]
          g = image -> conv(128, 3, stride: 2, padding: 1, groups: 32, bias: false)
          s = g -> channel_shuffle(4) -> channel_split(4, 3)
          output probs = s -> globalavgpool -> dense(2, activation: softmax)
        }
        """);
    NetworkModel m = c.networks().get(0);
    LayerModel g = m.layer("g").orElseThrow();
    // 3·3·(64 / 32)·128 weights; each of the 7·7 outputs of each filter costs 3·3·2 MACs
    assertEquals(2_304, g.parameters());
    assertEquals(2_304L * 7 * 7, g.macs());
    assertEquals("(7, 7, 128)", g.outputShape().toString());
    assertEquals("(7, 7, 32)", m.layer("s").orElseThrow().outputShape().toString());
    assertEquals(0, m.layer("s").orElseThrow().parameters());
  }

  @Test
  void e0430InputChannelsNotDivisibleByGroups() {
    assertReports("g.cnn", """
        network G() {
          input image: [8, 8, 6]
          output probs = image -> conv(8, 3, groups: 4) -> flatten -> dense(2, activation: softmax)
        }
        """, "g.cnn:3:27: error[E0430]: conv_1: conv with groups: 4 needs input channels and filters divisible by 4,"
        + " but its input 'image' (8, 8, 6) has 6 channels (hint: use a number of groups that divides 6 (1, 2, 3, 6))\n",
        "conv");
  }

  /**
   * A channel count near Integer.MAX_VALUE in the hint's divisors: on the old main the loop over
   * k ≤ n overflowed and never ended (the malformed-spec fuzzer's mutant of resnext.cnn hung).
   */
  @Test
  void e0430HintForAHugePrimeChannelCountEnds() {
    assertEquals("1, 2147483647", SpatialShapes.divisors(Integer.MAX_VALUE));
    assertEquals("1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048", SpatialShapes.divisors(1 << 30));
    assertEquals("1, 2, 3, 6", SpatialShapes.divisors(6));
    assertReports("g.cnn", """
        network G() {
          input image: [1, 1, 2147483647]
          output probs = image -> conv(8, 1, groups: 4) -> flatten -> dense(2, activation: softmax)
        }
        """, "g.cnn:3:27: error[E0430]: conv_1: conv with groups: 4 needs input channels and filters divisible by 4,"
        + " but its input 'image' (1, 1, 2147483647) has 2147483647 channels (hint: use a number of groups that"
        + " divides 2147483647 (1, 2147483647))\n", "conv");
  }

  @Test
  void e0430FiltersNotDivisibleByGroups() {
    assertReports("g.cnn", """
        network G() {
          input image: [8, 8, 6]
          output probs = image -> conv(8, 3, groups: 3) -> flatten -> dense(2, activation: softmax)
        }
        """, "g.cnn:3:27: error[E0430]: conv_1: conv with groups: 3 needs input channels and filters divisible by 3,"
        + " but its filters are 8 (hint: use a multiple of 3 filters, e.g. 9)\n", "conv");
  }

  @Test
  void e0430ShuffleAndSplitNeedDivisibleChannels() {
    assertReports("g.cnn", """
        network G() {
          input image: [8, 8, 6]
          a = image -> channel_shuffle(4)
          b = image -> channel_split(4, 0)
          output probs = concat(a, b) -> flatten -> dense(2, activation: softmax)
        }
        """, "g.cnn:3:16: error[E0430]: a: channel_shuffle(4) needs a channel count divisible by 4, but 'image'"
        + " (8, 8, 6) has 6 channels (hint: use a number of groups that divides 6 (1, 2, 3, 6))\n"
        + "g.cnn:4:16: error[E0430]: b: channel_split into 4 parts needs a channel count divisible by 4, but 'image'"
        + " (8, 8, 6) has 6 channels (hint: split into a number of parts that divides 6 (1, 2, 3, 6))\n",
        "channel_shuffle", "channel_split");
  }

  @Test
  void e0210GroupsPartsAndIndexOutOfRange() {
    assertReports("g.cnn", """
        network G() {
          input image: [8, 8, 6]
          a = image -> conv(6, 3, groups: 0)
          b = image -> channel_split(2, 2)
          c = image -> channel_shuffle(0)
          output probs = concat(a, b, c) -> flatten -> dense(2, activation: softmax)
        }
        """, "g.cnn:3:27: error[E0210]: groups of conv must be positive, found 0 (hint: use a value of at least 1)\n"
        + "g.cnn:4:16: error[E0210]: b: channel_split index 2 names no part of 2 (parts are numbered from 0)"
        + " (hint: use an index from 0 to 1)\n"
        + "g.cnn:5:32: error[E0210]: groups of channel_shuffle must be positive, found 0 (hint: use a value of at least 1)\n",
        "groups", "channel_split", "0");
  }
}
