package dev.cnnspec.runtime.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputFusion;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.runtime.train.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Writes a network as an ONNX model: the graph from its checked {@link NetworkModel}, the weights
 * (batch-norm running statistics included) from a DL4J network built from that model — freshly
 * initialised by a generated class or {@code SpecInterpreter}, or trained by {@code cnn train}.
 *
 * <pre>{@code
 * ComputationGraph net = LeNet5.builder().build();
 * OnnxExport.write(net, LeNet5.builder().model(), Path.of("lenet5.onnx"));
 * }</pre>
 *
 * The model is inference-only (dropout is the identity, batch norm uses its running statistics),
 * NCHW like DL4J, with a symbolic batch dimension {@code N}; its inputs and outputs carry the
 * spec's names, every node the spec location of its layer in {@code doc_string}, and every value
 * its shape in {@code value_info}. Outputs are what DL4J's {@code output()} returns for each head.
 */
public final class OnnxExport {
  /** The ONNX operator set written: 13 has every operator used here in its current form. */
  public static final int OPSET = 13;
  /** IR version 7 is the one opset 13 was released with; every runtime since 2020 reads it. */
  static final long IR_VERSION = 7;

  private OnnxExport() {}

  /** The ONNX model of {@code model} with the weights of {@code weights}. */
  public static ModelProto model(NetworkModel model, ComputationGraph weights) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(weights, "weights");
    List<String> reserved = new ArrayList<>();
    model.inputs().forEach(i -> reserved.add(i.name()));
    model.layers().forEach(l -> reserved.add(l.name()));
    model.outputs().forEach(o -> reserved.add(o.name()));
    OnnxGraph graph = new OnnxGraph(model.name(),
        model.name() + (model.graph().location().isKnown() ? " (" + model.graph().location() + ")" : ""),
        reserved);
    for (InputNode input : model.inputs()) {
      graph.input(input.name(), input.shape());
    }
    OnnxOps ops = new OnnxOps(model, weights, graph);
    OutputFusion fusion = new OutputFusion(model);
    List<OutputModel> activated = new ArrayList<>();
    for (OutputModel head : model.outputs()) {
      if (headActivation(model, fusion, head) != Activation.IDENTITY) {
        activated.add(head);
        if (head.name().equals(head.node().source())) {
          ops.rename(head.node().source(), "logits");
        }
      }
      // A head may be named after a layer that is not its source: output o = x -> dense(k, activation:
      // mfm) names the dense layer o and reads o_mfm. The output value takes the name; the layer yields.
      if (!head.name().equals(head.node().source()) && model.layer(head.name()).isPresent()) {
        ops.rename(head.name(), "value");
      }
    }
    for (LayerModel layer : model.layers()) {
      ops.translate(layer);
    }
    for (OutputModel head : model.outputs()) {
      String source = ops.valueOf(head.node().source());
      if (activated.contains(head)) {
        ops.activate(headActivation(model, fusion, head), 0, source, head.name());
      } else if (!head.name().equals(source)) {
        graph.node("Identity", List.of(source), head.name(), head.node().location().toString());
      }
      graph.output(head.name(), head.shape());
    }
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("cnn-spec")
        .setProducerVersion(OnnxExport.class.getPackage().getImplementationVersion() == null
            ? "0.1.0-SNAPSHOT" : OnnxExport.class.getPackage().getImplementationVersion())
        .setDocString("Exported by cnn-spec from network " + model.name())
        .addMetadataProps(StringStringEntryProto.newBuilder().setKey("cnn-spec.layout").setValue("NCHW"))
        .setGraph(graph.build())
        .build();
  }

  /**
   * What DL4J's output or loss layer of a head applies after the head's source, beyond what the
   * source layer computes itself: softmax for logits under {@code cross_entropy}
   * ({@link OutputFusion#activation}); nothing when a fused dense layer keeps its own activation.
   */
  private static Activation headActivation(NetworkModel model, OutputFusion fusion, OutputModel head) {
    Activation a = fusion.activation(head);
    if (fusion.fusedInto(head.node().source()) != null) {
      Op.Dense dense = (Op.Dense) model.layer(head.node().source()).orElseThrow().op();
      return a == dense.activation() ? Activation.IDENTITY : a;
    }
    return a;
  }

  /** Writes the model to {@code path} atomically (a reader never sees half a file). */
  public static void write(ComputationGraph weights, NetworkModel model, Path path) throws IOException {
    AtomicFiles.writeBytes(path, model(model, weights).toByteArray());
  }
}
