package dev.cnnspec.check;

import static dev.cnnspec.model.Shape.flat;
import static dev.cnnspec.model.Shape.spatial;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import dev.cnnspec.testing.Checks;
import dev.cnnspec.testing.ZooGraphs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parameter counts, MACs and shapes of well-known networks against figures derived here by hand
 * (layer tables with the arithmetic spelled out) and against published totals.
 */
class ZooCountsTest {

  /** One expected row: layer, output shape, parameters, trainable parameters, MACs. */
  record Row(String name, Shape shape, long params, long trainable, long macs) {
    static Row of(String name, Shape shape, long params, long macs) {
      return new Row(name, shape, params, params, macs);
    }

    static Row bn(String name, Shape shape, long channels) {
      return new Row(name, shape, 4 * channels, 2 * channels, 0);
    }
  }

  private static void assertTable(List<Row> table, NetworkModel model) {
    assertEquals(table.size(), model.layers().size(), "layer count");
    for (int i = 0; i < table.size(); i++) {
      Row want = table.get(i);
      LayerModel got = model.layers().get(i);
      assertEquals(want.name(), got.name(), "layer " + i);
      assertEquals(want.shape(), got.outputShape(), want.name() + " shape");
      assertEquals(want.params(), got.parameters(), want.name() + " parameters");
      assertEquals(want.trainable(), got.trainableParameters(), want.name() + " trainable");
      assertEquals(want.macs(), got.macs(), want.name() + " MACs");
    }
    assertEquals(table.stream().mapToLong(Row::params).sum(), model.totalParameters());
    assertEquals(table.stream().mapToLong(Row::trainable).sum(), model.trainableParameters());
    assertEquals(table.stream().mapToLong(Row::macs).sum(), model.totalMacs());
  }

  @Test
  void lenet5LayerByLayer() {
    NetworkModel model = Checks.model(ZooGraphs.lenet5().build());
    assertTable(List.of(
        Row.of("conv_1", spatial(28, 28, 6), 5 * 5 * 1 * 6 + 6, 28 * 28 * 5 * 5 * 1 * 6),
        Row.of("maxpool_1", spatial(14, 14, 6), 0, 0),
        Row.of("conv_2", spatial(10, 10, 16), 5 * 5 * 6 * 16 + 16, 10 * 10 * 5 * 5 * 6 * 16),
        Row.of("maxpool_2", spatial(5, 5, 16), 0, 0),
        Row.of("flatten_1", flat(400), 0, 0),
        Row.of("dense_1", flat(120), 400 * 120 + 120, 400 * 120),
        Row.of("dense_2", flat(84), 120 * 84 + 84, 120 * 84),
        Row.of("probs", flat(10), 84 * 10 + 10, 84 * 10)), model);
    assertEquals(61_706, model.totalParameters(), "the published LeNet-5 (Keras form) figure");
    assertEquals(117_600 + 240_000 + 48_000 + 10_080 + 840, model.totalMacs());
    assertEquals(flat(10), model.outputs().get(0).shape());
  }

  @Test
  void vgg16MatchesThePaper() {
    NetworkModel model = Checks.model(ZooGraphs.vgg(16));
    // 13 convs 3×3 same: (in·9 + 1)·out each; then 7·7·512 → 4096 → 4096 → 1000.
    long convs = conv3(3, 64) + conv3(64, 64) + conv3(64, 128) + conv3(128, 128)
        + conv3(128, 256) + 2 * conv3(256, 256) + conv3(256, 512) + 2 * conv3(512, 512)
        + 3 * conv3(512, 512);
    long dense = (7L * 7 * 512 * 4096 + 4096) + (4096L * 4096 + 4096) + (4096L * 1000 + 1000);
    assertEquals(convs + dense, model.totalParameters());
    assertEquals(138_357_544L, model.totalParameters());
    assertEquals(model.totalParameters(), model.trainableParameters());
    assertEquals(spatial(7, 7, 512), model.layer("maxpool_5").orElseThrow().outputShape());
    assertEquals(flat(25_088), model.layer("flatten_1").orElseThrow().outputShape());
    // First conv: 224·224 positions × 3·3·3 inputs × 64 filters.
    assertEquals(224L * 224 * 3 * 3 * 3 * 64, model.layer("conv_1").orElseThrow().macs());
  }

  @Test
  void vgg19MatchesThePaper() {
    NetworkModel model = Checks.model(ZooGraphs.vgg(19));
    long convs = conv3(3, 64) + conv3(64, 64) + conv3(64, 128) + conv3(128, 128)
        + conv3(128, 256) + 3 * conv3(256, 256) + conv3(256, 512) + 3 * conv3(512, 512)
        + 4 * conv3(512, 512);
    long dense = (7L * 7 * 512 * 4096 + 4096) + (4096L * 4096 + 4096) + (4096L * 1000 + 1000);
    assertEquals(convs + dense, model.totalParameters());
    assertEquals(143_667_240L, model.totalParameters());
  }

  private static long conv3(long in, long out) {
    return (in * 3 * 3 + 1) * out;
  }

