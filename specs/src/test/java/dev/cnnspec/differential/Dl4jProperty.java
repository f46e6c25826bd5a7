package dev.cnnspec.differential;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputFusion;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import dev.cnnspec.runtime.dl4j.SpecInterpreter;
import dev.cnnspec.runtime.onnx.OnnxRuntimeOracle;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Side (b) of the property for one accepted spec, each step against DL4J itself:
 * <ol>
 *   <li>the interpreter ({@link SpecInterpreter}) builds a configuration and DL4J initialises it;
 *   <li>DL4J's {@code numParams()} equals the checker's total;
 *   <li>the generated class's {@code builder().configuration()} equals the interpreter's (JSON);
 *   <li>a forward pass of a random batch gives every layer ({@code feedForward}) and every output
 *       exactly the inferred shape (NCHW for the model's height × width × channels);
 *   <li>the ONNX export ({@code OnnxExport}), run by ONNX Runtime after batch norm and PReLU
 *       get random statistics, gives DL4J's outputs ({@link OnnxRuntimeOracle#assertAgrees});
 *   <li>one training step on random data, labels shaped for each head, gives a finite score,
 *       finite gradients and finite parameters.
 * </ol>
 */
final class Dl4jProperty {
  static final long SEED = 12345;
  private static final int BATCH = 3;
  /** {@code -Ddiff.onnx=false} leaves out the ONNX Runtime comparison (on by default, also in CI). */
  private static final boolean ONNX_STAGE = !"false".equals(System.getProperty("diff.onnx"));

  private final GeneratedSpec spec;
  private final NetworkModel model;
  private final Class<?> generated;

  /** @param generated the generated class, or null to skip the comparison with it */
  Dl4jProperty(GeneratedSpec spec, NetworkModel model, Class<?> generated) {
    this.spec = spec;
    this.model = model;
    this.generated = generated;
  }

  Verdict check() {
    String stage = "interpreter";
    try {
      IUpdater updater = new Adam(1e-3);
      ComputationGraphConfiguration interpreted = SpecInterpreter.configuration(
          Map.of(spec.path(), spec.text()), model.name(), Map.of(), SEED, updater);
      stage = "generated class";
      if (generated != null && !sameAsGenerated(interpreted, updater)) {
        return Verdict.failed(stage, "generated configuration differs from the interpreter's");
      }
      stage = "init";
      ComputationGraph graph = Dl4jGraphFactory.network(model, SEED, updater);
      if (graph.numParams() != model.totalParameters()) {
        return Verdict.failed("numParams", "DL4J counts " + graph.numParams() + ", the checker "
            + model.totalParameters());
      }
      stage = "forward";
      Nd4j.getRandom().setSeed(SEED);
      INDArray[] inputs = model.inputs().stream().map(i -> Nd4j.rand(DataType.FLOAT, batched(i.shape())))
          .toArray(INDArray[]::new);
      String shapes = forwardShapes(graph, inputs);
      if (shapes != null) {
        return Verdict.failed(stage, shapes);
      }
      // The third implementation: ONNX Runtime on the exported graph, with batch norm far from
      // its initial identity so that its statistics and epsilon are compared too.
      stage = "onnx";
      // Also the ONNX stage asserts that DL4J's output(...) left the caller's input arrays as they were.
      if (!KnownIssues.avoids(Construct.DL4J_ACTIVATION_IN_PLACE) && ONNX_STAGE) {
        OnnxRuntimeOracle.perturbBatchNorm(model, graph, SEED, 0.3);
        OnnxRuntimeOracle.assertAgrees(model, graph, BATCH);
      }
      stage = "train";
      INDArray[] labels = model.outputs().stream().map(Dl4jProperty::labels).toArray(INDArray[]::new);
      MultiDataSet data = new MultiDataSet(inputs, labels);
      graph.setInputs(inputs);
      graph.setLabels(labels);
      graph.computeGradientAndScore();
      double before = graph.score();
      if (!Double.isFinite(before) || !finite(graph.gradient().gradient())) {
        return Verdict.failed(stage, "score " + before + " or a gradient is not finite before the step");
      }
      graph.fit(data);
      if (!Double.isFinite(graph.score()) || !finite(graph.params())) {
        return Verdict.failed(stage, "after one step the score is " + graph.score()
            + (finite(graph.params()) ? "" : " and some parameters are not finite"));
      }
      return Verdict.trained();
    } catch (Throwable e) {
      return Verdict.failed(stage, describe(e));
    }
  }

  /** The generated class's {@code builder().seed(…).updater(…).configuration()}, as JSON, equals the interpreter's. */
  private boolean sameAsGenerated(ComputationGraphConfiguration interpreted, IUpdater updater) throws Exception {
    Object builder = generated.getMethod("builder").invoke(null);
    builder = builder.getClass().getMethod("seed", long.class).invoke(builder, SEED);
    builder = builder.getClass().getMethod("updater", IUpdater.class).invoke(builder, updater);
    ComputationGraphConfiguration fromCode =
        (ComputationGraphConfiguration) builder.getClass().getMethod("configuration").invoke(builder);
    return interpreted.toJson().equals(fromCode.toJson());
  }

  /** Null when every layer and output has its inferred shape, else what differs. */
  private String forwardShapes(ComputationGraph graph, INDArray[] inputs) {
    Map<String, INDArray> activations = graph.feedForward(inputs, false);
    for (LayerModel layer : model.layers()) {
      INDArray actual = activations.get(layer.name());
      if (actual == null) {
        return "no activation for layer " + layer.name();
      }
      long[] expected = batched(layer.outputShape());
      if (!Arrays.equals(expected, actual.shape())) {
        return layer.name() + " (" + layer.op().kind() + "): inferred " + layer.outputShape() + " = "
            + Arrays.toString(expected) + ", DL4J gives " + Arrays.toString(actual.shape());
      }
    }
    INDArray[] outputs = graph.output(inputs);
    List<OutputModel> heads = model.outputs();
    if (outputs.length != heads.size()) {
      return heads.size() + " outputs inferred, DL4J gives " + outputs.length;
    }
    List<String> graphOutputs = new OutputFusion(model).graphOutputs();
    for (int i = 0; i < outputs.length; i++) {
      long[] expected = batched(heads.get(i).shape());
      if (!Arrays.equals(expected, outputs[i].shape())) {
        return "output " + heads.get(i).name() + " (" + graphOutputs.get(i) + "): inferred "
            + Arrays.toString(expected) + ", DL4J gives " + Arrays.toString(outputs[i].shape());
      }
    }
    return null;
  }

  /** Labels a head can learn from: one-hot for the classification losses, 0/1 or reals otherwise. */
  private static INDArray labels(OutputModel head) {
    long[] shape = batched(head.shape());
    Loss loss = head.node().loss();
    if (loss == Loss.CROSS_ENTROPY || loss == Loss.NLL) {
      INDArray y = Nd4j.zeros(DataType.FLOAT, shape);
      long classes = shape[1];
      for (int n = 0; n < shape[0]; n++) {
        long k = (n * 7L + 1) % classes;
        if (shape.length == 2) {
          y.putScalar(new long[] {n, k}, 1);
        } else {
          for (int h = 0; h < shape[2]; h++) {
            for (int w = 0; w < shape[3]; w++) {
              y.putScalar(new long[] {n, (k + h + w) % classes, h, w}, 1);
            }
          }
        }
      }
      return y;
    }
    INDArray y = Nd4j.rand(DataType.FLOAT, shape);
    return loss == Loss.BINARY_CROSS_ENTROPY ? y.gt(0.5).castTo(DataType.FLOAT) : y;
  }

  static long[] batched(Shape shape) {
    if (shape instanceof Shape.Spatial s) {
      return new long[] {BATCH, s.channels(), s.height(), s.width()};
    }
    return new long[] {BATCH, ((Shape.Flat) shape).size()};
  }

  private static boolean finite(INDArray values) {
    return values == null || values.isEmpty() || Double.isFinite(values.sumNumber().doubleValue());
  }

  /** An exception as one line per cause, without stack frames: what DL4J or we said. */
  static String describe(Throwable e) {
    if (e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null) {
      e = ite.getCause();
    }
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (out.length() > 0) {
        out.append(" <- ");
      }
      String message = String.valueOf(t.getMessage());
      out.append(t.getClass().getSimpleName()).append(": ")
          .append(message.length() > 300 ? message.substring(0, 300) + "…" : message);
    }
    return out.toString();
  }
}
