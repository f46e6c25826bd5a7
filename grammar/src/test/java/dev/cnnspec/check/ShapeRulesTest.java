package dev.cnnspec.check;

import static dev.cnnspec.model.Padding.SAME;
import static dev.cnnspec.model.Padding.VALID;
import static dev.cnnspec.model.Shape.flat;
import static dev.cnnspec.model.Shape.spatial;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;
import dev.cnnspec.testing.Checks;
import dev.cnnspec.testing.GraphSketch;
import dev.cnnspec.testing.Ops;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Output shapes and counts of single ops, with Keras' numbers worked out by hand in each case. */
class ShapeRulesTest {

  private static LayerModel single(Shape input, Op op) {
    GraphSketch n = GraphSketch.network("N").input("x", input);
    String out = n.from("x").name("layer").then(op).tensor();
    n.from(out).then(input instanceof Shape.Spatial && !(op instanceof Op.GlobalPool)
        && !(op instanceof Op.Flatten) ? Ops.flatten()
        : new Op.ActivationOp(dev.cnnspec.model.Activation.IDENTITY, 0)).output("out"); // logits: any loss fits
    return Checks.model(n.build()).layer("layer").orElseThrow();
  }

  @ParameterizedTest(name = "{0}x{0}, k={1}, s={2}, d={3}, {4} -> {5}")
  @CsvSource({
      // n, k, stride, dilation, padding, expected: same = ceil(n/s); valid = floor((n-((k-1)d+1))/s)+1
      "224, 7, 2, 1, SAME, 112",   // ceil(224/2)
      "225, 3, 2, 1, SAME, 113",   // ceil(225/2)
      "230, 7, 2, 1, VALID, 112",  // floor(223/2)+1
      "32, 5, 1, 1, VALID, 28",    // 27+1
      "10, 3, 3, 1, VALID, 3",     // floor(7/3)+1
      "9, 3, 1, 2, VALID, 5",      // span 5: 4+1
      "5, 5, 1, 1, VALID, 1",      // exact fit
      "7, 3, 1, 3, SAME, 7"})      // dilation does not matter under same
  void convOutputSize(int n, int k, int s, int d, Padding padding, int expected) {
    LayerModel conv = single(spatial(n, n, 3), Ops.conv(8, Size2D.square(k), Size2D.square(s), padding,
        Size2D.square(d), true));
    assertEquals(spatial(expected, expected, 8), conv.outputShape());
    assertEquals((long) k * k * 3 * 8 + 8, conv.parameters());
    assertEquals((long) expected * expected * k * k * 3 * 8, conv.macs());
  }

  @Test
  void rectangularConvWithoutBias() {
    LayerModel conv = single(spatial(20, 30, 4),
        Ops.conv(6, new Size2D(3, 5), new Size2D(1, 2), VALID, Size2D.square(1), false));
    // h: 20-3+1 = 18; w: floor((30-5)/2)+1 = 13
    assertEquals(spatial(18, 13, 6), conv.outputShape());
    assertEquals(3 * 5 * 4 * 6, conv.parameters());
    assertEquals(18L * 13 * 3 * 5 * 4 * 6, conv.macs());
  }

  @Test
  void poolsUseTheWindowFormulasAndKeepChannels() {
    assertEquals(spatial(3, 3, 5), single(spatial(7, 7, 5), Ops.maxpool(2)).outputShape());
    assertEquals(spatial(4, 4, 5), single(spatial(7, 7, 5), Ops.pool(PoolType.AVG, 2, 2, SAME)).outputShape());
    assertEquals(spatial(3, 3, 5), single(spatial(7, 7, 5), Ops.pool(PoolType.MAX, 3, 2, VALID)).outputShape());
    assertEquals(0, single(spatial(7, 7, 5), Ops.maxpool(2)).parameters());
  }

  @Test
  void zeroPadAddsEachSide() {
    assertEquals(spatial(10, 13, 2), single(spatial(7, 8, 2), new Op.ZeroPad(1, 2, 3, 2)).outputShape());
  }