  @Test
  void resnet50MatchesKeras() {
    NetworkModel model = Checks.model(ZooGraphs.resnet(3, 4, 6, 3));
    long bnTotal = 0;
    long total = conv(7, 3, 64);
    bnTotal += 4 * 64;
    int[] blocks = {3, 4, 6, 3};
    long in = 64;
    for (int stage = 0; stage < 4; stage++) {
      long f = 64L << stage;
      for (int b = 0; b < blocks[stage]; b++) {
        total += conv(1, in, f) + conv(3, f, f) + conv(1, f, 4 * f);
        bnTotal += 4 * (f + f + 4 * f);
        if (b == 0) {
          total += conv(1, in, 4 * f);
          bnTotal += 4 * (4 * f);
        }
        in = 4 * f;
      }
    }
    total += 2048 * 1000 + 1000;
    assertEquals(total + bnTotal, model.totalParameters());
    assertEquals(25_636_712L, model.totalParameters(), "keras.applications.ResNet50");
    assertEquals(total + bnTotal / 2, model.trainableParameters());
    assertEquals(25_583_592L, model.trainableParameters(), "Keras: trainable params");
    assertEquals(53_120L, model.totalParameters() - model.trainableParameters());

    assertEquals(spatial(112, 112, 64), model.layer("conv_1").orElseThrow().outputShape());
    assertEquals(spatial(56, 56, 64), model.layer("maxpool_1").orElseThrow().outputShape());
    List<Shape> adds = model.layers().stream().filter(l -> l.op().kind().equals("add"))
        .map(LayerModel::outputShape).toList();
    assertEquals(16, adds.size());
    for (int i = 0; i < 16; i++) {
      Shape want = i < 3 ? spatial(56, 56, 256) : i < 7 ? spatial(28, 28, 512)
          : i < 13 ? spatial(14, 14, 1024) : spatial(7, 7, 2048);
      assertEquals(want, adds.get(i), "add " + (i + 1));
    }
    assertEquals(flat(2048), model.layer("globalavgpool_1").orElseThrow().outputShape());
    assertEquals(flat(1000), model.outputs().get(0).shape());
  }

  private static long conv(long k, long in, long out) {
    return k * k * in * out + out;
  }

  @Test
  void lightCnnWithMaxFeatureMap() {
    NetworkModel model = Checks.model(ZooGraphs.lightCnn().build());
    assertTable(List.of(
        Row.of("conv_1", spatial(28, 28, 64), 5 * 5 * 1 * 64 + 64, 28 * 28 * 5 * 5 * 1 * 64),
        Row.of("mfm_1", spatial(28, 28, 32), 0, 0),
        Row.of("maxpool_1", spatial(14, 14, 32), 0, 0),
        Row.of("conv_2", spatial(14, 14, 64), 32 * 64 + 64, 14 * 14 * 32 * 64),
        Row.of("mfm_2", spatial(14, 14, 32), 0, 0),
        Row.bn("batchnorm_1", spatial(14, 14, 32), 32),
        Row.of("conv_3", spatial(14, 14, 96), 3 * 3 * 32 * 96 + 96, 14 * 14 * 3 * 3 * 32 * 96),
        Row.of("mfm_3", spatial(14, 14, 48), 0, 0),
        Row.of("maxpool_2", spatial(7, 7, 48), 0, 0),
        Row.bn("batchnorm_2", spatial(7, 7, 48), 48),
        Row.of("conv_4", spatial(7, 7, 96), 48 * 96 + 96, 7 * 7 * 48 * 96),
        Row.of("mfm_4", spatial(7, 7, 48), 0, 0),
        Row.bn("batchnorm_3", spatial(7, 7, 48), 48),
        Row.of("conv_5", spatial(7, 7, 128), 3 * 3 * 48 * 128 + 128, 7 * 7 * 3 * 3 * 48 * 128),
        Row.of("mfm_5", spatial(7, 7, 64), 0, 0),
        Row.of("maxpool_3", spatial(3, 3, 64), 0, 0), // floor(7 / 2)
        Row.of("conv_6", spatial(3, 3, 128), 64 * 128 + 128, 3 * 3 * 64 * 128),
        Row.of("mfm_6", spatial(3, 3, 64), 0, 0),
        Row.bn("batchnorm_4", spatial(3, 3, 64), 64),
        Row.of("conv_7", spatial(3, 3, 64), 3 * 3 * 64 * 64 + 64, 3 * 3 * 3 * 3 * 64 * 64),
        Row.of("mfm_7", spatial(3, 3, 32), 0, 0),
        Row.bn("batchnorm_5", spatial(3, 3, 32), 32),
        Row.of("conv_8", spatial(3, 3, 64), 32 * 64 + 64, 3 * 3 * 32 * 64),
        Row.of("mfm_8", spatial(3, 3, 32), 0, 0),
        Row.bn("batchnorm_6", spatial(3, 3, 32), 32),
        Row.of("conv_9", spatial(3, 3, 64), 3 * 3 * 32 * 64 + 64, 3 * 3 * 3 * 3 * 32 * 64),
        Row.of("mfm_9", spatial(3, 3, 32), 0, 0),
        Row.of("maxpool_4", spatial(1, 1, 32), 0, 0),
        Row.of("flatten_1", flat(32), 0, 0),
        Row.of("dense_1", flat(160), 32 * 160 + 160, 32 * 160),
        Row.of("mfm_10", flat(80), 0, 0),
        Row.bn("batchnorm_7", flat(80), 80),
        Row.of("dropout_1", flat(80), 0, 0),
        Row.of("probs", flat(10), 80 * 10 + 10, 80 * 10)), model);
    // Hand sum of the table above: convs 157,504 + batch norms 1,344 + dense 6,090.
    assertEquals(164_938, model.totalParameters());
    assertEquals(164_938 - 1_344 / 2, model.trainableParameters());
  }
}
