package dev.cnnspec.runtime.dl4j;

import static dev.cnnspec.runtime.dl4j.ModelFixture.conv;
import static dev.cnnspec.runtime.dl4j.ModelFixture.dense;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;

/**
 * The networks the back-end tests translate, written as the elaborator would produce them from the
 * specs quoted in each Javadoc. Each comes with its hand-derived parameter count.
 */
public final class TestNetworks {
  private TestNetworks() {}

  /** design.md's LeNet5: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 parameters. */
  public static final long LENET_PARAMS = 6 * (5 * 5 * 1 + 1) + 16 * (5 * 5 * 6 + 1)
      + (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10);

  public static NetworkModel lenet5() {
    ModelFixture n = ModelFixture.network("LeNet5").input("image", Shape.spatial(32, 32, 1));
    String t = n.layer("conv_1", conv(6, 5, Padding.VALID, Activation.RELU), "image");
    t = n.layer("maxpool_1", pool(PoolType.MAX, 2, Padding.VALID), t);
    t = n.layer("conv_2", conv(16, 5, Padding.VALID, Activation.RELU), t);
    t = n.layer("maxpool_2", pool(PoolType.MAX, 2, Padding.VALID), t);
    t = n.layer("f", new Op.Flatten(), t);
    t = n.layer("dense_1", dense(120, Activation.RELU), t);
    t = n.layer("dense_2", dense(84, Activation.RELU), t);
    t = n.layer("probs", dense(10, Activation.SOFTMAX), t);
    return n.output("probs", t, Loss.CROSS_ENTROPY, 1).check();
  }

  /**
   * A projected basic residual block on an 8×8×3 input, then global average pooling, dropout and a
   * 10-way classifier. Conv weights + biases, BN 4·C each (DL4J keeps mean and variance as params):
   * conv_1 3·3·3·16+16 = 448, bn_1 64, conv_2 (no bias) 3·3·16·16 = 2,304, bn_2 64,
   * conv_3 (1×1 projection) 3·16+16 = 64, bn_3 64, probs 16·10+10 = 170; total 3,178.
   */
  public static final long RESIDUAL_PARAMS = 448 + 64 + 2304 + 64 + 64 + 64 + 170;

  public static NetworkModel residual() {
    ModelFixture n = ModelFixture.network("Residual").input("image", Shape.spatial(8, 8, 3));
    String y = n.layer("conv_1", conv(16, 3, Padding.SAME, Activation.IDENTITY), "image");
    y = n.layer("bn_1", new Op.BatchNorm(0.99, 1e-3), y);
    y = n.layer("relu_1", new Op.ActivationOp(Activation.RELU, 0.01), y);
    y = n.layer("conv_2", new Op.Conv2D(16, Size2D.square(3), Size2D.square(1), Padding.SAME,
        Size2D.square(1), Activation.IDENTITY, 0.01, false), y);
    y = n.layer("bn_2", new Op.BatchNorm(0.9, 1e-5), y);
    String s = n.layer("conv_3", conv(16, 1, Padding.VALID, Activation.IDENTITY), "image");
    s = n.layer("bn_3", new Op.BatchNorm(0.9, 1e-5), s);
    String x = n.layer("add_1", new Op.Add(), y, s);
    x = n.layer("leaky_relu_1", new Op.ActivationOp(Activation.LEAKY_RELU, 0.2), x);
    x = n.layer("globalavgpool_1", new Op.GlobalPool(PoolType.AVG), x);
    x = n.layer("dropout_1", new Op.Dropout(0.25), x);
    x = n.layer("probs", dense(10, Activation.SOFTMAX), x);
    return n.output("probs", x, Loss.CROSS_ENTROPY, 1).check();
  }

