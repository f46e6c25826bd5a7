package dev.cnnspec.runtime.exec;

import dev.cnnspec.runtime.layers.MaxFeatureMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Small DL4J graphs that exercise every layer the fast path retunes, written the way the DL4J back
 * end maps specs (NCHW {@code ComputationGraph}, valid padding as {@code Truncate}, last dense as
 * {@code OutputLayer}), with the runtime's own {@link MaxFeatureMap}. Hand-written here because the
 * runtime's tests cannot depend on the zoo's generated classes (the zoo depends on the runtime);
 * {@code bench/speed} times the generated classes themselves.
 */
final class FastPathNetworks {
  private FastPathNetworks() {}

  /** LeNet-5 on 32×32×1: 61,706 parameters. */
  static ComputationGraphConfiguration lenet5(long seed) {
    return base(seed).graphBuilder()
        .addInputs("image")
        .setInputTypes(InputType.convolutional(32, 32, 1))
        .addLayer("conv_1", conv(6, 5, Activation.RELU, ConvolutionMode.Truncate), "image")
        .addLayer("maxpool_1", maxpool(), "conv_1")
        .addLayer("conv_2", conv(16, 5, Activation.RELU, ConvolutionMode.Truncate), "maxpool_1")
        .addLayer("maxpool_2", maxpool(), "conv_2")
        .addLayer("dense_1", dense(120, Activation.RELU), "maxpool_2")
        .addLayer("dense_2", dense(84, Activation.RELU), "dense_1")
        .addLayer("probs", output(10), "dense_2")
        .setOutputs("probs")
        .build();
  }

  /**
   * A Light CNN (Wu et al., max-feature-map everywhere) sized for 28×28×1: conv5×5(48)+mfm,
   * pool, [conv1×1(48)+mfm, conv3×3(96)+mfm], pool, [conv1×1(96)+mfm, conv3×3(128)+mfm], pool,
   * dense(256)+mfm, dense(10). 232,410 parameters.
   */
  static ComputationGraphConfiguration lightCnn(long seed) {
    ComputationGraphConfiguration.GraphBuilder g = base(seed).graphBuilder()
        .addInputs("image")
        .setInputTypes(InputType.convolutional(28, 28, 1));
    String x = "image";
    x = convMfm(g, "conv_1", 48, 5, x);
    g.addLayer("maxpool_1", maxpool(), x);
    x = convMfm(g, "conv_2a", 48, 1, "maxpool_1");
    x = convMfm(g, "conv_2", 96, 3, x);
    g.addLayer("maxpool_2", maxpool(), x);
    x = convMfm(g, "conv_3a", 96, 1, "maxpool_2");
    x = convMfm(g, "conv_3", 128, 3, x);
    g.addLayer("maxpool_3", maxpool(), x);
    g.addLayer("dense_1", dense(256, Activation.IDENTITY), "maxpool_3");
    g.addLayer("dense_1_mfm", MaxFeatureMap.builder().name("dense_1_mfm").build(), "dense_1");
    g.addLayer("probs", output(10), "dense_1_mfm");
    return g.setOutputs("probs").build();
  }

  /**
   * A ResNet in miniature, as the DL4J back end maps {@code resnet_cifar.cnn}: bias-free same-padded
   * convolutions each followed by batch norm (decay 0.9, eps 1e-5) and a separate ReLU layer, an
   * identity block, a stride-2 block with a 1×1 projection, another identity block and another
   * stride-2 block, element-wise adds, global average pooling, a batch norm on the pooled vector and a
   * softmax output, on 16×16×3. The last three blocks have 16 and 32 channels, so their stream runs in
   * oneDNN's blocked layout at inference (blocked sums, read by the next block's convolutions, its
   * projection and its add; the last add writes NCHW for the pooling), and the first stage's 8
   * channels do not.
   */
  static ComputationGraphConfiguration resnet(long seed) {
    ComputationGraphConfiguration.GraphBuilder g = base(seed).graphBuilder()
        .addInputs("image")
        .setInputTypes(InputType.convolutional(16, 16, 3));
    String stem = convBn(g, "conv_1", 8, 3, 1, "image");
    g.addLayer("stem", relu(), stem);
    String x = basicBlock(g, "block_1", 8, 1, "stem", "stem");
    String shortcut = convBn(g, "block_2/projection", 16, 1, 2, x);
    x = basicBlock(g, "block_2", 16, 2, x, shortcut);
    x = basicBlock(g, "block_3", 16, 1, x, x);
    // A stride-2 block whose 1×1 projection and first convolution read the blocked stream.
    shortcut = convBn(g, "block_4/projection", 32, 1, 2, x);
    x = basicBlock(g, "block_4", 32, 2, x, shortcut);
    g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
    // A rank-2 batch norm, as Light CNN has after its dense layer: the host kernel's fallback path.
    g.addLayer("pool_bn", new BatchNormalization.Builder().decay(0.9).eps(1e-5).build(), "pool");
    g.addLayer("probs", output(10), "pool_bn");
    return g.setOutputs("probs").build();
  }

