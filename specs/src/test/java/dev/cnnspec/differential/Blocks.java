package dev.cnnspec.differential;

import dev.cnnspec.model.Shape;
import java.util.Set;

/**
 * Uses of parametric blocks: a residual block (add), a two-branch block (concat), a down-sampling
 * block with an optional projection ({@code when}) and defaults, a block whose widths and pool
 * window come from its input's shape ({@code x.channels}, {@code x.height}) with an inline chain
 * as a merge argument, and a block that calls itself until an {@code if} stops it. Each is declared once, the first time a chain uses it.
 */
final class Blocks {
  private static final String RES = """
      block res(x: tensor, n: int, act: activation = relu) {
        y = x -> conv(n, 3, padding: same, activation: act) -> batchnorm -> conv(n, 3, padding: same)
        return add(x, y) -> relu
      }""";
  private static final String BRANCH = """
      block branch(x: tensor, a: int, b: int = 2) {
        p = x -> conv(a, 1)
        q = x -> conv(b, 3, padding: same) -> relu
        return concat(p, q)
      }""";
  private static final String DOWN = """
      block down(x: tensor, f: int, s: int = 2, project: bool = true) {
        y = x -> conv(f, 3, stride: s, padding: same) -> bn -> relu
        return y -> (conv(f, 1) -> bn) when project
      }""";
  /** Widths from the input's shape, the shortcut's branch written inline in the merge. */
  private static final String SHAPED = """
      block shaped(x: tensor, full: bool = false) {
        y = add(x, x -> conv(x.channels, 3, padding: same) -> bn) -> relu
        return y -> avgpool([x.height, x.width]) when full
      }""";
  private static final String TOWER = """
      block tower(x: tensor, n: int) {
        if n > 0 {
          y = x -> relu -> tower(n - 1)
        } else {
          y = x -> tanh
        }
        return y
      }""";

  private Blocks() {}

  static Step use(Choices ch, Vocabulary vocabulary, Set<String> features, Shape.Spatial in) {
    features.add("block");
    switch (ch.below(6)) {
      case 5:
        vocabulary.declare("shaped", SHAPED);
        features.add("shape property");
        features.add("inline chain");
        boolean full = ch.maybe(30);
        if (full) {
          features.add("pool of the whole input");
        }
        return new Step(full ? "shaped(full: true)" : "shaped",
            s -> full && s instanceof Shape.Spatial sp ? Shape.spatial(1, 1, sp.channels()) : s);
      case 1:
        vocabulary.declare("branch", BRANCH);
        int a = ch.oneOf(2, 1, 3);
        boolean b3 = ch.maybe(50);
        return new Step("branch(" + a + (b3 ? ", b: 3" : "") + ")",
            s -> LayerGenerator.window(s, 1, 1, 1, 1, false, a + (b3 ? 3 : 2)));
      case 2:
        vocabulary.declare("down", DOWN);
        int f = ch.oneOf(4, 2);
        int stride = ch.oneOf(2, 1, 3);
        boolean project = !ch.maybe(30);
        String args = f + (stride == 2 ? "" : ", " + stride) + (project ? "" : ", project: false");
        return new Step("down(" + args + ")", s -> LayerGenerator.window(s, 3, 3, stride, 1, true, f));
      case 3:
        vocabulary.declare("tower", TOWER);
        features.add("recursive block");
        int n = ch.below(4);
        return Step.preserving("tower(" + n + ")");
      default:
        vocabulary.declare("res", RES);
        int channels = in.channels();
        String act = ch.maybe(30) ? ", act: tanh" : "";
        return new Step("res(" + channels + act + ")",
            s -> s instanceof Shape.Spatial sp && sp.channels() == channels ? s : null);
    }
  }
}
