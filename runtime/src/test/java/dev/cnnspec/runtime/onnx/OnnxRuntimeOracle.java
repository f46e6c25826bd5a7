package dev.cnnspec.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ONNX Runtime as the independent oracle of the ONNX back end: it runs an exported model on the
 * inputs DL4J ran, and every output must agree with DL4J's element by element.
 */
public final class OnnxRuntimeOracle {
  private OnnxRuntimeOracle() {}

  /** Relative tolerance of the comparison; {@link #ABSOLUTE} guards values near zero. */
  public static final double RELATIVE = 1e-4;
  public static final double ABSOLUTE = 1e-5;

  /** Random inputs for every input of the model, {@code batch} examples each, NCHW. */
  public static INDArray[] inputs(NetworkModel model, int batch, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray[] in = new INDArray[model.inputs().size()];
    for (int i = 0; i < in.length; i++) {
      long[] dims = OnnxGraph.nchw(model.inputs().get(i).shape());
      long[] shape = new long[dims.length + 1];
      shape[0] = batch;
      System.arraycopy(dims, 0, shape, 1, dims.length);
      in[i] = Nd4j.rand(DataType.FLOAT, shape).subi(0.5).muli(2);
    }
    return in;
  }

  /** ONNX Runtime's outputs of {@code onnx} on {@code inputs}, in the model's output order. */
  public static INDArray[] run(byte[] onnx, NetworkModel model, INDArray[] inputs) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(onnx, options)) {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
          for (int i = 0; i < inputs.length; i++) {
            InputNode node = model.inputs().get(i);
            INDArray x = inputs[i].castTo(DataType.FLOAT).dup('c');
            feed.put(node.name(), OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data().asFloat()), x.shape()));
          }
          try (OrtSession.Result result = session.run(feed)) {
            INDArray[] out = new INDArray[result.size()];
            for (int k = 0; k < out.length; k++) {
              OnnxTensor t = (OnnxTensor) result.get(k);
              FloatBuffer b = t.getFloatBuffer();
              float[] values = new float[b.remaining()];
              b.get(values);
              out[k] = Nd4j.create(values, t.getInfo().getShape(), 'c');
            }
            return out;
          }
        } finally {
          feed.values().forEach(OnnxTensor::close);
        }
      }
    }
  }

  /**
   * Exports {@code graph}, runs both on the same random batch and asserts every output agrees, and
   * that DL4J's {@code output(...)} left the caller's input arrays as they were (a layer that writes
   * into its input would otherwise hand ONNX Runtime already-activated inputs).
   */
  public static double assertAgrees(NetworkModel model, ComputationGraph graph, int batch) throws OrtException {
    INDArray[] in = inputs(model, batch, 11);
    INDArray[] pristine = java.util.Arrays.stream(in).map(INDArray::dup).toArray(INDArray[]::new);
    INDArray[] expected = graph.output(false, in);
    for (int i = 0; i < in.length; i++) {
      assertEquals(pristine[i], in[i], model.name() + ": DL4J's output(...) changed input "
          + model.inputs().get(i).name() + " in place");
    }
    return assertClose(model, expected, run(OnnxExport.model(model, graph).toByteArray(), model, pristine));
  }

  /**
   * Asserts ONNX Runtime's outputs {@code actual} equal DL4J's {@code expected} element by element
   * within {@link #RELATIVE} and {@link #ABSOLUTE}; returns the worst relative error.
   */
  public static double assertClose(NetworkModel model, INDArray[] expected, INDArray[] actual) {
    assertEquals(expected.length, actual.length, "outputs");
    double worst = 0;
    for (int k = 0; k < expected.length; k++) {
      String head = model.outputs().get(k).name();
      assertArrayEquals(expected[k].shape(), actual[k].shape(), head + ": shape");
      double[] e = expected[k].castTo(DataType.DOUBLE).dup('c').data().asDouble();
      double[] a = actual[k].castTo(DataType.DOUBLE).dup('c').data().asDouble();
      for (int i = 0; i < e.length; i++) {
        // A comparison of NaNs or infinities would pass and prove nothing.
        assertTrue(Double.isFinite(e[i]), model.name() + " head " + head + " element " + i + ": DL4J gives " + e[i]
            + "; the test's weights make the network overflow");
        double error = Math.abs(e[i] - a[i]);
        worst = Math.max(worst, error / Math.max(Math.abs(e[i]), ABSOLUTE / RELATIVE));
        if (error > ABSOLUTE + RELATIVE * Math.abs(e[i])) {
          throw new AssertionError(model.name() + " head " + head + " element " + i + ": DL4J " + e[i]
              + ", ONNX Runtime " + a[i] + " (tolerance " + RELATIVE + " relative, " + ABSOLUTE + " absolute)");
        }
      }
    }
    return worst;
  }

  /**
   * Gives every batch norm of {@code graph} random scales, shifts and running statistics far from
   * their initial 1s and 0s, with variances between {@code minVariance} and 10× that: 1e-4 makes
   * epsilon (1e-5) matter, so a lost or doubled epsilon or a log-std read as a variance shows; deep
   * networks need variances near 1, or the activations grow through the layers until they overflow.
   * PReLU slopes, which start at 0, are made random too.
   */
  public static ComputationGraph perturbBatchNorm(NetworkModel model, ComputationGraph graph, long seed,
      double minVariance) {
    Nd4j.getRandom().setSeed(seed);
    for (LayerModel layer : model.layers()) {
      if (layer.op() instanceof Op.BatchNorm) {
        Layer bn = graph.getLayer(layer.name());
        long c = bn.getParam("gamma").length();
        bn.setParam("gamma", Nd4j.rand(DataType.FLOAT, 1, c).addi(0.5));
        bn.setParam("beta", Nd4j.rand(DataType.FLOAT, 1, c).subi(0.5));
        bn.setParam("mean", Nd4j.rand(DataType.FLOAT, 1, c).subi(0.5).muli(0.2));
        INDArray var = Nd4j.rand(DataType.FLOAT, 1, c).muli(9 * minVariance).addi(minVariance);
        if (bn.paramTable().containsKey("var")) {
          bn.setParam("var", var);
        } else {
          bn.setParam("log10stdev", Transforms.log(Transforms.sqrt(var, true), 10, false));
        }
      } else if (layer.op() instanceof Op.PRelu) {
        // Slopes start at 0 (PReLU is then ReLU): random ones, so that their layout is tested too.
        Layer prelu = graph.getLayer(layer.name());
        INDArray w = prelu.getParam("W");
        prelu.setParam("W", Nd4j.rand(DataType.FLOAT, w.shape()).subi(0.5));
      }
    }
    return graph;
  }
}
