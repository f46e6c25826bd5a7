package dev.cnnspec.importer.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The importer against Keras itself: for every fixture, in each form Keras wrote it (the Keras 3
 * archive, the legacy HDF5 model file, the JSON config with the HDF5 weights) and in Keras 2's
 * {@code to_json()} layout (see make_fixtures.py: rewritten, as Keras 2 is not installable here), the imported spec
 * checks, counts what Keras's {@code count_params()} counted, and the DL4J graph with the imported
 * weights computes Keras's outputs to 1e-5.
 */
class KerasImporterTest {
  private static final Map<String, String> MAXOUT = Map.of("Maxout", "mfm");
  /**
   * Ten times stricter than the 1e-4: measured deviations are at most 7.2e-7 (float32 sums in
   * another order), while a batch-norm epsilon counted twice deviated by 4e-5 to 7.6e-5 and passed 1e-4.
   */
  private static final double TOLERANCE = 1e-5;

  static Stream<Arguments> fixtures() {
    return Stream.of("LeNet5Small", "SmallResNet", "InceptionNet", "LightCNNSmall", "MobileNetSmall",
            "DecoderSmall")
        .flatMap(n -> Stream.of(Arguments.of(n, ".keras"), Arguments.of(n, ".h5"), Arguments.of(n, ".json"),
            Arguments.of(n, ".keras2.json")))
        // MobileNetSmall's hard_sigmoid is another function in Keras 2: that form is refused
        // (KerasImportErrorsTest.keras2HardSigmoidIsRefused)
        .filter(a -> !(a.get()[0].equals("MobileNetSmall") && a.get()[1].equals(".keras2.json")));
  }

  @ParameterizedTest(name = "{0}{1}")
  @MethodSource("fixtures")
  void reproducesKerasOutputs(String name, String form) throws Exception {
    KerasFixture fixture = KerasFixture.of(name);
    Path weights = form.endsWith(".json") ? fixture.path(".h5") : null;
    KerasImporter.Result r = KerasImporter.importModel(fixture.path(form), weights,
        KerasImporter.Options.defaults(name + ".cnn").withCustomLayers(MAXOUT));

    assertEquals(fixture.countParams(), r.model().totalParameters(), r.specText());
    assertEquals(fixture.countParams(), r.kerasParameters().orElseThrow());
    ComputationGraph graph = r.graph().orElseThrow();
    assertEquals(fixture.countParams(), graph.numParams());
    INDArray out = graph.outputSingle(false, fixture.input());
    double[][] expected = fixture.output();
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        worst = Math.max(worst, Math.abs(expected[i][j] - out.getDouble(i, j)));
      }
    }
    System.out.println("MAXDIFF " + name + form + " " + worst);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j], out.getDouble(i, j), TOLERANCE, name + form + " output [" + i + ", " + j + "]\n" + r.specText());
      }
    }
    assertTrue(r.specText().contains("imported from " + name + form), r.specText());
  }

  /** The full-size models (configs only: their weights would be megabytes) count what Keras counted. */
  @ParameterizedTest
  @ValueSource(strings = {"LeNet5", "LightCNN"})
  void fullSizeModelsCountWhatKerasCounts(String name) throws Exception {
    KerasFixture fixture = KerasFixture.of(name);
    KerasImporter.Result r = KerasImporter.importModel(fixture.path(".json"), null,
        KerasImporter.Options.defaults(name + ".cnn").withCustomLayers(MAXOUT));
    assertEquals(fixture.countParams(), r.model().totalParameters(), r.specText());
    assertEquals(name.equals("LeNet5") ? 61_706 : 486_850, fixture.countParams());   // the published figures
    assertTrue(r.graph().isEmpty());
  }
}