  /**
   * design.md's inception block (c1 4, c3r 2, c3 4, c5r 2, c5 4, pp 4) on 8×8×8, then a 10-way head:
   * a 8·4+4 = 36; b 8·2+2 = 18 and 9·2·4+4 = 76; c 18 and 25·2·4+4 = 204; d (after 3×3 max pool,
   * stride 1, same) 36; 16 channels concatenated; probs 16·10+10 = 170; total 558.
   */
  public static final long INCEPTION_PARAMS = 36 + 18 + 76 + 18 + 204 + 36 + 170;

  public static NetworkModel inception() {
    ModelFixture n = ModelFixture.network("Inception").input("image", Shape.spatial(8, 8, 8));
    String a = n.layer("inc/conv_1", conv(4, 1, Padding.SAME, Activation.RELU), "image");
    String b = n.layer("inc/conv_2", conv(2, 1, Padding.SAME, Activation.RELU), "image");
    b = n.layer("inc/conv_3", conv(4, 3, Padding.SAME, Activation.RELU), b);
    String c = n.layer("inc/conv_4", conv(2, 1, Padding.SAME, Activation.RELU), "image");
    c = n.layer("inc/conv_5", conv(4, 5, Padding.SAME, Activation.RELU), c);
    String d = n.layer("inc/maxpool_1", new Op.Pool2D(PoolType.MAX, Size2D.square(3), Size2D.square(1),
        Padding.SAME), "image");
    d = n.layer("inc/conv_6", conv(4, 1, Padding.SAME, Activation.RELU), d);
    String x = n.layer("inc", new Op.Concat(), a, b, c, d);
    x = n.layer("globalavgpool_1", new Op.GlobalPool(PoolType.AVG), x);
    x = n.layer("probs", dense(10, Activation.SOFTMAX), x);
    return n.output("probs", x, Loss.CROSS_ENTROPY, 1).check();
  }

  /**
   * A light-CNN-style MFM network on 12×12×1 (zero-padded to 14×14): conv_1 (8 filters 3×3 valid,
   * activation mfm) 9·8+8 = 80 → 12×12×4; avg pool 2 → 6×6×4; conv_2 (6 filters, same, mfm)
   * 9·4·6+6 = 222 → 6×6×3; flatten 108; dense_1 (16, mfm) 108·16+16 = 1,744 → 8; probs 8·10+10 = 90;
   * total 2,136.
   */
  public static final long MFM_PARAMS = 80 + 222 + 1744 + 90;

  public static NetworkModel mfm() {
    ModelFixture n = ModelFixture.network("LightCnn").input("image", Shape.spatial(12, 12, 1));
    String t = n.layer("zeropad_1", new Op.ZeroPad(1, 1, 1, 1), "image");
    t = n.layer("conv_1", conv(8, 3, Padding.VALID, Activation.MFM), t);
    t = n.layer("avgpool_1", pool(PoolType.AVG, 2, Padding.VALID), t);
    t = n.layer("conv_2", conv(6, 3, Padding.SAME, Activation.MFM), t);
    t = n.layer("flatten_1", new Op.Flatten(), t);
    t = n.layer("dense_1", dense(16, Activation.MFM), t);
    t = n.layer("probs", dense(10, Activation.SOFTMAX), t);
    return n.output("probs", t, Loss.CROSS_ENTROPY, 1).check();
  }

  /**
   * Two heads on one trunk (GoogLeNet style): conv_1 3·3·3·8+8 = 224; main head global average
   * pool → probs 8·10+10 = 90 (fused into an OutputLayer); auxiliary head max pool → flatten 128 →
   * dense_1 128·5+5 = 645 → softmax layer named aux (so a LossLayer aux_loss, weight 0.3); total 959.
   */
  public static final long TWO_HEADS_PARAMS = 224 + 90 + 645;

