package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.data.ImageSet;
import dev.cnnspec.runtime.data.ImageSetIterator;
import dev.cnnspec.runtime.onnx.OnnxRuntimeOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code cnn train} the zoo's LeNet-5 spec on real Fashion-MNIST, {@code cnn export} it to ONNX, and
 * classify the whole 10,000-image test set with DL4J and with ONNX Runtime: the same predictions,
 * so the same test accuracy. Then the command's other paths and its refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliExportTest {
  static final Path LENET = Path.of("../specs/src/main/cnn/dev/cnnspec/zoo/lenet5.cnn").toAbsolutePath().normalize();
  private Path run;
  private String dataset;
  private Cli trained;

  @BeforeAll
  void train(@TempDir Path dir) throws IOException {
    run = dir.resolve("run");
    dataset = "fashion-mnist:" + FashionSubset.write(dir.resolve("fashion"), 3000, 10_000);
    trained = Cli.run("train", LENET.toString(), "--dataset", dataset, "--epochs", "1", "--batch", "64",
        "--val-split", "0", "--out", run.toString(), "--progress", "lines");
  }

  @Test
  void aTrainedLeNet5HasTheSameTestAccuracyUnderOnnxRuntime() throws Exception {
    assertEquals(0, trained.status(), trained.toString());
    Path onnx = run.resolve("lenet5.onnx");
    Cli export = Cli.run("export", run.toString(), "--onnx", onnx.toString());
    assertEquals(0, export.status(), export.toString());
    assertTrue(export.out().contains("LeNet5") && export.out().contains("61,706 parameters"), export.out());

    SavedModel saved = SavedModel.load(run);
    NetworkModel model = new CnnCompiler(List.of(), Map.of()).compileFiles(List.of(LENET)).networks().get(0);
    ImageSet test = Inference.openForModel(dataset, saved.input(), 10, true);
    assertEquals(10_000, test.size());
    byte[] bytes = Files.readAllBytes(onnx);
    ImageSetIterator it = new ImageSetIterator(test, 500, saved.normalizer(), saved.input() instanceof Shape.Flat, null);
    int dl4jRight = 0;
    int onnxRight = 0;
    int disagree = 0;
    while (it.hasNext()) {
      var batch = it.next();
      INDArray dl4j = saved.graph().output(false, batch.getFeatures())[0];
      INDArray ort = OnnxRuntimeOracle.run(bytes, model, new INDArray[] {batch.getFeatures()})[0];
      INDArray truth = batch.getLabels().argMax(1);
      INDArray a = dl4j.argMax(1);
      INDArray b = ort.argMax(1);
      for (int r = 0; r < truth.length(); r++) {
        dl4jRight += a.getInt(r) == truth.getInt(r) ? 1 : 0;
        onnxRight += b.getInt(r) == truth.getInt(r) ? 1 : 0;
        disagree += a.getInt(r) == b.getInt(r) ? 0 : 1;
      }
    }
    System.out.printf("LeNet-5 (3,000 images, 1 epoch): test accuracy DL4J %.4f, ONNX Runtime %.4f, %d of 10,000"
        + " predictions differ%n", dl4jRight / 10_000.0, onnxRight / 10_000.0, disagree);
    assertTrue(dl4jRight > 6000, "trained beyond chance: " + dl4jRight);
    assertEquals(dl4jRight, onnxRight, "correct predictions, DL4J vs ONNX Runtime");
    assertEquals(0, disagree, "predictions that differ");
  }

  @Test
  void aSpecExportsWithTheWeightsOfItsSeed() throws IOException {
    Path onnx = run.getParent().resolve("fresh.onnx");
    Cli export = Cli.run("export", LENET.toString(), "--set", "classes=5", "--onnx", onnx.toString());
    assertEquals(0, export.status(), export.toString());
    assertTrue(export.out().contains("output probs") && export.out().contains("[N, 5]"), export.out());
    assertTrue(Files.size(onnx) > 4 * 61_000, "weights inside: " + Files.size(onnx));
  }

  @Test
  void aModelThatIsNotTheSpecsNetworkIsRefusedByLayer() {
    assertEquals(0, trained.status(), trained.toString());
    Cli export = Cli.run("export", run.toString(), "--set", "classes=7", "--onnx", run.resolve("x.onnx").toString());
    assertEquals(2, export.status(), export.toString());
    assertTrue(export.err().contains("layer probs has 850 parameters, the spec gives it 595"), export.err());
    assertTrue(!Files.exists(run.resolve("x.onnx")));
  }
}
