package dev.cnnspec.runtime.layers;

import java.util.Objects;
import org.deeplearning4j.nn.conf.CNN2DFormat;
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
 * The configuration of a vertex that rearranges the channels of an NCHW tensor: ShuffleNet's
 * channel shuffle between {@code groups} groups, or part {@code index} of the channels cut into
 * {@code groups} equal parts (a channel split). DL4J 1.0.0-M2.1's {@code SubsetVertex} would do the
 * split but reports the wrong channel count for CNN inputs to the next layer (measured in the first
 * wave), and it has no shuffle, hence a vertex of our own with an explicit backward pass
 * ({@link ChannelVertexImpl}, checked numerically by {@code ChannelVertexTest}). Its fields are
 * Jackson properties, so configurations and saved models round-trip.
 */
public final class ChannelVertex extends GraphVertex {
  /** What the vertex does with the channels. */
  public enum Operation { SHUFFLE, SPLIT }

  private final Operation operation;
  private final int groups;
  private final int index;

  public ChannelVertex(@JsonProperty("operation") Operation operation, @JsonProperty("groups") int groups,
      @JsonProperty("index") int index) {
    this.operation = Objects.requireNonNull(operation, "operation");
    if (groups < 1 || index < 0 || index >= groups) {
      throw new IllegalArgumentException("ChannelVertex needs groups >= 1 and 0 <= index < groups, got groups "
          + groups + ", index " + index);
    }
    this.groups = groups;
    this.index = index;
  }

  /** Channel shuffle between {@code groups} groups. */
  public static ChannelVertex shuffle(int groups) {
    return new ChannelVertex(Operation.SHUFFLE, groups, 0);
  }

  /** Part {@code index} of the channels cut into {@code parts} parts. */
  public static ChannelVertex split(int parts, int index) {
    return new ChannelVertex(Operation.SPLIT, parts, index);
  }

  public Operation getOperation() {
    return operation;
  }

  public int getGroups() {
    return groups;
  }

  public int getIndex() {
    return index;
  }

  @Override
  public GraphVertex clone() {
    return new ChannelVertex(operation, groups, index);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelVertex v && v.operation == operation && v.groups == groups && v.index == index;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ChannelVertex.class, operation, groups, index);
  }

  @Override
  public long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public int minVertexInputs() {
    return 1;
  }

  @Override
  public int maxVertexInputs() {
    return 1;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
      INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
    return new ChannelVertexImpl(graph, name, idx, this, networkDatatype);
  }

  /** The same height and width; as many channels (shuffle) or a part of them (split). */
  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
    if (vertexInputs.length != 1 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional c)
        || c.getFormat() != CNN2DFormat.NCHW) {
      throw new InvalidInputTypeException("ChannelVertex takes one NCHW convolutional input, got "
          + java.util.Arrays.toString(vertexInputs));
    }
    if (c.getChannels() % groups != 0) {
      throw new InvalidInputTypeException("ChannelVertex " + operation + ": " + c.getChannels()
          + " channels do not divide into " + groups + " groups");
    }
    long channels = operation == Operation.SHUFFLE ? c.getChannels() : c.getChannels() / groups;
    return InputType.convolutional(c.getHeight(), c.getWidth(), channels, CNN2DFormat.NCHW);
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    InputType out = getOutputType(-1, inputTypes);
    return new LayerMemoryReport.Builder(null, ChannelVertex.class, inputTypes[0], out)
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
  }

  @Override
  public String toString() {
    return "ChannelVertex(" + operation + ", groups=" + groups + (operation == Operation.SPLIT ? ", index=" + index : "")
        + ")";
  }
}
