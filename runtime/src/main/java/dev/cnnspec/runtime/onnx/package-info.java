/**
 * The ONNX back end: a checked {@link dev.cnnspec.model.NetworkModel} and the weights of a DL4J
 * network built from it become an ONNX model (opset {@value dev.cnnspec.runtime.onnx.OnnxExport#OPSET})
 * that ONNX Runtime, TensorRT, OpenVINO or Netron read. The graph is translated from the model, op
 * by op ({@link dev.cnnspec.runtime.onnx.OnnxOps} is one more {@link dev.cnnspec.model.OpVisitor},
 * so an op without an ONNX mapping does not compile); only the weights come from DL4J, because
 * DL4J 1.0.0-M2.1 has no exporter and its configuration says less than the model does (inferred
 * shapes, explicit padding of {@code same}, the spec's locations).
 */
package dev.cnnspec.runtime.onnx;