  public static NetworkModel twoHeads() {
    ModelFixture n = ModelFixture.network("TwoHeads").input("image", Shape.spatial(8, 8, 3));
    String f = n.layer("f", conv(8, 3, Padding.SAME, Activation.RELU), "image");
    String m = n.layer("globalavgpool_1", new Op.GlobalPool(PoolType.AVG), f);
    m = n.layer("probs", dense(10, Activation.SOFTMAX), m);
    String a = n.layer("maxpool_1", pool(PoolType.MAX, 2, Padding.VALID), f);
    a = n.layer("flatten_1", new Op.Flatten(), a);
    a = n.layer("dense_1", dense(5, Activation.IDENTITY), a);
    a = n.layer("aux", new Op.ActivationOp(Activation.SOFTMAX, 0.01), a);
    return n.output("probs", m, Loss.CROSS_ENTROPY, 1).output("aux", a, Loss.CROSS_ENTROPY, 0.3).check();
  }

  /**
   * Every op at least once (the emitter's golden network):
   * <pre>
   * input image: [8, 8, 3]
   * p = image -> zeropad(1) -> conv(8, 3, activation: leaky_relu, alpha: 0.2, bias: false)
   *           -> batchnorm -> maxpool(2)
   * s = p -> conv(4, 1, padding: same, activation: relu)
   * c = p -> conv(8, 3, padding: same, activation: mfm) -> add(s) -> concat(s)
   * output probs = c -> flatten -> dropout(0.5) -> dense(10, activation: softmax)
   * output aux = c -> globalavgpool loss mse weight 0.3
   * </pre>
   * conv_1 3·3·3·8 = 216; batchnorm_1 4·8 = 32; conv_2 9·8·8+8 = 584; s 8·4+4 = 36; flatten 4·4·8 = 128;
   * probs 128·10+10 = 1,290; total 2,158.
   */
  public static final long EVERY_OP_PARAMS = 216 + 32 + 584 + 36 + 1290;

  public static NetworkModel everyOp() {
    ModelFixture n = ModelFixture.network("EveryOp").input("image", Shape.spatial(8, 8, 3));
    String t = n.layer("zeropad_1", new Op.ZeroPad(1, 1, 1, 1), "image");
    t = n.layer("conv_1", new Op.Conv2D(8, Size2D.square(3), Size2D.square(1), Padding.VALID, Size2D.square(1),
        Activation.LEAKY_RELU, 0.2, false), t);
    t = n.layer("batchnorm_1", new Op.BatchNorm(0.9, 1e-5), t);
    String p = n.layer("p", pool(PoolType.MAX, 2, Padding.VALID), t);
    String s = n.layer("s", conv(4, 1, Padding.SAME, Activation.RELU), p);
    String m = n.layer("conv_2", conv(8, 3, Padding.SAME, Activation.MFM), p);
    String a = n.layer("add_1", new Op.Add(), m, s);
    String c = n.layer("c", new Op.Concat(), a, s);
    t = n.layer("flatten_1", new Op.Flatten(), c);
    t = n.layer("dropout_1", new Op.Dropout(0.5), t);
    t = n.layer("probs", dense(10, Activation.SOFTMAX), t);
    String aux = n.layer("aux", new Op.GlobalPool(PoolType.AVG), c);
    return n.output("probs", t, Loss.CROSS_ENTROPY, 1).output("aux", aux, Loss.MSE, 0.3).check();
  }

  /**
   * A feed-forward input: a flatten of a flat tensor (an identity layer in DL4J), dense_1 20·8+8 =
   * 168, out (4 units, activation mfm) 8·4+4 = 36 → 2 units under a mean-absolute-error head whose
   * loss layer is out_loss (out names the dense); total 204.
   */
  public static final long FEED_FORWARD_PARAMS = 168 + 36;

  public static NetworkModel feedForward() {
    ModelFixture n = ModelFixture.network("FeedForward").input("x", Shape.flat(20));
    String t = n.layer("flatten_1", new Op.Flatten(), "x");
    t = n.layer("dense_1", dense(8, Activation.RELU), t);
    t = n.layer("out", dense(4, Activation.MFM), t);
    return n.output("out", t, Loss.MAE, 1).check();
  }

