package dev.cnnspec.codegen.dl4j;

import static dev.cnnspec.codegen.dl4j.Dl4jTypes.*;

import com.palantir.javapoet.CodeBlock;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputFusion;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Shape;
import java.util.List;

/**
 * Emits straight-line Java that builds a network's DL4J {@code ComputationGraphConfiguration}: the
 * code a person would write by hand, one {@code addLayer}/{@code addVertex} statement per layer in
 * the model's (topological) order, each preceded by a comment with the layer's output shape and
 * parameter count. It makes exactly the configuration the runtime's
 * {@code dev.cnnspec.runtime.dl4j.Dl4jGraphFactory} makes (the {@code specs} module compares their
 * {@code toJson()}), so the translation rules are documented there.
 *
 * <p>Contract of the returned block: it is a method body fragment that expects two variables in
 * scope, {@code long seed} and {@code org.nd4j.linalg.learning.config.IUpdater updater}; it declares
 * one local, {@code builder} (a {@code ComputationGraphConfiguration.GraphBuilder}), and ends with
 * {@code return builder.build();}, so the enclosing method must return
 * {@code ComputationGraphConfiguration}. It refers to DL4J and to {@code dev.cnnspec.runtime.layers}
 * ({@code MaxFeatureMap}, {@code WeightedLoss}), so the generated code needs the runtime on its
 * class path; the processor itself does not.
 */
public final class Dl4jConfigurationEmitter {
  private Dl4jConfigurationEmitter() {}

  public static CodeBlock emit(NetworkModel model) {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("$T builder = new $T()\n", GRAPH_BUILDER, NET_BUILDER);
    code.add("$>$>.seed(seed)\n");
    code.add(".updater(updater)\n");
    code.add(".weightInit($T.XAVIER_UNIFORM)\n", WEIGHT_INIT);
    code.add(".graphBuilder();\n$<$<");
    code.addStatement("builder.addInputs($L)", strings(model.inputs().stream().map(InputNode::name).toList()));
    code.addStatement("builder.setInputTypes($L)", CodeBlock.join(
        model.inputs().stream().map(i -> inputType(i.shape())).toList(), ", "));

    OutputFusion heads = new OutputFusion(model);
    for (LayerModel layer : model.layers()) {
      List<String> inputs = layer.node().inputs();
      OutputModel fused = heads.fusedInto(layer.name());
      code.add("\n// $L: $L → $L, $L parameters$L\n", layer.name(), layer.op().kind(), layer.outputShape(),
          layer.parameters(), fused == null ? "" : "; output layer of " + fused.name());
      if (fused != null) {
        code.addStatement("builder.addLayer($S, $L, $L)", layer.name(),
            Dl4jLayerEmitter.outputLayer((Op.Dense) layer.op(), fused, heads.activation(fused)), strings(inputs));
      } else {
        Dl4jLayerEmitter.Emitted emitted = Dl4jLayerEmitter.emit(layer.op(), model, inputs);
        code.addStatement(emitted.vertex() ? "builder.addVertex($S, $L, $L)" : "builder.addLayer($S, $L, $L)",
            layer.name(), emitted.code(), strings(inputs));
      }
    }
    for (OutputModel head : model.outputs()) {
      String lossLayer = heads.lossLayerName(head);
      if (lossLayer != null) {
        code.add("\n// $L: loss of output $L, weight $L\n", lossLayer, head.name(), head.node().weight());
        code.addStatement("builder.addLayer($S, $L, $S)", lossLayer, Dl4jLayerEmitter.lossLayer(head, heads.activation(head)),
            head.node().source());
      }
    }
    code.add("\n");
    code.addStatement("builder.setOutputs($L)", strings(heads.graphOutputs()));
    code.addStatement("return builder.build()");
    return code.build();
  }

  private static CodeBlock inputType(Shape shape) {
    if (shape instanceof Shape.Spatial s) {
      return CodeBlock.of("$T.convolutional($L, $L, $L)", INPUT_TYPE, s.height(), s.width(), s.channels());
    }
    return CodeBlock.of("$T.feedForward($L)", INPUT_TYPE, ((Shape.Flat) shape).size());
  }

  private static CodeBlock strings(List<String> values) {
    return CodeBlock.join(values.stream().map(v -> CodeBlock.of("$S", v)).toList(), ", ");
  }
}
