package dev.cnnspec.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A checkpoint records what run it belongs to, and {@code --resume} refuses to continue another
 * network or other settings (naming each difference), applies a longer or shorter run and a new
 * patience and says so.
 */
class ResumeFingerprintTest {
  @TempDir
  Path out;

  private final InMemoryData train = TinyNets.bars(48, 8, 3, 16, 1);
  private final InMemoryData val = TinyNets.bars(16, 8, 3, 16, 2);
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private TrainingOptions options(int epochs, boolean resume) {
    return TrainingOptions.defaults().withEpochs(epochs).withOptimizer(Optimizer.ADAM, 0.01, 0).withSeed(3)
        .withOutDir(out, resume).withProgress(TrainingOptions.ProgressMode.NONE)
        .withRunNotes(Map.of("dataset", "bars", "augment", "false"));
  }

  private TrainingResult fit(TrainingOptions o, ComputationGraphConfiguration conf, InMemoryData data)
      throws IOException {
    return new Trainer(o, new PrintStream(log, true, StandardCharsets.UTF_8)).fit(conf, data, val);
  }

  @BeforeEach
  void trainTwoEpochs() throws IOException {
    fit(options(2, false), TinyNets.conv(8, 3, false), train);
  }

  @Test
  void theCheckpointRecordsNetworkOptionsAndThreads() throws IOException {
    var json = new ObjectMapper().readTree(new Checkpointer(out).stateFile(2).toFile()).get("run");
    assertEquals("4", json.get("network").get("conv_1").get("nout").asText());
    assertEquals("[3,3]", json.get("network").get("conv_1").get("kernelSize").asText());
    assertEquals("40", json.get("network").get("conv_1").get("params").asText(), "4 · (3·3·1 + 1)");
    assertEquals("0.01", json.get("options").get("lr").asText());
    assertEquals("bars", json.get("options").get("dataset").asText());
    assertEquals(Integer.toString(Nd4j.getEnvironment().maxThreads()), json.get("options").get("threads").asText());
    assertEquals(java.util.OptionalInt.of(Nd4j.getEnvironment().maxThreads()), Checkpointer.recordedThreads(out));
  }

  @Test
  void anEditedLayerOfTheSameNameIsRefusedWithWhatChanged() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> fit(options(3, true), TinyNets.conv(8, 3, false, 8, 5), train));
    assertTrue(e.getMessage().contains("is of another network"), e.getMessage());
    assertTrue(e.getMessage().contains("conv_1: kernelSize [5,5] here, [3,3] in the checkpoint"), e.getMessage());
    assertTrue(e.getMessage().contains("conv_1: nout 8 here, 4 in the checkpoint"), e.getMessage());
    assertTrue(e.getMessage().contains("conv_1: params 208 here, 40 in the checkpoint"), e.getMessage());
  }

  @Test
  void anotherLearningRateOrOptimizerIsRefusedNotIgnored() {
    var lr = assertThrows(IllegalArgumentException.class,
        () -> fit(options(3, true).withOptimizer(Optimizer.ADAM, 0.5, 0), TinyNets.conv(8, 3, false), train));
    assertTrue(lr.getMessage().contains("--lr 0.5 given, the run used --lr 0.01"), lr.getMessage());
    var opt = assertThrows(IllegalArgumentException.class,
        () -> fit(options(3, true).withOptimizer(Optimizer.SGD, 0.01, 0), TinyNets.conv(8, 3, false), train));
    assertTrue(opt.getMessage().contains("--optimizer sgd given, the run used --optimizer adam"), opt.getMessage());
    var seed = assertThrows(IllegalArgumentException.class,
        () -> fit(options(3, true).withSeed(4), TinyNets.conv(8, 3, false), train));
    assertTrue(seed.getMessage().contains("--seed 3"), seed.getMessage());
  }

  @Test
  void otherDataIsRefused() {
    var notes = assertThrows(IllegalArgumentException.class, () -> fit(options(3, true).withRunNotes(
        Map.of("dataset", "other", "augment", "true")), TinyNets.conv(8, 3, false), train));
    assertTrue(notes.getMessage().contains("--dataset other given, the run used --dataset bars"), notes.getMessage());
    assertTrue(notes.getMessage().contains("--augment given, the run used no --augment"), notes.getMessage());
    var size = assertThrows(IllegalArgumentException.class,
        () -> fit(options(3, true), TinyNets.conv(8, 3, false), TinyNets.bars(40, 8, 3, 16, 1)));
    assertTrue(size.getMessage().contains("examples 40 here, 48 in the run"), size.getMessage());
  }

  @Test
  void moreEpochsAreAppliedAnnouncedAndMatchALongerRun() throws IOException {
    TrainingResult resumed = fit(options(3, true).withPatience(5), TinyNets.conv(8, 3, false), train);
    String said = log.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("resume: extending the run from 2 to 3 epochs"), said);
    assertTrue(said.contains("resume: early-stopping patience 5 (the run had 0)"), said);
    assertEquals(3, resumed.history().size());

    Path straightDir = out.resolveSibling(out.getFileName() + "-straight");
    TrainingResult straight = new Trainer(options(3, false).withPatience(5).withOutDir(straightDir, false))
        .fit(TinyNets.conv(8, 3, false), train, val);
    assertArrayEquals(straight.model().params().data().asFloat(), resumed.model().params().data().asFloat());
  }

  @Test
  void anotherLengthUnderAScheduleLaidOverTheRunIsRefused() throws IOException {
    fit(options(2, false).withSchedule(Schedule.COSINE), TinyNets.conv(8, 3, false), train);
    var e = assertThrows(IllegalArgumentException.class, () -> fit(options(4, true).withSchedule(Schedule.COSINE),
        TinyNets.conv(8, 3, false), train));
    assertTrue(e.getMessage().contains("--epochs 4 given, the run used --epochs 2, and its cosine schedule"),
        e.getMessage());
  }

  @Test
  void aCheckpointOfAnotherThreadCountIsRefusedWithTheCountToUse() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    Path state = new Checkpointer(out).stateFile(2);
    ObjectNode json = (ObjectNode) mapper.readTree(state.toFile());
    int other = Nd4j.getEnvironment().maxThreads() + 2;
    ((ObjectNode) json.get("run").get("options")).put("threads", Integer.toString(other));
    Files.writeString(state, mapper.writeValueAsString(json));
    var e = assertThrows(IllegalArgumentException.class,
        () -> fit(options(3, true), TinyNets.conv(8, 3, false), train));
    assertTrue(e.getMessage().contains("OMP_NUM_THREADS=" + other), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