  /** A per-pixel head (a CnnLossLayer): seg is a 1×1 conv 2 → 3 with sigmoid, 2·3+3 = 9 parameters. */
  public static final long SEGMENTATION_PARAMS = 9;

  public static NetworkModel segmentation() {
    ModelFixture n = ModelFixture.network("Segmentation").input("image", Shape.spatial(4, 4, 2));
    String t = n.layer("seg", conv(3, 1, Padding.SAME, Activation.SIGMOID), "image");
    return n.output("seg", t, Loss.BINARY_CROSS_ENTROPY, 1).check();
  }

  public static Op.Pool2D pool(PoolType type, int size, Padding padding) {
    return new Op.Pool2D(type, Size2D.square(size), Size2D.square(size), padding);
  }

  /**
   * Explicit and stride-exceeds-window padding (issue 10 item 3), from spec text on 16×16×3:
   * conv_1 conv(4, 1, stride: 2, same): ⌈16/2⌉ = 8, Keras' total padding 7·2 + 1 − 16 = −1, which
   * DL4J's Same mode cannot do; 3·4 + 4 = 16 parameters. conv_2 conv(8, [3, 5], padding: [1, 2]):
   * (8 + 2 − 3) + 1 = 8 and (8 + 4 − 5) + 1 = 8; 3·5·4·8 + 8 = 488. avgpool_1 avgpool(3, stride: 1,
   * padding: 1, count_pad: true): 8×8. maxpool_1 maxpool(2, stride: 4, same): ⌈8/4⌉ = 2 (total
   * 1·4 + 2 − 8 = −2). flatten 2·2·8 = 32, probs 32·10 + 10 = 330; total 834.
   */
  public static final long PADDING_PARAMS = 16 + 488 + 330;

  public static final String PADDING_SPEC = """
      network Padding() {
        input image: [16, 16, 3]
        x = image -> conv(4, 1, stride: 2, padding: same) -> conv(8, [3, 5], padding: [1, 2], activation: relu)
                  -> avgpool(3, stride: 1, padding: 1, count_pad: true) -> maxpool(2, stride: 4, padding: same)
                  -> flatten
        output probs = x -> dense(10, activation: softmax)
      }
      """;

  public static NetworkModel padding() {
    return SpecInterpreter.model(java.util.Map.of("padding.cnn", PADDING_SPEC), "Padding", java.util.Map.of());
  }

  /**
   * Ceil-mode pools on 8×10×3 (PyTorch's formula by hand): 3/2 gives ⌈5/2⌉+1 = 4 × ⌈7/2⌉+1 = 5, the
   * last window of each dimension one pixel past the input (DL4J's Same mode); 2/3 gives 3 × 4
   * (stride beyond the window, rows as floor); 2/2 with padding 1 gives 5 × 6, equal to floor since
   * a sixth row would start in the bottom padding. Max and average, with and without count_pad.
   */
  public static final String CEIL_SPEC = """
      network CeilPools() {
        input image: [8, 10, 3]
        output mx = image -> maxpool(3, stride: 2, ceil: true) loss mse
        output av = image -> avgpool(3, stride: 2, ceil: true) loss mse
        output ac = image -> avgpool(3, stride: 2, ceil: true, count_pad: true) loss mse
        output wide = image -> maxpool(2, stride: 3, ceil: true) loss mse
        output avw = image -> avgpool(2, stride: 3, ceil: true) loss mse
        output padded = image -> avgpool(2, stride: 2, padding: 1, ceil: true, count_pad: true) loss mse
      }
      """;

  public static NetworkModel ceilPools() {
    return SpecInterpreter.model(java.util.Map.of("ceil.cnn", CEIL_SPEC), "CeilPools", java.util.Map.of());
  }

