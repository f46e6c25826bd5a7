package dev.cnnspec.runtime.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import com.google.protobuf.ByteString;

/** Node attributes of the types this back end writes. */
final class OnnxAttributes {
  private OnnxAttributes() {}

  static AttributeProto ints(String name, long... values) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
        .addAllInts(OnnxGraph.boxed(values)).build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto real(String name, double value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
        .setF((float) value).build();
  }

  static AttributeProto text(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value)).build();
  }

}
