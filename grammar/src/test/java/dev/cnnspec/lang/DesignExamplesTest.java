package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkParameter;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputNode;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.ParameterType;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;
import dev.cnnspec.diag.Location;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The examples of design.md "The language (v1)", elaborated: names, resolved ops and wiring. */
class DesignExamplesTest {

  static final String PRESETS = """
      layer conv3 = conv(kernel: 3, padding: same, activation: relu)
      layer conv1 = conv(kernel: 1, padding: same, activation: relu)
      """;

  static final String LENET = """
      network LeNet5(classes: int = 10) {
        input image: [32, 32, 1]
        f = image -> conv(6, 5, activation: relu) -> maxpool(2)
                  -> conv(16, 5, activation: relu) -> maxpool(2) -> flatten
        output probs = f -> dense(120, activation: relu) -> dense(84, activation: relu)
                         -> dense(classes, activation: softmax)
      }
      """;

  static Op.Conv2D conv(int filters, int kernel, int stride, Padding padding, Activation activation) {
    return new Op.Conv2D(filters, Size2D.square(kernel), Size2D.square(stride), padding, Size2D.square(1),
        activation, 0.01, true);
  }

  @Test
  void lenet() {
    NetworkGraph g = Specs.elaborate(LENET).clean().only();
    assertEquals("LeNet5", g.name());
    assertEquals(Location.of("test.cnn", 1, 9), g.location());
    assertEquals(List.of(new NetworkParameter("classes", ParameterType.INT, Optional.of(10), 10,
        Location.of("test.cnn", 1, 16))), g.parameters());
    assertEquals(List.of(new InputNode("image", Shape.spatial(32, 32, 1), Location.of("test.cnn", 2, 9))), g.inputs());
    assertEquals("""
        conv_1: conv[image]
        maxpool_1: maxpool[conv_1]
        conv_2: conv[maxpool_1]
        maxpool_2: maxpool[conv_2]
        f: flatten[maxpool_2]
        dense_1: dense[f]
        dense_2: dense[dense_1]
        probs: dense[dense_2]
        """, Specs.wiring(g));
    assertEquals(conv(6, 5, 1, Padding.VALID, Activation.RELU), g.layer("conv_1").orElseThrow().op());
    assertEquals(new Op.Pool2D(PoolType.MAX, Size2D.square(2), Size2D.square(2), Padding.VALID),
        g.layer("maxpool_2").orElseThrow().op());
    assertEquals(new Op.Dense(10, Activation.SOFTMAX, 0.01, true), g.layer("probs").orElseThrow().op());
    assertEquals(Location.of("test.cnn", 3, 16), g.layer("conv_1").orElseThrow().location());
    assertEquals(Location.of("test.cnn", 6, 23), g.layer("probs").orElseThrow().location());
    assertEquals(List.of(new OutputNode("probs", "probs", Loss.CROSS_ENTROPY, 1.0, Location.of("test.cnn", 5, 10))),
        g.outputs());
  }

  @Test
  void overrideAppliesToTheParameter() {
    NetworkGraph g = Specs.elaborate(LENET, Map.of("classes", "3")).clean().only();
    assertEquals(new Op.Dense(3, Activation.SOFTMAX, 0.01, true), g.layer("probs").orElseThrow().op());
    assertEquals(3, g.parameters().get(0).value());
    assertEquals(Optional.of(10), g.parameters().get(0).defaultValue());
  }

  static final String VGG = PRESETS + """
      network VGG16(classes: int = 1000, gap: bool = false) {
        input image: [224, 224, 3]
        x = image -> conv3(64) * 2 -> maxpool(2) -> conv3(128) * 2 -> maxpool(2)
                  -> conv3(256) * 3 -> maxpool(2) -> conv3(512) * 3 -> maxpool(2)
                  -> conv3(512) * 3 -> maxpool(2)
        if gap {
          h = x -> globalavgpool
        } else {
          h = x -> flatten -> dense(4096, activation: relu) -> dense(4096, activation: relu)
        }
        output probs = h -> dense(classes, activation: softmax)
      }
      """;

