package dev.cnnspec.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on synthetic data: learning, exact resume, early stopping, multi-output graphs. */
class TrainerTest {
  private static final int SIZE = 8;
  private static final int CLASSES = 4;

  @TempDir
  Path tmp;

  private static TrainingOptions options(int epochs) {
    return TrainingOptions.defaults().withEpochs(epochs).withOptimizer(Optimizer.ADAM, 0.01, 0).withSeed(7)
        .withProgress(TrainingOptions.ProgressMode.NONE);
  }

  @Test
  void lossFallsAndAccuracyClearsChance() throws IOException {
    InMemoryData train = TinyNets.bars(256, SIZE, CLASSES, 16, 1);
    InMemoryData val = TinyNets.bars(128, SIZE, CLASSES, 32, 2);
    TrainingResult r = new Trainer(options(4)).fit(TinyNets.conv(SIZE, CLASSES, false), train, val);
    List<EpochMetrics> h = r.history();
    assertEquals(4, h.size());
    assertTrue(h.get(3).trainLoss() < h.get(0).trainLoss() * 0.7, "train loss should fall: " + h);
    // chance is 0.25
    assertTrue(h.get(3).valAccuracy() > 0.8, "val accuracy " + h.get(3).valAccuracy());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"SGD, 0.9, COSINE", "SGD, 0, STEP", "NESTEROV, 0.9, ONE_CYCLE",
      "RMSPROP, 0, CONSTANT"})
  void everyOptimizerAndScheduleTrainsAndCheckpoints(Optimizer optimizer, double momentum, Schedule schedule)
      throws IOException {
    InMemoryData train = TinyNets.bars(96, SIZE, CLASSES, 16, 12);
    Path out = tmp.resolve(optimizer + "-" + schedule);
    double lr = optimizer == Optimizer.RMSPROP ? 0.005 : 0.05;
    TrainingOptions o = options(3).withOptimizer(optimizer, lr, momentum).withSchedule(schedule);
    TrainingResult r = new Trainer(o.withOutDir(out, false)).fit(TinyNets.conv(SIZE, CLASSES, false), train, null);
    assertTrue(r.history().get(2).trainLoss() < r.history().get(0).trainLoss(), optimizer + " " + r.history());
    // the checkpoint carries the updater's state (velocity, moving averages) and schedule
    ComputationGraph restored = new Checkpointer(out).latest().orElseThrow().model();
    var state = r.model().getUpdater().getStateViewArray();
    assertEquals(optimizer == Optimizer.SGD && momentum == 0, state == null, "plain SGD alone has no state");
    if (state != null) {
      assertArrayEquals(state.data().asFloat(), restored.getUpdater().getStateViewArray().data().asFloat());
    }
    assertEquals(Optimizers.currentRate(r.model().getConfiguration()),
        Optimizers.currentRate(restored.getConfiguration()));
  }

  @Test
  void resumeAfterInterruptedEpochGivesIdenticalWeights() throws IOException {
    InMemoryData train = TinyNets.bars(96, SIZE, CLASSES, 16, 3);
    InMemoryData val = TinyNets.bars(32, SIZE, CLASSES, 16, 4);
    var conf = TinyNets.conv(SIZE, CLASSES, false);

    TrainingResult straight = new Trainer(options(3).withOutDir(tmp.resolve("a"), false)).fit(conf, train, val);

    Path b = tmp.resolve("b");
    TrainingOptions interrupted = options(3).withOutDir(b, false).withBatchHook((epoch, batch) -> {
      if (epoch == 1 && batch == 3) {
        throw new Interrupted();
      }
    });
    assertThrows(Interrupted.class, () -> new Trainer(interrupted).fit(conf, train, val));
    assertEquals(List.of(1), new Checkpointer(b).completeEpochs(), "only epoch 1 completed before the interruption");

    TrainingResult resumed = new Trainer(options(3).withOutDir(b, true)).fit(conf, train, val);
    assertEquals(3, resumed.history().size());
    assertArrayEquals(straight.model().params().data().asFloat(), resumed.model().params().data().asFloat());
    assertEquals(straight.history().get(2).trainLoss(), resumed.history().get(2).trainLoss());
  }

  @Test
  void earlyStoppingRestoresTheBestEpoch() throws IOException {
    InMemoryData train = TinyNets.bars(128, SIZE, CLASSES, 16, 5);
    // validation labels contradict training: the better the fit, the worse the validation loss
    InMemoryData val = TinyNets.shiftedLabels(TinyNets.bars(64, SIZE, CLASSES, 16, 6));
    Path out = tmp.resolve("es");
    TrainingResult r = new Trainer(options(10).withPatience(2).withOutDir(out, false))
        .fit(TinyNets.conv(SIZE, CLASSES, false), train, val);

    assertTrue(r.stoppedEarly(), "should stop before 10 epochs: " + r.history());
    int best = r.bestEpoch();
    assertEquals(best + 2, r.history().size(), "stops after exactly `patience` epochs without improvement");
    double bestLoss = r.history().stream().mapToDouble(EpochMetrics::valLoss).min().orElseThrow();
    assertEquals(bestLoss, r.history().get(best - 1).valLoss());
    double restored = Evaluator.lossAndAccuracy(r.model(), val, 0).loss();
    assertEquals(bestLoss, restored, 1e-6, "the returned model is the best epoch's");
    ComputationGraph saved = ModelSerializer.restoreComputationGraph(out.resolve(Trainer.MODEL_FILE).toFile());
    assertArrayEquals(r.model().params().data().asFloat(), saved.params().data().asFloat());
    double last = r.history().get(r.history().size() - 1).valLoss();
    assertTrue(last > bestLoss, "the last epoch was worse, so restoring mattered");
  }

  @Test
  void auxiliaryOutputsAreFedTheLabels() throws IOException {
    InMemoryData train = TinyNets.bars(128, SIZE, CLASSES, 16, 8);
    InMemoryData val = TinyNets.bars(64, SIZE, CLASSES, 16, 9);
    TrainingResult r = new Trainer(options(3)).fit(TinyNets.conv(SIZE, CLASSES, true), train, val);
    assertEquals(2, r.model().getNumOutputArrays());
    assertTrue(r.history().get(2).valAccuracy() > 0.6, "val accuracy " + r.history());
    assertTrue(r.history().get(2).trainLoss() < r.history().get(0).trainLoss());
  }

  @Test
  void metricsAndCurveAreWrittenAndParse() throws IOException {
    Path out = tmp.resolve("m");
    new Trainer(options(2).withOutDir(out, false)).fit(TinyNets.conv(SIZE, CLASSES, false),
        TinyNets.bars(64, SIZE, CLASSES, 16, 10), TinyNets.bars(32, SIZE, CLASSES, 16, 11));
    List<String> csv = Files.readAllLines(out.resolve(MetricsLog.CSV));
    assertEquals(EpochMetrics.CSV_HEADER, csv.get(0));
    assertEquals(3, csv.size());
    for (String row : csv.subList(1, 3)) {
      String[] cells = row.split(",");
      assertEquals(7, cells.length, row);
      for (String c : cells) {
        assertTrue(Double.isFinite(Double.parseDouble(c)), row);
      }
    }
    List<EpochMetrics> json = MetricsLog.readJson(out.resolve(MetricsLog.JSON));
    assertEquals(2, json.size());
    assertEquals(2, json.get(1).epoch());
    assertEquals(Double.parseDouble(csv.get(2).split(",")[2]), json.get(1).valLoss());
    var png = javax.imageio.ImageIO.read(out.resolve(TrainingCurvePlot.FILE).toFile());
    assertEquals(800, png.getWidth());
    assertFalse(Files.exists(out.resolve("checkpoints").resolve("epoch-000.json")));
    assertTrue(Files.exists(new Checkpointer(out).stateFile(2)));
  }

  private static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
