package dev.cnnspec.runtime.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.cnnspec.model.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An ONNX graph under construction: nodes in topological order, named initializers and the shapes
 * of values. Value names are the spec's tensor names; the names this back end adds (weights,
 * intermediate results of one layer) are {@code <layer>/<what>} and are made unique against every
 * name already used, so they can never capture a user's tensor.
 */
final class OnnxGraph {
  /** The batch dimension of every value: symbolic, so one model serves any batch size. */
  static final String BATCH = "N";

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();

  OnnxGraph(String name, String docString, Iterable<String> reserved) {
    graph.setName(name).setDocString(docString);
    reserved.forEach(names::add);
  }

  /** A name for a value this back end adds, {@code base} or {@code base_2}, {@code base_3}… */
  String fresh(String base) {
    String name = base;
    for (int k = 2; !names.add(name); k++) {
      name = base + "_" + k;
    }
    return name;
  }

  void node(String opType, List<String> inputs, String output, String docString, AttributeProto... attributes) {
    node(opType, inputs, List.of(output), docString, attributes);
  }

  void node(String opType, List<String> inputs, List<String> outputs, String docString,
      AttributeProto... attributes) {
    NodeProto.Builder node = NodeProto.newBuilder()
        .setOpType(opType)
        .setName(fresh(outputs.get(0) + "/" + opType))
        .addAllInput(inputs)
        .addAllOutput(outputs)
        .setDocString(docString);
    for (AttributeProto a : attributes) {
      node.addAttribute(a);
    }
    graph.addNode(node);
  }

  /** A float initializer holding {@code values} in C order under the given dimensions. */
  String weights(String base, INDArray values, long... dims) {
    INDArray c = values.castTo(DataType.FLOAT).dup('c');
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    if (c.length() != count) {
      throw new IllegalStateException(base + ": DL4J holds " + c.length() + " values, the model expects "
          + count + "; the network does not match its model");
    }
    float[] data = c.data().asFloat();
    ByteBuffer raw = ByteBuffer.allocate(Math.multiplyExact(data.length, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(data);
    String name = fresh(base);
    graph.addInitializer(TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addAllDims(boxed(dims))
        .setRawData(ByteString.copyFrom(raw.array())));
    return name;
  }

  /** A float scalar (rank 0) initializer, for operators such as Clip whose bounds must be scalars. */
  String scalar(String base, double value) {
    String name = fresh(base);
    graph.addInitializer(TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addFloatData((float) value));
    return name;
  }

  /** A 1-D float initializer (Resize's scales). */
  String floats(String base, double... values) {
    String name = fresh(base);
    TensorProto.Builder t = TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addDims(values.length);
    for (double v : values) {
      t.addFloatData((float) v);
    }
    graph.addInitializer(t);
    return name;
  }

  /** An int64 initializer (pads, shapes). */
  String int64s(String base, long... values) {
    String name = fresh(base);
    graph.addInitializer(TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(values.length)
        .addAllInt64Data(boxed(values)));
    return name;
  }

  void input(String name, Shape shape) {
    graph.addInput(typed(name, shape));
  }

  void output(String name, Shape shape) {
    graph.addOutput(typed(name, shape));
  }

  void valueInfo(String name, Shape shape) {
    graph.addValueInfo(typed(name, shape));
  }

  GraphProto build() {
    return graph.build();
  }

  /** NCHW (or N × units) with a symbolic batch, as DL4J lays activations out. */
  static ValueInfoProto typed(String name, Shape shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    for (long d : nchw(shape)) {
      dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT_VALUE)
            .setShape(dims)))
        .build();
  }

  /** One example's dimensions in DL4J's order: [c, h, w] or [n]. */
  static long[] nchw(Shape shape) {
    if (shape instanceof Shape.Spatial s) {
      return new long[] {s.channels(), s.height(), s.width()};
    }
    return new long[] {((Shape.Flat) shape).size()};
  }

  static List<Long> boxed(long[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