  @Test
  void vggRepeatsPresetsAndTakesOneBranch() {
    NetworkGraph g = Specs.elaborate(VGG).clean().only();
    StringBuilder expected = new StringBuilder();
    String previous = "image";
    int conv = 0;
    int pool = 0;
    for (int n : new int[] {2, 2, 3, 3, 3}) {
      for (int i = 0; i < n; i++) {
        String name = "conv_" + ++conv;
        expected.append(name).append(": conv[").append(previous).append("]\n");
        previous = name;
      }
      String name = ++pool == 5 ? "x" : "maxpool_" + pool;
      expected.append(name).append(": maxpool[").append(previous).append("]\n");
      previous = name;
    }
    expected.append("flatten_1: flatten[x]\ndense_1: dense[flatten_1]\nh: dense[dense_1]\nprobs: dense[h]\n");
    assertEquals(expected.toString(), Specs.wiring(g));
    assertEquals(conv(512, 3, 1, Padding.SAME, Activation.RELU), g.layer("conv_13").orElseThrow().op());
    assertEquals(conv(64, 3, 1, Padding.SAME, Activation.RELU), g.layer("conv_1").orElseThrow().op());

    NetworkGraph gap = Specs.elaborate(VGG, Map.of("gap", "true", "classes", "10")).clean().only();
    assertEquals("h: globalavgpool[x]\nprobs: dense[h]\n",
        Specs.wiring(gap).substring(Specs.wiring(gap).indexOf("h: ")));
    assertEquals(new Op.Dense(10, Activation.SOFTMAX, 0.01, true), gap.layer("probs").orElseThrow().op());
  }

  static final String INCEPTION = PRESETS + """
      block inception(x: tensor, c1: int, c3r: int, c3: int, c5r: int, c5: int, pp: int) {
        a = x -> conv1(c1)
        b = x -> conv1(c3r) -> conv3(c3)
        c = x -> conv1(c5r) -> conv(c5, 5, padding: same, activation: relu)
        d = x -> maxpool(3, stride: 1, padding: same) -> conv1(pp)
        return concat(a, b, c, d)
      }
      network Net() {
        input image: [28, 28, 192]
        inc = image -> inception(64, 96, 128, 16, 32, 32)
        y = inception(inc, 8, 8, 8, 8, 8, 8) -> relu
        output probs = y -> globalavgpool -> dense(10, activation: softmax)
      }
      """;

  @Test
  void inceptionBlockInstancesArePrefixed() {
    NetworkGraph g = Specs.elaborate(INCEPTION).clean().only();
    assertEquals("""
        inc/a: conv[image]
        inc/conv_1: conv[image]
        inc/b: conv[inc/conv_1]
        inc/conv_2: conv[image]
        inc/c: conv[inc/conv_2]
        inc/maxpool_1: maxpool[image]
        inc/d: conv[inc/maxpool_1]
        inc/concat_1: concat[inc/a, inc/b, inc/c, inc/d]
        inception_1/a: conv[inc/concat_1]
        inception_1/conv_1: conv[inc/concat_1]
        inception_1/b: conv[inception_1/conv_1]
        inception_1/conv_2: conv[inc/concat_1]
        inception_1/c: conv[inception_1/conv_2]
        inception_1/maxpool_1: maxpool[inc/concat_1]
        inception_1/d: conv[inception_1/maxpool_1]
        inception_1/concat_1: concat[inception_1/a, inception_1/b, inception_1/c, inception_1/d]
        y: relu[inception_1/concat_1]
        globalavgpool_1: globalavgpool[y]
        probs: dense[globalavgpool_1]
        """, Specs.wiring(g));
    assertEquals(conv(128, 3, 1, Padding.SAME, Activation.RELU), g.layer("inc/b").orElseThrow().op());
    assertEquals(conv(32, 5, 1, Padding.SAME, Activation.RELU), g.layer("inc/c").orElseThrow().op());
    assertEquals(new Op.Pool2D(PoolType.MAX, Size2D.square(3), Size2D.square(1), Padding.SAME),
        g.layer("inc/maxpool_1").orElseThrow().op());
    // a layer made inside a block is located at its name token inside the block
    assertEquals(Location.of("test.cnn", 4, 12), g.layer("inc/a").orElseThrow().location());
  }

  static final String RESNET = PRESETS + """
      block basic(x: tensor, filters: int, stride: int = 1, project: bool = false) {
        y = x -> conv(filters, 3, stride: stride, padding: same) -> batchnorm -> relu
              -> conv(filters, 3, padding: same) -> batchnorm
        s = x -> (conv(filters, 1, stride: stride) -> batchnorm) when project   // optional path
        return add(y, s) -> relu
      }
      block stage(x: tensor, n: int, filters: int, stride: int) {
        return x -> basic(filters, stride, project: stride != 1) -> basic(filters) * (n - 1)
      }
      network ResNet(depth: int = 50, classes: int = 1000) {
        assert depth == 18 || depth == 34 || depth == 50 || depth == 101 || depth == 152,
               "depth must be 18, 34, 50, 101 or 152"
        let blocks = depth == 18 ? [2, 2, 2, 2] : depth == 34 || depth == 50 ? [3, 4, 6, 3]
                   : depth == 101 ? [3, 4, 23, 3] : [3, 8, 36, 3]
        input image: [224, 224, 3]
        stem = image -> conv(64, 7, stride: 2, padding: same) -> bn -> relu -> maxpool(3, stride: 2, padding: same)
        x = stem -> stage(blocks[i], 64 * 2 ^ i, i == 0 ? 1 : 2) for i in 0..3
        output probs = x -> globalavgpool -> dense(classes, activation: softmax)
      }
      network ResNet18 = ResNet(depth: 18)
      """;

