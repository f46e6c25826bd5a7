package dev.cnnspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Receptive fields against hand arithmetic on small chains and against the published values for
 * VGG-16 and ResNet-50 (Araujo, Norris and Sim, "Computing receptive fields of convolutional
 * neural networks", Distill 2019, table of network endpoints; and the widely quoted 196 for
 * VGG-16's conv5_3).
 */
class ReceptiveFieldTest {

  private static ReceptiveField.Axis axis(long size, long jump, double start) {
    return new ReceptiveField.Axis(size, jump, start);
  }

  private static ReceptiveField.Axis h(Map<String, ReceptiveField.Field> f, String layer) {
    return f.get(layer).height();
  }

  @Test
  void lenet5ByHand() {
    var f = ReceptiveField.of(ZooSpecs.network("lenet5.cnn", "LeNet5"));
    // conv 5: size 1 + 4·1 = 5, jump 1, centre of the first window at (5 − 1)/2 = 2
    assertEquals(axis(5, 1, 2), h(f, "conv_1"));
    // maxpool 2/2: 5 + 1·1 = 6, jump 2, start 2 + 0.5·1
    assertEquals(axis(6, 2, 2.5), h(f, "maxpool_1"));
    // conv 5 at jump 2: 6 + 4·2 = 14, start 2.5 + 2·2
    assertEquals(axis(14, 2, 6.5), h(f, "conv_2"));
    assertEquals(axis(16, 4, 7.5), h(f, "maxpool_2"));
    // flatten sees all 5 positions of maxpool_2: 16 + 4·4 = 32, the whole 32×32 image
    assertEquals(axis(32, 20, 15.5), h(f, "features"));
    assertEquals(f.get("features"), f.get("probs"));
  }

  @Test
  void samePaddingStridesDilationAndZeroPadByHand() {
    NetworkModel m = ZooSpecs.compile("""
        network N() {
          input x: [14, 15, 1]
          y = x -> conv(2, 3, stride: 2, padding: same) -> zeropad(1)
                -> conv(2, 3, dilation: 2) -> maxpool([1, 3], stride: [1, 2]) -> flatten
          output o = y -> dense(2, activation: softmax)
        }
        """);
    var f = ReceptiveField.of(m);
    // same, k 3, stride 2 on 14: out 7, total padding (7−1)·2 + 3 − 14 = 1, before 0 → start 1;
    // on 15: out 8, padding (8−1)·2 + 3 − 15 = 2, before 1 → start 0
    assertEquals(axis(3, 2, 1), f.get("conv_1").height());
    assertEquals(axis(3, 2, 0), f.get("conv_1").width());
    // zero padding of 1 at jump 2 moves the start back by 2
    assertEquals(axis(3, 2, -1), f.get("zeropad_1").height());
    // dilation 2: span 5; size 3 + 4·2 = 11, start −1 + 2·2 = 3
    assertEquals(axis(11, 2, 3), f.get("conv_2").height());
    // width: start 0 after conv_1, −2 after the zero padding, −2 + 2·2 = 2 after the dilated conv;
    // pool 1×3 stride 1×2: height unchanged, width 11 + 2·2 = 15, jump 4, start 2 + 1·2 = 4
    assertEquals(axis(11, 2, 2), f.get("conv_2").width());
    assertEquals(axis(11, 2, 3), f.get("maxpool_1").height());
    assertEquals(axis(15, 4, 4), f.get("maxpool_1").width());
  }

  @Test
  void vgg16MatchesThePublishedFigures() {
    NetworkModel vgg = ZooSpecs.network("vgg.cnn", "VGG16");
    var f = ReceptiveField.of(vgg);
    List<LayerModel> convs = vgg.layers().stream().filter(l -> l.op().kind().equals("conv")).toList();
    List<LayerModel> pools = vgg.layers().stream().filter(l -> l.op().kind().equals("maxpool")).toList();
    assertEquals(13, convs.size());
    // conv5_3: 196, effective stride 16
    assertEquals(196, h(f, convs.get(12).name()).size());
    assertEquals(16, h(f, convs.get(12).name()).jump());
    // pool5: 212, stride 32, effective padding 90 (start = (212 − 1)/2 − 90 = 15.5), as Distill lists vgg_16
    assertEquals(axis(212, 32, 15.5), h(f, pools.get(4).name()));
  }

  @Test
  void resnet50MatchesThePublishedFigures() {
    NetworkModel resnet = ZooSpecs.network("resnet.cnn", "ResNet50");
    var f = ReceptiveField.of(resnet);
    LayerModel last = resnet.layers().stream().filter(l -> l.op().kind().equals("globalavgpool")).findFirst()
        .map(g -> resnet.layer(g.node().inputs().get(0)).orElseThrow()).orElseThrow();
    // Distill's resnet_v1_50: 483, effective stride 32. Its effective padding is 239 with TF-slim's
    // explicit padding; Keras' same padding here (the stem's 7×7/2 pads 2 before, the 3×3/2 pool 0)
    // puts the start at 3 (1 after the stem conv, 1 + 1·2 after the pool, unchanged after), i.e. 238.
    assertEquals(axis(483, 32, 3), h(f, last.name()));
    assertEquals(h(f, last.name()), f.get(last.name()).width());
  }

  @Test
  void explicitPaddingDepthwiseConvolutionAndUpsampling() {
    NetworkModel m = ZooSpecs.compile("""
        network N() {
          input x: [16, 16, 2]
          y = x -> conv(2, 3, padding: 1) -> depthwise_conv(3, stride: 2, padding: same) -> upsample(2)
                -> conv(2, 3, padding: same) -> flatten
          output o = y -> dense(2, activation: softmax)
        }
        """);
    var f = ReceptiveField.of(m);
    // explicit pad 1 with valid: size 3, start (3 − 1)/2 − 1 = 0
    assertEquals(axis(3, 1, 0), h(f, "conv_1"));
    // depthwise 3×3 / 2 same on 16: out 8, padding (8−1)·2 + 3 − 16 = 1, before 0 → start 0 + 1
    assertEquals(axis(5, 2, 1), h(f, m.layers().get(1).name()));
    // after upsampling the field is not computed, for every later layer
    assertEquals(false, f.get(m.layers().get(2).name()).known());
    assertEquals(false, f.get("o").known());
  }
}