  /**
   * The ops of issue 12, from spec text on 8×8×4. depthwise_conv(3, multiplier: 2): 3·3·4·2 + 8 = 80
   * → 8×8×8; separable_conv(16, 3, multiplier: 2, padding: 1): depthwise 3·3·8·2 = 144, pointwise
   * 16·16 = 256, bias 16 → 416; prelu one slope per element: 8·8·16 = 1,024; depthwise_conv(3,
   * stride: 2, same, no bias): 3·3·16 = 144 → 4×4×16; then every new activation; probs 256·10 + 10
   * = 2,570; total 4,234.
   */
  public static final long MODERN_PARAMS = 80 + 416 + 1024 + 144 + 2570;

  public static final String MODERN_SPEC = """
      network Modern() {
        input image: [8, 8, 4]
        x = image -> depthwise_conv(3, multiplier: 2, padding: same, activation: relu6)
                  -> separable_conv(16, 3, multiplier: 2, padding: 1, activation: hard_swish) -> prelu
                  -> depthwise_conv(3, stride: 2, padding: same, bias: false, activation: gelu)
                  -> swish -> elu -> selu -> hard_sigmoid -> silu -> flatten
        output probs = x -> dense(10, activation: softmax)
      }
      """;

  public static NetworkModel modern() {
    return SpecInterpreter.model(java.util.Map.of("modern.cnn", MODERN_SPEC), "Modern", java.util.Map.of());
  }

  /**
   * Upsampling ops on 4×4×3: conv_transpose(6, 4, stride: 2, padding: 1) (4 − 1)·2 + 4 − 2 = 8,
   * 4·4·3·6 + 6 = 294; upsample → 16×16×6; conv_transpose(4, 2, stride: 2, padding: same) → 32×32×4,
   * 2·2·6·4 + 4 = 100; globalavgpool(keep: true) → 1×1×4; probs 4·3 + 3 = 15; total 409.
   */
  public static final long DECODER_PARAMS = 294 + 100 + 15;

  public static final String DECODER_SPEC = """
      network Decoder() {
        input image: [4, 4, 3]
        x = image -> conv_transpose(6, 4, stride: 2, padding: 1, activation: relu) -> upsample
                  -> conv_transpose(4, 2, stride: 2, padding: same) -> globalavgpool(keep: true) -> flatten
        output probs = x -> dense(3, activation: softmax)
      }
      """;

  public static NetworkModel decoder() {
    return SpecInterpreter.model(java.util.Map.of("decoder.cnn", DECODER_SPEC), "Decoder", java.util.Map.of());
  }

  /**
   * Squeeze-and-excitation (Hu et al. 2018) on 6×6×8, both gate forms: conv(8, 3, same) 3·3·8·8 + 8
   * = 584; the flat gate globalavgpool → dense(2, relu) 8·2 + 2 = 18 → dense(8, sigmoid) 2·8 + 8 =
   * 24, multiplied over 6×6; the kept gate globalavgpool(keep: true) → conv(8, 1, hard_sigmoid)
   * 8·8 + 8 = 72, multiplied; then a broadcast add of the kept gate and an equal-shape add;
   * probs 288·3 + 3 = 867; total 1,565.
   */
  public static final long SE_PARAMS = 584 + 18 + 24 + 72 + 867;

  public static final String SE_SPEC = """
      network SqueezeExcite() {
        input image: [6, 6, 8]
        x = image -> conv(8, 3, padding: same, activation: relu)
        g = x -> globalavgpool -> dense(2, activation: relu) -> dense(8, activation: sigmoid)
        y = multiply(x, g)
        k = y -> globalavgpool(keep: true) -> conv(8, 1, activation: hard_sigmoid)
        z = multiply(k, y)
        s = add(z, k) -> add(y) -> flatten
        output probs = s -> dense(3, activation: softmax)
      }
      """;

  public static NetworkModel squeezeExcite() {
    return SpecInterpreter.model(java.util.Map.of("se.cnn", SE_SPEC), "SqueezeExcite", java.util.Map.of());
  }
}
