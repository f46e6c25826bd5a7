package dev.cnnspec.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad output directory fails before the first batch; a write that fails mid-run names its file
 * and leaves the previous checkpoint loadable, and the run resumes to the uninterrupted weights.
 * Read-only and full file systems are real: small tmpfs mounts (root only; skipped elsewhere), as
 * permissions do not stop root.
 */
class OutputDirectoryTest {
  @TempDir
  Path tmp;

  private Path mounted;
  private final InMemoryData train = TinyNets.bars(48, 8, 3, 16, 1);
  private final InMemoryData val = TinyNets.bars(16, 8, 3, 16, 2);
  private final AtomicInteger batches = new AtomicInteger();

  private TrainingOptions options(Path out, int epochs, boolean resume) {
    return TrainingOptions.defaults().withEpochs(epochs).withSeed(5).withOutDir(out, resume)
        .withProgress(TrainingOptions.ProgressMode.NONE).withBatchHook((e, b) -> batches.incrementAndGet());
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      exec("umount", mounted.toString());
    }
  }

  @Test
  void anOutputThatIsAFileFailsBeforeTheFirstBatch() throws IOException {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    var e = assertThrows(IOException.class,
        () -> new Trainer(options(file, 2, false)).fit(TinyNets.conv(8, 3, false), train, val));
    assertEquals("the output directory " + file + " is a file, not a directory; choose another --out", e.getMessage());
    var under = assertThrows(IOException.class, () -> new Trainer(options(file.resolve("run"), 2, false))
        .fit(TinyNets.conv(8, 3, false), train, val));
    assertTrue(under.getMessage().startsWith("cannot create the output directory " + file.resolve("run")),
        under.getMessage());
    assertEquals(0, batches.get(), "nothing was trained");
  }

  @Test
  void aFailedWriteNamesTheTargetAndKeepsItsOldContent() throws IOException {
    Path target = Files.writeString(tmp.resolve("model.zip"), "previous");
    var e = assertThrows(IOException.class, () -> AtomicFiles.write(target, t -> {
      try (OutputStream out = Files.newOutputStream(t)) {
        out.write(1);
        throw new IOException("No space left on device");
      }
    }));
    assertEquals("cannot write " + target + ": No space left on device", e.getMessage());
    assertEquals("previous", Files.readString(target));
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(target), files.toList(), "no temp file left behind");
    }
  }

  @Test
  void aReadOnlyFileSystemFailsBeforeTheFirstBatch() throws Exception {
    Path dir = tmpfs("1m");
    exec("mount", "-o", "remount,ro", dir.toString());
    var e = assertThrows(IOException.class,
        () -> new Trainer(options(dir.resolve("run"), 2, false)).fit(TinyNets.conv(8, 3, false), train, val));
    assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve("run").toString()), e.getMessage());
    assertEquals(0, batches.get());
  }

  @Test
  void tooLittleSpaceFailsBeforeTheFirstBatch() throws Exception {
    Path dir = tmpfs("64k");
    var e = assertThrows(IOException.class,
        () -> new Trainer(options(dir, 2, false)).fit(TinyNets.conv(8, 3, false), train, val));
    assertTrue(e.getMessage().matches("the output directory " + dir + " has 0\\.\\d MB free, but this run's "
        + "checkpoints need about 1\\.\\d MB; free some space or choose another --out"), e.getMessage());
    assertEquals(0, batches.get());
  }

  @Test
  void aDiskThatFillsMidRunNamesTheFileKeepsEpochOneAndResumesExactly() throws Exception {
    Path straightDir = tmp.resolve("straight");
    TrainingResult straight = new Trainer(options(straightDir, 3, false)).fit(TinyNets.conv(8, 3, false), train, val);

    Path dir = tmpfs("2m");
    Path filler = tmp.resolve("filler");
    TrainingOptions filling = options(dir, 3, false).withBatchHook((epoch, batch) -> {
      if (epoch == 1 && batch == 1) {
        fill(dir.resolve("filler"));
      }
    });
    var e = assertThrows(IOException.class, () -> new Trainer(filling).fit(TinyNets.conv(8, 3, false), train, val));
    assertTrue(e.getMessage().matches("cannot write " + dir.resolve("checkpoints") + "/(best|epoch-002)\\.zip: No "
        + "space left on device; the checkpoint of epoch 1 is intact: fix this and run again with --resume"),
        e.getMessage());
    Checkpointer checkpointer = new Checkpointer(dir);
    assertEquals(List.of(1), checkpointer.completeEpochs());
    assertEquals(1, checkpointer.latest().orElseThrow().state().epochsCompleted(), "epoch 1 still loads");

    Files.move(dir.resolve("filler"), filler);
    TrainingResult resumed = new Trainer(options(dir, 3, true)).fit(TinyNets.conv(8, 3, false), train, val);
    assertArrayEquals(straight.model().params().data().asFloat(), resumed.model().params().data().asFloat());
  }

  @Test
  void aFileSystemTurnedReadOnlyMidRunNamesTheFileAndKeepsEpochOne() throws Exception {
    Path dir = tmpfs("2m");
    TrainingOptions freezing = options(dir, 3, false).withBatchHook((epoch, batch) -> {
      if (epoch == 1 && batch == 1) {
        try {
          exec("mount", "-o", "remount,ro", dir.toString());
        } catch (Exception ex) {
          throw new IllegalStateException(ex);
        }
      }
    });
    var e = assertThrows(IOException.class, () -> new Trainer(freezing).fit(TinyNets.conv(8, 3, false), train, val));
    assertTrue(e.getMessage().matches("cannot write " + dir.resolve("checkpoints") + "/(best|epoch-002)\\.zip: "
        + "Read-only file system; the checkpoint of epoch 1 is intact.*"), e.getMessage());
    assertEquals(1, new Checkpointer(dir).latest().orElseThrow().state().epochsCompleted());
  }

  /** Fills the file system holding {@code file} until it is full. */
  private static void fill(Path file) {
    byte[] block = new byte[16 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
    }
  }

  /** A fresh tmpfs of {@code size}, or the test is skipped where mounting is not allowed. */
  private Path tmpfs(String size) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mnt"));
    boolean ok;
    try {
      ok = exec("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()) == 0;
    } catch (IOException noMount) {
      ok = false;
    }
    Assumptions.assumeTrue(ok, "needs root and CAP_SYS_ADMIN to mount a tmpfs");
    mounted = dir;
    return dir;
  }

  private static int exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    p.getInputStream().readAllBytes();
    return p.exitValue();
  }
}