  /**
   * The network input read by a convolution and by a residual add (as in a spec the differential
   * property generated): the convolution must keep computing its input gradient, which the add's joins.
   */
  static ComputationGraphConfiguration inputReadTwice(long seed) {
    ComputationGraphConfiguration.GraphBuilder g = base(seed).graphBuilder()
        .addInputs("image")
        .setInputTypes(InputType.convolutional(8, 8, 2));
    g.addLayer("conv_1", new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU)
        .convolutionMode(ConvolutionMode.Same).build(), "image");
    g.addLayer("conv_1_bn", new BatchNormalization.Builder().decay(0.9).eps(1e-5).build(), "conv_1");
    g.addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "image", "conv_1_bn");
    g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "add");
    g.addLayer("probs", output(10), "pool");
    return g.setOutputs("probs").build();
  }

  private static String basicBlock(ComputationGraphConfiguration.GraphBuilder g, String name, int filters,
      int stride, String in, String shortcut) {
    String y = convBn(g, name + "/conv_1", filters, 3, stride, in);
    g.addLayer(name + "/relu_1", relu(), y);
    y = convBn(g, name + "/conv_2", filters, 3, 1, name + "/relu_1");
    g.addVertex(name + "/add", new ElementWiseVertex(ElementWiseVertex.Op.Add), y, shortcut);
    g.addLayer(name + "/relu_2", relu(), name + "/add");
    return name + "/relu_2";
  }

  private static String convBn(ComputationGraphConfiguration.GraphBuilder g, String name, int filters, int kernel,
      int stride, String in) {
    g.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(filters)
        .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Same).hasBias(false).build(), in);
    g.addLayer(name + "_bn", new BatchNormalization.Builder().decay(0.9).eps(1e-5).build(), name);
    return name + "_bn";
  }

  /** As the back end writes a stand-alone ReLU (on the fast path the one after a batch norm is fused into it). */
  private static ActivationLayer relu() {
    return dev.cnnspec.runtime.layers.CopyOnShareActivation.of(
        new ActivationLayer.Builder().activation(Activation.RELU).build());
  }

  private static String convMfm(ComputationGraphConfiguration.GraphBuilder g, String name, int filters,
      int kernel, String in) {
    g.addLayer(name, conv(filters, kernel, Activation.IDENTITY, ConvolutionMode.Same), in);
    g.addLayer(name + "_mfm", MaxFeatureMap.builder().name(name + "_mfm").build(), name);
    return name + "_mfm";
  }

  private static NeuralNetConfiguration.Builder base(long seed) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Adam(1e-3))
        .weightInit(WeightInit.XAVIER);
  }

  private static ConvolutionLayer conv(int filters, int kernel, Activation act, ConvolutionMode mode) {
    return new ConvolutionLayer.Builder(kernel, kernel).nOut(filters).activation(act)
        .convolutionMode(mode).build();
  }

  private static SubsamplingLayer maxpool() {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
        .convolutionMode(ConvolutionMode.Truncate).build();
  }

  private static DenseLayer dense(int units, Activation act) {
    return new DenseLayer.Builder().nOut(units).activation(act).build();
  }

  private static OutputLayer output(int classes) {
    return new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build();
  }
}
