package dev.cnnspec.importer.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.cli.CnnCommand;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import dev.cnnspec.runtime.dl4j.SpecInterpreter;
import dev.cnnspec.runtime.train.InitialWeights;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@code cnn import keras} end to end: the files it writes, {@code cnn check} on the spec, and the
 * weights zip loaded into a graph built afresh from the written spec (what {@code cnn train --init}
 * does), which must compute Keras's outputs.
 */
class KerasImportCliTest {
  @TempDir
  Path dir;

  private record Run(int status, String out, String err) {}

  private static Run cnn(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = CnnCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void writesSpecAndWeightsThatReproduceKeras() throws Exception {
    KerasFixture fixture = KerasFixture.of("LightCNNSmall");
    Path spec = dir.resolve("light.cnn");
    Run r = cnn("import", "keras", fixture.path(".keras").toString(), "--map", "Maxout=mfm", "--out", spec.toString(),
        "--name", "Light");
    assertEquals(0, r.status(), r.err());
    Path weights = dir.resolve("light.weights.zip");
    assertEquals("wrote " + spec + ": network Light, 3,250 parameters (as Keras counts them)\n"
        + "wrote " + weights + ": the Keras weights, in DL4J's layout (cnn train " + spec + " --init " + weights + ")\n",
        r.out());

    Run check = cnn("check", spec.toString());
    assertEquals(0, check.status(), check.out());
    assertTrue(check.out().endsWith("1 file, 1 network checked: 0 errors, 0 warnings\n"), check.out());

    NetworkModel model = SpecInterpreter.model(Map.of("light.cnn", Files.readString(spec)), "Light", Map.of());
    // As a generated class's builder().build() makes it: initialised, then tuned for this machine.
    ComputationGraph fresh = Dl4jGraphFactory.network(model, 7, new Adam(1e-3));
    InitialWeights.load(fresh, weights);
    INDArray out = fresh.outputSingle(false, fixture.input());
    double[][] expected = fixture.output();
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j], out.getDouble(i, j), 1e-5);
      }
    }
  }

  @Test
  void configWithoutWeightsWritesTheSpecOnly() throws Exception {
    Path spec = dir.resolve("LightCNN.cnn");
    Run r = cnn("import", "keras", KerasFixture.file("LightCNN.json").toString(), "--map", "Maxout=mfm", "--out",
        spec.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("wrote " + spec + ": network LightCNN, 486,850 parameters\n"), r.out());
    assertFalse(Files.exists(dir.resolve("LightCNN.weights.zip")));
  }

  @Test
  void weightsOfAnotherNetworkAreRefusedByInit() throws Exception {
    Path lenet = dir.resolve("lenet.cnn");
    assertEquals(0, cnn("import", "keras", KerasFixture.file("LeNet5Small.keras").toString(), "--out", lenet.toString()).status());
    Path resnet = dir.resolve("resnet.cnn");
    assertEquals(0, cnn("import", "keras", KerasFixture.file("SmallResNet.keras").toString(), "--out", resnet.toString()).status());

    NetworkModel model = SpecInterpreter.model(Map.of("lenet.cnn", Files.readString(lenet)), "LeNet5Small", Map.of());
    ComputationGraph graph = new ComputationGraph(Dl4jGraphFactory.configuration(model, 7, new Adam(1e-3)));
    graph.init();
    Path other = dir.resolve("resnet.weights.zip");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InitialWeights.load(graph, other));
    assertTrue(e.getMessage().startsWith(other + " holds the weights of another network: it has no layer "), e.getMessage());

    Path garbage = dir.resolve("garbage.zip");
    Files.writeString(garbage, "not a zip");
    e = assertThrows(IllegalArgumentException.class, () -> InitialWeights.load(graph, garbage));
    assertTrue(e.getMessage().startsWith(garbage + ": not a zip"), e.getMessage());
  }

  @Test
  void unsupportedLayerIsAUserErrorWithoutTrace() {
    Run r = cnn("import", "keras", KerasFixture.file("LightCNNSmall.h5").toString(), "--out", dir.resolve("x.cnn").toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().startsWith("cnn keras: LightCNNSmall.h5: 10 layers cannot be imported:\n  layers mfm1, mfm2, "
        + "mfm3, mfm4, mfm5, mfm6, mfm7, mfm8, mfm9, mfm_fc1 (lightcnn>Maxout; the first is layer 3 of 35): not a layer "
        + "cnn-spec knows"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void badMapIsAUsageError() {
    Run r = cnn("import", "keras", KerasFixture.file("LeNet5Small.keras").toString(), "--map", "Maxout");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--map Maxout: expected CLASS=LAYER, e.g. --map Maxout=mfm"), r.err());
  }
}
