package dev.cnnspec.runtime.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.layers.GroupedConvolution;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Grouped convolution, channel shuffle and channel split through the checker and DL4J: shapes and
 * counts against hand arithmetic (PyTorch's grouped count k_h·k_w·(C_in / g)·F + F), DL4J's
 * {@code numParams()} and forward shapes equal to the checker's, a finite backward pass; and the
 * values against independent computations: a grouped conv equals ordinary DL4J convolutions of each
 * group's channels with that group's filters, concatenated; a shuffle and a split move the channels
 * where torchvision's {@code channel_shuffle} and {@code chunk} put them.
 */
class GroupedOpsTest {

  private static NetworkModel model(String input, String layers) {
    return NewOpsTest.model(input, layers);
  }

  @ParameterizedTest(name = "{1} on {0}")
  @CsvSource(delimiter = ';', value = {
      // input; layer; output shape; parameters of x
      // 3·3·(8 / 2)·6 + 6
      "[6, 6, 8]; conv(6, 3, groups: 2); (4, 4, 6); 222",
      // ResNeXt's 32×4d: 3·3·(128 / 32)·128 + 0
      "[7, 7, 128]; conv(128, 3, padding: 1, groups: 32, bias: false); (7, 7, 128); 4608",
      // 1·1·(12 / 3)·9 + 9, as ShuffleNet v1's grouped pointwise conv
      "[5, 5, 12]; conv(9, 1, groups: 3, activation: relu); (5, 5, 9); 45",
      "[9, 9, 6]; conv(12, 3, stride: 2, padding: same, dilation: 2, groups: 3); (5, 5, 12); 228",
      // one group per channel: DL4J's depthwise layer, 3·3·1·8 + 8
      "[8, 8, 4]; conv(8, 3, padding: same, groups: 4); (8, 8, 8); 80",
      "[8, 8, 4]; conv(4, [3, 1], stride: 2, groups: 4, bias: false); (3, 4, 4); 12",
      // one group per channel with dilation: the runtime's grouped layer (DL4J's depthwise fails with one)
      "[8, 8, 4]; conv(4, 3, dilation: 2, groups: 4); (4, 4, 4); 40",
      "[5, 5, 6]; channel_shuffle(3); (5, 5, 6); 0",
      "[5, 5, 6]; channel_split(2, 1); (5, 5, 3); 0",
      "[5, 5, 6]; channel_split(3, 0) -> channel_shuffle(2); (5, 5, 2); 0"})
  void shapesCountsAndDl4j(String input, String layer, String shape, long params) {
    NetworkModel m = model(input, layer);
    LayerModel x = m.layer("x").orElseThrow();
    assertEquals(shape, x.outputShape().toString());
    assertEquals(params, x.parameters());
    Dl4jOracle.agrees(m);
  }

  @Test
  void oneGroupPerChannelWithoutDilationIsDl4jsDepthwiseLayerElseTheRuntimes() {
    ComputationGraph depthwise = Dl4jGraphFactory.network(model("[8, 8, 4]", "conv(8, 3, groups: 4)"), 1,
        new org.nd4j.linalg.learning.config.Sgd(0.1));
    assertInstanceOf(DepthwiseConvolution2D.class, depthwise.getLayer("x").conf().getLayer());
    ComputationGraph grouped = Dl4jGraphFactory.network(model("[8, 8, 4]", "conv(8, 3, groups: 2)"), 1,
        new org.nd4j.linalg.learning.config.Sgd(0.1));
    assertInstanceOf(GroupedConvolution.class, grouped.getLayer("x").conf().getLayer());
  }

  /**
   * The oracle: DL4J's own {@code ConvolutionLayer}, one per group, fed that group's input channels
   * and given that group's filters, outputs concatenated in group order.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "conv(6, 3, groups: 3, activation: tanh); 3; 1; 1",
      "conv(4, 2, stride: 2, padding: same, groups: 2, bias: false); 2; 2; 0",
      "conv(6, 3, dilation: 2, padding: 2, groups: 6); 6; 1; 2"})
  void groupedValuesAreOrdinaryConvolutionsOfEachGroup(String layer, int groups, int stride, int pad) {
    NetworkModel m = model("[7, 7, 6]", layer);
    ComputationGraph graph = Dl4jGraphFactory.network(m, 3, new org.nd4j.linalg.learning.config.Sgd(0.1));
    Nd4j.getRandom().setSeed(11);
    INDArray input = Nd4j.rand(2, 6, 7, 7).subi(0.5);
    INDArray actual = graph.feedForward(input, false).get("x");
    var conv = (ConvolutionLayer) graph.getLayer("x").conf().getLayer();
    INDArray w = graph.getLayer("x").getParam("W");
    INDArray b = conv.hasBias() ? graph.getLayer("x").getParam("b") : null;
    long inPer = 6 / groups;
    long outPer = actual.size(1) / groups;
    for (int g = 0; g < groups; g++) {
      ConvolutionLayer.Builder one = new ConvolutionLayer.Builder(conv.getKernelSize())
          .nIn(inPer).nOut(outPer).stride(conv.getStride()).dilation(conv.getDilation())
          .padding(conv.getPadding()).convolutionMode(conv.getConvolutionMode())
          .activation(conv.getActivationFn()).hasBias(b != null);
      org.deeplearning4j.nn.api.Layer reference = new NeuralNetConfiguration.Builder().layer(one.build()).build()
          .getLayer().instantiate(new NeuralNetConfiguration.Builder().layer(one.build()).build(), null, 0,
              Nd4j.create(1, inPer * outPer * conv.getKernelSize()[0] * conv.getKernelSize()[1] + (b == null ? 0 : outPer)),
              true, input.dataType());
      INDArray wg = w.get(NDArrayIndex.interval(g * outPer, (g + 1) * outPer), NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.all());
      if (conv instanceof DepthwiseConvolution2D) {
        // DL4J's depthwise kernel [kh, kw, in, m]; the group's filters are input channel g's.
        wg = w.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(g), NDArrayIndex.all())
            .permute(2, 0, 1).reshape(outPer, 1, conv.getKernelSize()[0], conv.getKernelSize()[1]);
      }
      reference.setParam("W", wg.dup('c'));
      if (b != null) {
        reference.setParam("b", b.reshape(b.length()).get(NDArrayIndex.interval(g * outPer, (g + 1) * outPer))
            .reshape(1, outPer).dup());
      }
      INDArray x = input.get(NDArrayIndex.all(), NDArrayIndex.interval(g * inPer, (g + 1) * inPer), NDArrayIndex.all(),
          NDArrayIndex.all()).dup('c');
      INDArray expected = reference.activate(x, false, LayerWorkspaceMgr.noWorkspaces());
      INDArray got = actual.get(NDArrayIndex.all(), NDArrayIndex.interval(g * outPer, (g + 1) * outPer),
          NDArrayIndex.all(), NDArrayIndex.all());
      assertTrue(expected.equalsWithEps(got, 1e-5), "group " + g + ": " + expected + " vs " + got);
    }
  }

  @Test
  void shuffleAndSplitMoveChannelsWhereTorchvisionPutsThem() {
    NetworkModel m = SpecInterpreter.model(Map.of("n.cnn", """
        network N() {
          input image: [2, 2, 6]
          s = image -> channel_shuffle(3)
          a = image -> channel_split(3, 1)
          output probs = concat(s, a) -> flatten -> dense(3, activation: softmax)
        }
        """), "N", Map.of());
    ComputationGraph graph = Dl4jOracle.agrees(m);
    INDArray input = Nd4j.create(1, 6, 2, 2);
    for (int c = 0; c < 6; c++) {
      input.get(NDArrayIndex.point(0), NDArrayIndex.point(c)).assign(c);
    }
    Map<String, INDArray> out = graph.feedForward(input, false);
    // torchvision: x.view(n, 3, 2, h, w).transpose(1, 2).flatten(1, 2) orders channels 0 2 4 1 3 5
    assertEquals("[0.0, 2.0, 4.0, 1.0, 3.0, 5.0]", channelValues(out.get("s")));
    // x.chunk(3, dim=1)[1] is channels 2 and 3
    assertEquals("[2.0, 3.0]", channelValues(out.get("a")));
  }

  private static String channelValues(INDArray a) {
    double[] v = new double[(int) a.size(1)];
    for (int c = 0; c < v.length; c++) {
      v[c] = a.getDouble(0, c, 1, 1);
    }
    return java.util.Arrays.toString(v);
  }
}
