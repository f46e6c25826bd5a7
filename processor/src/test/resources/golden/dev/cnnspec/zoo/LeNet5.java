package dev.cnnspec.zoo;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.dl4j.InvalidSpecException;
import dev.cnnspec.runtime.dl4j.MemoryBudget;
import dev.cnnspec.runtime.dl4j.NetworkTooLargeException;
import dev.cnnspec.runtime.dl4j.SpecInterpreter;
import dev.cnnspec.runtime.exec.FastPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.processing.Generated;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The {@code LeNet5} network, generated from {@code dev/cnnspec/zoo/lenet.cnn:2:9}.
 * Do not edit: change the source and rebuild.
 *
 * <p>Use {@code builder()} to change parameters, the random seed or the updater, then
 * {@code configuration()} or {@code build()}.
 *
 * <pre>
 * Network: LeNet5
 * =================================================================
 * Layer (type)         Output shape  Param #     MACs  Connected to
 * =================================================================
 * image (input)        (32, 32, 1)         0        0
 * conv_1 (conv)        (28, 28, 6)       156  117,600  image
 * maxpool_1 (maxpool)  (14, 14, 6)         0        0  conv_1
 * conv_2 (conv)        (10, 10, 16)    2,416  240,000  maxpool_1
 * maxpool_2 (maxpool)  (5, 5, 16)          0        0  conv_2
 * f (flatten)          (400)               0        0  maxpool_2
 * dense_1 (dense)      (120)          48,120   48,000  f
 * dense_2 (dense)      (84)           10,164   10,080  dense_1
 * probs (dense)        (10)              850      840  dense_2
 * =================================================================
 * Total params:         61,706
 * Trainable params:     61,706
 * Non-trainable params: 0
 * Total MACs:           416,520
 * Output probs: (10) from probs, loss cross_entropy
 * -----------------------------------------------------------------
 * </pre>
 */
@Generated(
    value = "dev.cnnspec.codegen.NetworkClassGenerator",
    comments = "from dev/cnnspec/zoo/lenet.cnn:2:9"
)
public final class LeNet5 {
  /**
   * The network's name in its source.
   */
  public static final String NAME = "LeNet5";

  /**
   * Parameters of the network as checked at build time, trainable or not.
   */
  public static final long TOTAL_PARAMETERS = 61706L;

  /**
   * Parameters training updates (batch norm's running statistics are not).
   */
  public static final long TRAINABLE_PARAMETERS = 61706L;

  /**
   * The inputs in the order DL4J's {@code ComputationGraph} takes them.
   */
  public static final List<String> INPUT_NAMES = List.of("image");

  /**
   * The outputs in the order DL4J's {@code ComputationGraph} returns them.
   */
  public static final List<String> OUTPUT_NAMES = List.of("probs");

  /**
   * The shape of input {@code image}: height, width, channels (DL4J's arrays are NCHW: batch, channels, height, width).
   */
  public static final List<Integer> IMAGE_SHAPE = List.of(32, 32, 1);

  /**
   * The shape of output {@code probs}: units.
   */
  public static final List<Integer> PROBS_SHAPE = List.of(10);

  /**
   * The shape of the only input, as {@code image}.
   */
  public static final List<Integer> INPUT_SHAPE = List.of(32, 32, 1);

  /**
   * The shape of the only output, as {@code probs}.
   */
  public static final List<Integer> OUTPUT_SHAPE = List.of(10);

  /**
   * The spec sources this class was generated from, path → text: when parameters
   * change, the interpreter re-checks them at run time instead of trusting stale code.
   */
  private static final Map<String, String> SOURCES = Map.of(
      "dev/cnnspec/zoo/lenet.cnn", "// LeNet-5 (LeCun et al. 1998) on 32x32 grey images.\n"
          + "network LeNet5(classes: int = 10) {\n"
          + "  input image: [32, 32, 1]\n"
          + "  f = image -> conv(6, 5, activation: relu) -> maxpool(2)\n"
          + "            -> conv(16, 5, activation: relu) -> maxpool(2) -> flatten\n"
          + "  output probs = f -> dense(120, activation: relu) -> dense(84, activation: relu)\n"
          + "                   -> dense(classes, activation: softmax)\n"
          + "}\n");

  private static final String SUMMARY = "Network: LeNet5\n"
      + "=================================================================\n"
      + "Layer (type)         Output shape  Param #     MACs  Connected to\n"
      + "=================================================================\n"
      + "image (input)        (32, 32, 1)         0        0\n"
      + "conv_1 (conv)        (28, 28, 6)       156  117,600  image\n"
      + "maxpool_1 (maxpool)  (14, 14, 6)         0        0  conv_1\n"
      + "conv_2 (conv)        (10, 10, 16)    2,416  240,000  maxpool_1\n"
      + "maxpool_2 (maxpool)  (5, 5, 16)          0        0  conv_2\n"
      + "f (flatten)          (400)               0        0  maxpool_2\n"
      + "dense_1 (dense)      (120)          48,120   48,000  f\n"
      + "dense_2 (dense)      (84)           10,164   10,080  dense_1\n"
      + "probs (dense)        (10)              850      840  dense_2\n"
      + "=================================================================\n"
      + "Total params:         61,706\n"
      + "Trainable params:     61,706\n"
      + "Non-trainable params: 0\n"
      + "Total MACs:           416,520\n"
      + "Output probs: (10) from probs, loss cross_entropy\n"
      + "-----------------------------------------------------------------\n";

