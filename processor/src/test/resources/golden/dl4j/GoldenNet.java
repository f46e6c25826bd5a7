package dev.cnnspec.zoo;

import dev.cnnspec.runtime.layers.MaxFeatureMap;
import dev.cnnspec.runtime.layers.WeightedLoss;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class GoldenNet {
  static ComputationGraphConfiguration checkedConfiguration(long seed, IUpdater updater) {
    ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .updater(updater)
        .weightInit(WeightInit.XAVIER_UNIFORM)
        .graphBuilder();
    builder.addInputs("image");
    builder.setInputTypes(InputType.convolutional(8, 8, 3));

    // zeropad_1: zeropad → (10, 10, 3), 0 parameters
    builder.addLayer("zeropad_1", new ZeroPaddingLayer.Builder(1, 1, 1, 1).build(), "image");

    // conv_1: conv → (8, 8, 8), 216 parameters
    builder.addLayer("conv_1", new ConvolutionLayer.Builder(3, 3)
        .nOut(8)
        .stride(1, 1)
        .dilation(1, 1)
        .convolutionMode(ConvolutionMode.Truncate)
        .activation(new ActivationLReLU(0.2))
        .hasBias(false)
        .build(), "zeropad_1");

    // batchnorm_1: batchnorm → (8, 8, 8), 32 parameters
    builder.addLayer("batchnorm_1", new BatchNormalization.Builder()
        .decay(0.9)
        .eps(1.0E-5)
        .build(), "conv_1");

    // p: maxpool → (4, 4, 8), 0 parameters
    builder.addLayer("p", new SubsamplingLayer.Builder(PoolingType.MAX)
        .kernelSize(2, 2)
        .stride(2, 2)
        .convolutionMode(ConvolutionMode.Truncate)
        .build(), "batchnorm_1");

    // s: conv → (4, 4, 4), 36 parameters
    builder.addLayer("s", new ConvolutionLayer.Builder(1, 1)
        .nOut(4)
        .stride(1, 1)
        .dilation(1, 1)
        .convolutionMode(ConvolutionMode.Same)
        .activation(Activation.RELU)
        .hasBias(true)
        .build(), "p");

    // conv_2: conv → (4, 4, 8), 584 parameters
    builder.addLayer("conv_2", new ConvolutionLayer.Builder(3, 3)
        .nOut(8)
        .stride(1, 1)
        .dilation(1, 1)
        .convolutionMode(ConvolutionMode.Same)
        .activation(Activation.IDENTITY)
        .hasBias(true)
        .build(), "p");

    // conv_2_mfm: mfm → (4, 4, 4), 0 parameters
    builder.addLayer("conv_2_mfm", MaxFeatureMap.builder().build(), "conv_2");

    // add_1: add → (4, 4, 4), 0 parameters
    builder.addVertex("add_1", new ElementWiseVertex(ElementWiseVertex.Op.Add), "conv_2_mfm", "s");

    // c: concat → (4, 4, 8), 0 parameters
    builder.addVertex("c", new MergeVertex(), "add_1", "s");

    // flatten_1: flatten → (128), 0 parameters
    builder.addVertex("flatten_1", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(4, 4, 8)), "c");

    // dropout_1: dropout → (128), 0 parameters
    builder.addLayer("dropout_1", new DropoutLayer.Builder(0.5).build(), "flatten_1");

    // probs: dense → (10), 1290 parameters; output layer of probs
    builder.addLayer("probs", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nOut(10)
        .activation(Activation.SOFTMAX)
        .hasBias(true)
        .build(), "dropout_1");

    // aux: globalavgpool → (8), 0 parameters
    builder.addLayer("aux", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "c");

    // aux_loss: loss of output aux, weight 0.3
    builder.addLayer("aux_loss", new LossLayer.Builder(new WeightedLoss(LossFunctions.LossFunction.MSE.getILossFunction(), 0.3))
        .activation(Activation.IDENTITY)
        .build(), "aux");

    builder.setOutputs("probs", "aux_loss");
    return builder.build();
  }
}
