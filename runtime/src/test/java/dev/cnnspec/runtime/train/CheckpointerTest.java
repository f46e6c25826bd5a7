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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint torn while being written never costs the previous one; resume picks the last good one. */
class CheckpointerTest {
  @TempDir
  Path out;

  private Checkpointer checkpointer;
  private TrainingResult oneEpoch;
  private final InMemoryData train = TinyNets.bars(48, 8, 3, 16, 1);
  private final InMemoryData val = TinyNets.bars(16, 8, 3, 16, 2);

  private TrainingOptions options(int epochs, boolean resume) {
    return TrainingOptions.defaults().withEpochs(epochs).withSeed(3).withOutDir(out, resume)
        .withProgress(TrainingOptions.ProgressMode.NONE);
  }

  @BeforeEach
  void trainOneEpoch() throws IOException {
    oneEpoch = new Trainer(options(1, false)).fit(TinyNets.conv(8, 3, false), train, val);
    checkpointer = new Checkpointer(out);
    assertEquals(List.of(1), checkpointer.completeEpochs());
  }

  @Test
  void killedBetweenTempWriteAndRenameLeavesThePreviousCheckpoint() throws IOException {
    Path target = checkpointer.modelFile(2);
    assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
      Files.write(tmp, new byte[] {'P', 'K', 3, 4, 0, 0});
      throw new IOException("killed before the rename");
    }));
    assertFalse(Files.exists(target), "the target appears only by rename");
    // a real kill skips clean-up: leave the torn temp file behind as well
    Files.write(checkpointer.directory().resolve("epoch-002.zip.8812.tmp"), new byte[] {'P', 'K', 3});

    Checkpointer.Checkpoint last = checkpointer.latest().orElseThrow();
    assertEquals(1, last.state().epochsCompleted());
    assertArrayEquals(paramsOf(oneEpoch), last.model().params().data().asFloat());
  }

  @Test
  void corruptNewestCheckpointFallsBackToThePreviousAndResumes() throws IOException {
    TrainingResult two = new Trainer(options(2, true)).fit(TinyNets.conv(8, 3, false), train, val);
    assertEquals(2, two.history().size());
    assertEquals(List.of(2, 1), checkpointer.completeEpochs());
    // epoch 2's zip is torn (e.g. a file system without atomic rename), its state file intact
    byte[] zip = Files.readAllBytes(checkpointer.modelFile(2));
    Files.write(checkpointer.modelFile(2), java.util.Arrays.copyOf(zip, zip.length / 3));

    Checkpointer.Checkpoint last = checkpointer.latest().orElseThrow();
    assertEquals(1, last.state().epochsCompleted());
    assertArrayEquals(paramsOf(oneEpoch), last.model().params().data().asFloat());

    // resuming redoes epoch 2 from epoch 1's checkpoint and lands on the same weights
    TrainingResult redone = new Trainer(options(2, true)).fit(TinyNets.conv(8, 3, false), train, val);
    assertArrayEquals(paramsOf(two), paramsOf(redone));
  }

  @Test
  void aFreshRunClearsAnEarlierRunsCheckpoints() throws IOException {
    Files.copy(checkpointer.modelFile(1), checkpointer.modelFile(9));
    Files.copy(checkpointer.stateFile(1), checkpointer.stateFile(9));
    new Trainer(options(1, false)).fit(TinyNets.conv(8, 3, false), train, val);
    assertEquals(List.of(1), checkpointer.completeEpochs(), "epoch 9 of the earlier run would mislead --resume");
  }

  @Test
  void resumeWithAnotherNetworkIsRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(options(2, true)).fit(TinyNets.conv(8, 3, true), train, val));
    assertTrue(e.getMessage().contains("another network"), e.getMessage());
  }

  @Test
  void resumeWithAnotherSeedIsRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(options(2, true).withSeed(4)).fit(TinyNets.conv(8, 3, false), train, val));
    assertTrue(e.getMessage().contains("--seed 3"), e.getMessage());
  }

  private static float[] paramsOf(TrainingResult r) {
    return r.model().params().data().asFloat();
  }
}
