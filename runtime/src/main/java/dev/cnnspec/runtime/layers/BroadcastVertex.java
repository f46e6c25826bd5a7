package dev.cnnspec.runtime.layers;

import java.util.Objects;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The configuration of an element-wise sum or product of two tensors where one may be a per-channel
 * gate of the other: [N, C, H, W] with [N, C, 1, 1] or [N, C] (squeeze-and-excitation's
 * {@code x * sigmoid(dense(globalavgpool(x)))}), or two equal shapes. DL4J 1.0.0-M2.1's
 * {@code ElementWiseVertex} needs equal shapes, and a {@code SameDiffLambdaVertex} doubles the input
 * gradient (measured in the first wave), hence a vertex of our own ({@link BroadcastVertexImpl}).
 */
public final class BroadcastVertex extends GraphVertex {
  /** The element-wise operation. */
  public enum Operation { ADD, MULTIPLY }

  private final Operation operation;

  public BroadcastVertex(@JsonProperty("operation") Operation operation) {
    this.operation = Objects.requireNonNull(operation, "operation");
  }

  public Operation getOperation() {
    return operation;
  }

  @Override
  public GraphVertex clone() {
    return new BroadcastVertex(operation);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BroadcastVertex v && v.operation == operation;
  }

  @Override
  public int hashCode() {
    return Objects.hash(BroadcastVertex.class, operation);
  }

  @Override
  public long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public int minVertexInputs() {
    return 2;
  }

  @Override
  public int maxVertexInputs() {
    return 2;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
      INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
    return new BroadcastVertexImpl(graph, name, idx, operation, networkDatatype);
  }

  /** The larger of the two inputs: the spatial one, or either when they are of one type. */
  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
    if (vertexInputs.length != 2) {
      throw new InvalidInputTypeException("BroadcastVertex takes 2 inputs, got " + vertexInputs.length);
    }
    InputType a = vertexInputs[0];
    InputType b = vertexInputs[1];
    long sa = a.arrayElementsPerExample();
    long sb = b.arrayElementsPerExample();
    boolean aSpatial = a.getType() == InputType.Type.CNN;
    return sa > sb || sa == sb && (aSpatial || b.getType() != InputType.Type.CNN) ? a : b;
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    InputType out = getOutputType(-1, inputTypes);
    return new LayerMemoryReport.Builder(null, BroadcastVertex.class, inputTypes[0], out)
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
  }

  @Override
  public String toString() {
    return "BroadcastVertex(" + operation + ")";
  }
}