  @Test
  void globalPoolAndFlattenGiveFlatTensors() {
    assertEquals(flat(5), single(spatial(7, 7, 5), Ops.globalAvgPool()).outputShape());
    assertEquals(flat(7 * 6 * 5), single(spatial(7, 6, 5), Ops.flatten()).outputShape());
    assertEquals(flat(12), single(flat(12), Ops.flatten()).outputShape());
  }

  @Test
  void denseAndBatchNormCounts() {
    LayerModel dense = single(flat(12), Ops.dense(5));
    assertEquals(flat(5), dense.outputShape());
    assertEquals(12 * 5 + 5, dense.parameters());
    assertEquals(12 * 5, dense.macs());
    LayerModel noBias = single(flat(12), new Op.Dense(5, dev.cnnspec.model.Activation.RELU, 0.01, false));
    assertEquals(60, noBias.parameters());
    LayerModel bnSpatial = single(spatial(4, 4, 6), Ops.batchNorm());
    assertEquals(24, bnSpatial.parameters());
    assertEquals(12, bnSpatial.trainableParameters());
    LayerModel bnFlat = single(flat(10), Ops.batchNorm());
    assertEquals(40, bnFlat.parameters());
    assertEquals(20, bnFlat.trainableParameters());
  }

  @Test
  void shapePreservingLayers() {
    assertEquals(spatial(4, 4, 6), single(spatial(4, 4, 6), Ops.dropout(0.25)).outputShape());
    assertEquals(spatial(4, 4, 6), single(spatial(4, 4, 6), Ops.relu()).outputShape());
    assertEquals(flat(9), single(flat(9), Ops.softmax()).outputShape());
  }

  @Test
  void mfmHalvesChannelsOrUnits() {
    assertEquals(spatial(4, 4, 3), single(spatial(4, 4, 6), Ops.mfm()).outputShape());
    assertEquals(flat(5), single(flat(10), Ops.mfm()).outputShape());
  }

  @Test
  void convWithMfmActivationIsSplitByTheBuilderAndHalved() {
    GraphSketch n = GraphSketch.network("N").input("x", 8, 8, 1);
    n.from("x").name("c").conv(16, 3, 1, SAME, dev.cnnspec.model.Activation.MFM).flatten().output("out");
    NetworkModel model = Checks.model(n.build());
    assertEquals(spatial(8, 8, 16), model.layer("c").orElseThrow().outputShape());
    assertEquals(spatial(8, 8, 8), model.layer("c_mfm").orElseThrow().outputShape());
  }

  @Test
  void mergesOnSpatialAndFlatTensors() {
    GraphSketch n = GraphSketch.network("N").input("a", 8, 8, 3).input("b", 8, 8, 5).input("u", 4)
        .input("w", 6);
    n.from("a").name("cat").concat("b", "a").globalAvgPool().output("o1");
    n.from("u").name("cat_flat").concat("w").output("o2");
    n.from("u").name("sum").add("u").output("o3");
    Map<String, LayerModel> layers = Checks.byName(Checks.model(n.build()));
    assertEquals(spatial(8, 8, 3 + 5 + 3), layers.get("cat").outputShape());
    assertEquals(flat(10), layers.get("cat_flat").outputShape());
    assertEquals(flat(4), layers.get("sum").outputShape());
  }

  @Test
  void lenet5MacsPerLayer() {
    NetworkModel model = Checks.model(dev.cnnspec.testing.ZooGraphs.lenet5().build());
    Map<String, LayerModel> l = Checks.byName(model);
    assertEquals(28 * 28 * (5 * 5 * 1) * 6, l.get("conv_1").macs());      // 117,600
    assertEquals(0, l.get("maxpool_1").macs());
    assertEquals(10 * 10 * (5 * 5 * 6) * 16, l.get("conv_2").macs());     // 240,000
    assertEquals(0, l.get("maxpool_2").macs());
    assertEquals(0, l.get("flatten_1").macs());
    assertEquals(400 * 120, l.get("dense_1").macs());                     // 48,000
    assertEquals(120 * 84, l.get("dense_2").macs());                      // 10,080
    assertEquals(84 * 10, l.get("probs").macs());                         // 840
    assertEquals(416_520, model.totalMacs());
  }
}
