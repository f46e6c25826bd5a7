package dev.cnnspec.codegen.dl4j;

import com.palantir.javapoet.ClassName;

/**
 * The DL4J, ND4J and runtime types generated code refers to, by name only: the processor runs
 * inside javac and must not load DL4J (its native libraries) or the runtime.
 */
final class Dl4jTypes {
  private Dl4jTypes() {}

  private static final String CONF = "org.deeplearning4j.nn.conf";
  private static final String LAYERS = CONF + ".layers";

  static final ClassName GRAPH_CONFIGURATION = ClassName.get(CONF, "ComputationGraphConfiguration");
  static final ClassName GRAPH_BUILDER = GRAPH_CONFIGURATION.nestedClass("GraphBuilder");
  static final ClassName NET_BUILDER = ClassName.get(CONF, "NeuralNetConfiguration", "Builder");
  static final ClassName CONVOLUTION_MODE = ClassName.get(CONF, "ConvolutionMode");
  static final ClassName INPUT_TYPE = ClassName.get(CONF + ".inputs", "InputType");
  static final ClassName WEIGHT_INIT = ClassName.get("org.deeplearning4j.nn.weights", "WeightInit");

  static final ClassName ELEMENT_WISE_VERTEX = ClassName.get(CONF + ".graph", "ElementWiseVertex");
  static final ClassName MERGE_VERTEX = ClassName.get(CONF + ".graph", "MergeVertex");
  static final ClassName PREPROCESSOR_VERTEX = ClassName.get(CONF + ".graph", "PreprocessorVertex");
  static final ClassName CNN_TO_FF = ClassName.get(CONF + ".preprocessor", "CnnToFeedForwardPreProcessor");

  static final ClassName CONVOLUTION_LAYER = ClassName.get(LAYERS, "ConvolutionLayer");
  static final ClassName PRELU_LAYER = ClassName.get(LAYERS, "PReLULayer");
  static final ClassName DECONVOLUTION = ClassName.get(LAYERS, "Deconvolution2D");
  static final ClassName UPSAMPLING = ClassName.get(LAYERS, "Upsampling2D");
  static final ClassName SUBSAMPLING_LAYER = ClassName.get(LAYERS, "SubsamplingLayer");
  static final ClassName POOLING_TYPE = ClassName.get(LAYERS, "PoolingType");
  static final ClassName GLOBAL_POOLING_LAYER = ClassName.get(LAYERS, "GlobalPoolingLayer");
  static final ClassName ZERO_PADDING_LAYER = ClassName.get(LAYERS, "ZeroPaddingLayer");
  static final ClassName DENSE_LAYER = ClassName.get(LAYERS, "DenseLayer");
  static final ClassName OUTPUT_LAYER = ClassName.get(LAYERS, "OutputLayer");
  static final ClassName LOSS_LAYER = ClassName.get(LAYERS, "LossLayer");
  static final ClassName CNN_LOSS_LAYER = ClassName.get(LAYERS, "CnnLossLayer");
  static final ClassName DROPOUT_LAYER = ClassName.get(LAYERS, "DropoutLayer");
  static final ClassName BATCH_NORMALIZATION = ClassName.get(LAYERS, "BatchNormalization");
  static final ClassName ACTIVATION_LAYER = ClassName.get(LAYERS, "ActivationLayer");

  static final ClassName ACTIVATION = ClassName.get("org.nd4j.linalg.activations", "Activation");
  static final ClassName ACTIVATION_LRELU = ClassName.get("org.nd4j.linalg.activations.impl", "ActivationLReLU");
  static final ClassName ACTIVATION_ELU = ClassName.get("org.nd4j.linalg.activations.impl", "ActivationELU");
  static final ClassName CHANNEL_SOFTMAX = ClassName.get("dev.cnnspec.runtime.layers", "ChannelSoftmax");
  static final ClassName GELU = ClassName.get("dev.cnnspec.runtime.layers", "Gelu");
  static final ClassName HARD_SIGMOID = ClassName.get("dev.cnnspec.runtime.layers", "HardSigmoid");
  static final ClassName HARD_SWISH = ClassName.get("dev.cnnspec.runtime.layers", "HardSwish");
  static final ClassName LOSS_FUNCTION = ClassName.get("org.nd4j.linalg.lossfunctions", "LossFunctions", "LossFunction");

  static final ClassName COPY_ON_SHARE_ACTIVATION = ClassName.get("dev.cnnspec.runtime.layers", "CopyOnShareActivation");
  static final ClassName COPY_ON_SHARE_PRELU = ClassName.get("dev.cnnspec.runtime.layers", "CopyOnSharePReLU");
  // DL4J's depthwise and separable layers with a working one-channel path (runtime/layers/OneChannel)
  static final ClassName DEPTHWISE_CONVOLUTION = ClassName.get("dev.cnnspec.runtime.layers", "DepthwiseConvolution");
  static final ClassName SEPARABLE_CONVOLUTION = ClassName.get("dev.cnnspec.runtime.layers", "SeparableConvolution");
  static final ClassName MAX_FEATURE_MAP = ClassName.get("dev.cnnspec.runtime.layers", "MaxFeatureMap");
  static final ClassName BROADCAST_VERTEX = ClassName.get("dev.cnnspec.runtime.layers", "BroadcastVertex");
  static final ClassName CHANNEL_VERTEX = ClassName.get("dev.cnnspec.runtime.layers", "ChannelVertex");
  static final ClassName GROUPED_CONVOLUTION = ClassName.get("dev.cnnspec.runtime.layers", "GroupedConvolution");
  static final ClassName PROBABILITY_CROSS_ENTROPY = ClassName.get("dev.cnnspec.runtime.layers", "ProbabilityCrossEntropy");
  static final ClassName WEIGHTED_LOSS = ClassName.get("dev.cnnspec.runtime.layers", "WeightedLoss");
}
