package dev.cnnspec.runtime.onnx;

import dev.cnnspec.model.NetworkModel;
import org.junit.jupiter.api.Test;

/**
 * Grouped convolution (the runtime's own layer and, with one group per channel, DL4J's depthwise
 * layer), channel shuffle and channel split exported to ONNX give, under ONNX Runtime, the outputs
 * DL4J computes: ONNX's {@code Conv} with {@code group}, {@code Reshape}/{@code Transpose} and
 * {@code Slice} are an implementation independent of ours.
 */
class GroupedOnnxExportTest {
  static final String SHUFFLE_UNIT = """
      network ShuffleUnits() {
        input image: [9, 9, 6]
        a = image -> channel_split(2, 0)
        b = image -> channel_split(2, 1) -> conv(6, 1, groups: 3, activation: relu)
                  -> conv(6, 3, padding: 1, groups: 6) -> batchnorm -> conv(3, 1, groups: 3)
        s = concat(a, b) -> channel_shuffle(2)
        d = s -> conv(12, 3, stride: 2, padding: same, dilation: 2, groups: 6, bias: false)
               -> conv(12, 3, padding: 2, dilation: 2, groups: 12) -> channel_shuffle(3)
        t = d -> channel_split(3, 2) -> conv(8, [3, 1], stride: 2, groups: 4, activation: tanh)
        output probs = t -> flatten -> dense(4, activation: softmax)
      }
      """;

  @Test
  void onnxRuntimeComputesWhatDl4jComputes() throws Exception {
    NetworkModel model = OnnxExportTest.compile(SHUFFLE_UNIT);
    OnnxRuntimeOracle.assertAgrees(model, OnnxExportTest.network(model, 5), 3);
  }
}