  @Test
  void basicBlockOptionalPathAndNaming() {
    NetworkGraph g = Specs.elaborate(PRESETS + RESNET.substring(PRESETS.length(), RESNET.indexOf("block stage")) + """
        network N() {
          input image: [8, 8, 4]
          b1 = image -> basic(4)
          b2 = b1 -> basic(8, 2, project: true)
          output o = b2 -> globalavgpool -> dense(2, activation: softmax)
        }
        """).clean().only();
    assertEquals("""
        b1/conv_1: conv[image]
        b1/batchnorm_1: batchnorm[b1/conv_1]
        b1/relu_1: relu[b1/batchnorm_1]
        b1/conv_2: conv[b1/relu_1]
        b1/y: batchnorm[b1/conv_2]
        b1/add_1: add[b1/y, image]
        b1/relu_2: relu[b1/add_1]
        b2/conv_1: conv[b1/relu_2]
        b2/batchnorm_1: batchnorm[b2/conv_1]
        b2/relu_1: relu[b2/batchnorm_1]
        b2/conv_2: conv[b2/relu_1]
        b2/y: batchnorm[b2/conv_2]
        b2/conv_3: conv[b1/relu_2]
        b2/s: batchnorm[b2/conv_3]
        b2/add_1: add[b2/y, b2/s]
        b2/relu_2: relu[b2/add_1]
        globalavgpool_1: globalavgpool[b2/relu_2]
        o: dense[globalavgpool_1]
        """, Specs.wiring(g));
    assertEquals(new Op.Conv2D(8, Size2D.square(1), Size2D.square(2), Padding.VALID, Size2D.square(1),
        Activation.IDENTITY, 0.01, true), g.layer("b2/conv_3").orElseThrow().op());
    assertEquals(new Op.BatchNorm(0.9, 1e-5), g.layer("b2/s").orElseThrow().op());
  }

  @Test
  void resnetUnrollsStagesWithTheLoopIndex() {
    Specs.Elaborated r = Specs.elaborate(RESNET, Map.of("depth", "18")).clean();
    assertEquals(2, r.graphs().size());
    NetworkGraph g = r.graph("ResNet");
    long convs = g.layers().stream().filter(l -> l.op() instanceof Op.Conv2D).count();
    assertEquals(1 + 8 * 2 + 3, convs); // stem, two per basic block, a projection in stages 2-4
    assertEquals(new Op.Conv2D(512, Size2D.square(3), Size2D.square(2), Padding.SAME, Size2D.square(1),
        Activation.IDENTITY, 0.01, true), g.layer("x/basic_1/conv_1").orElseThrow().op());
    assertEquals(new Op.Conv2D(128, Size2D.square(3), Size2D.square(1), Padding.SAME, Size2D.square(1),
        Activation.IDENTITY, 0.01, true), g.layer("stage_2/basic_2/conv_1").orElseThrow().op());
    assertEquals(List.of("stage_1/basic_2/relu_2"), g.layer("stage_2/basic_1/conv_1").orElseThrow().inputs());
    assertEquals(List.of("x/basic_2/relu_2"), g.layer("globalavgpool_1").orElseThrow().inputs());
    assertEquals(List.of("stem"), g.layer("stage_1/basic_1/conv_1").orElseThrow().inputs());
    assertEquals(new Op.BatchNorm(0.9, 1e-5), g.layer("batchnorm_1").orElseThrow().op());

    NetworkGraph instance = r.graph("ResNet18");
    assertEquals(List.of("classes"), instance.parameters().stream().map(NetworkParameter::name).toList());
    assertEquals(Specs.wiring(g), Specs.wiring(instance));
    assertEquals(Location.of("test.cnn", 22, 9), instance.location());

    NetworkGraph deep = Specs.elaborate(RESNET).clean().graph("ResNet");
    assertEquals(1 + 16 * 2 + 3, deep.layers().stream().filter(l -> l.op() instanceof Op.Conv2D).count());
  }
}