  private LeNet5() {
  }

  /**
   * A builder whose parameters start at the values checked at build time.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The layer table {@code cnn summary} prints, for the network as checked at build time.
   */
  public static String summary() {
    return SUMMARY;
  }

  /**
   * The configuration of the network exactly as checked at build time.
   */
  private static ComputationGraphConfiguration checkedConfiguration(long seed, IUpdater updater) {
    ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .updater(updater)
        .weightInit(WeightInit.XAVIER_UNIFORM)
        .graphBuilder();
    builder.addInputs("image");
    builder.setInputTypes(InputType.convolutional(32, 32, 1));

    // conv_1: conv → (28, 28, 6), 156 parameters
    builder.addLayer("conv_1", new ConvolutionLayer.Builder(5, 5)
        .nOut(6)
        .stride(1, 1)
        .dilation(1, 1)
        .convolutionMode(ConvolutionMode.Truncate)
        .activation(Activation.RELU)
        .hasBias(true)
        .build(), "image");

    // maxpool_1: maxpool → (14, 14, 6), 0 parameters
    builder.addLayer("maxpool_1", new SubsamplingLayer.Builder(PoolingType.MAX)
        .kernelSize(2, 2)
        .stride(2, 2)
        .convolutionMode(ConvolutionMode.Truncate)
        .build(), "conv_1");

    // conv_2: conv → (10, 10, 16), 2416 parameters
    builder.addLayer("conv_2", new ConvolutionLayer.Builder(5, 5)
        .nOut(16)
        .stride(1, 1)
        .dilation(1, 1)
        .convolutionMode(ConvolutionMode.Truncate)
        .activation(Activation.RELU)
        .hasBias(true)
        .build(), "maxpool_1");

    // maxpool_2: maxpool → (5, 5, 16), 0 parameters
    builder.addLayer("maxpool_2", new SubsamplingLayer.Builder(PoolingType.MAX)
        .kernelSize(2, 2)
        .stride(2, 2)
        .convolutionMode(ConvolutionMode.Truncate)
        .build(), "conv_2");

    // f: flatten → (400), 0 parameters
    builder.addVertex("f", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(5, 5, 16)), "maxpool_2");

    // dense_1: dense → (120), 48120 parameters
    builder.addLayer("dense_1", new DenseLayer.Builder()
        .nOut(120)
        .activation(Activation.RELU)
        .hasBias(true)
        .build(), "f");

    // dense_2: dense → (84), 10164 parameters
    builder.addLayer("dense_2", new DenseLayer.Builder()
        .nOut(84)
        .activation(Activation.RELU)
        .hasBias(true)
        .build(), "dense_1");

    // probs: dense → (10), 850 parameters; output layer of probs
    builder.addLayer("probs", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nOut(10)
        .activation(Activation.SOFTMAX)
        .hasBias(true)
        .build(), "dense_2");

    builder.setOutputs("probs");
    return builder.build();
  }

  /**
   * Configures one {@code LeNet5}. Not thread-safe; start one per model.
   */
  public static final class Builder {
    private int classes = 10;

    private long seed = 42L;

    private IUpdater updater = new Adam(1e-3);

    private Builder() {
    }

    /**
     * Sets {@code classes: int}; checked at build time with {@code 10} (dev/cnnspec/zoo/lenet.cnn:2:16).
     */
    public Builder classes(int classes) {
      this.classes = classes;
      return this;
    }

    /**
     * The random seed of weight initialisation and dropout; 42 unless set.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The optimiser; {@code new Adam(1e-3)} unless set.
     */
    public Builder updater(IUpdater updater) {
      this.updater = Objects.requireNonNull(updater, "updater");
      return this;
    }

    /**
     * The DL4J configuration. With every parameter at its checked value this is the
     * generated code; otherwise the embedded spec is re-checked with the new values.
     *
     * @throws InvalidSpecException when the new values make the spec invalid; the message
     *     quotes the spec like the compiler does
     */
    public ComputationGraphConfiguration configuration() {
      Map<String, String> overrides = overrides();
      if (overrides.isEmpty()) {
        return checkedConfiguration(seed, updater);
      }
      return SpecInterpreter.configuration(SOURCES, NAME, overrides, seed, updater);
    }

    /**
     * The checked model of these parameter values (shapes, counts, heads): the embedded
     * spec compiled again, as {@code cnn train spec.cnn} does.
     *
     * @throws InvalidSpecException when the values make the spec invalid
     */
    public NetworkModel model() {
      return SpecInterpreter.model(SOURCES, NAME, overrides());
    }

    /**
     * A new, initialised graph of {@link #configuration()}, tuned for the fastest
     * execution path this machine has (see {@code dev.cnnspec.runtime.exec.FastPath}).
     *
     * @throws NetworkTooLargeException before any allocation when its weights cannot fit in memory
     */
    public ComputationGraph build() {
      ComputationGraphConfiguration conf = configuration();
      MemoryBudget.check(conf, 1, NAME);
      ComputationGraph graph = new ComputationGraph(conf);
      graph.init();
      return FastPath.optimise(graph);
    }

    /**
     * The parameters that differ from their checked values, as spec text.
     */
    private Map<String, String> overrides() {
      Map<String, String> overrides = new LinkedHashMap<>();
      if (classes != 10) {
        overrides.put("classes", Integer.toString(classes));
      }
      return overrides;
    }
  }
}
