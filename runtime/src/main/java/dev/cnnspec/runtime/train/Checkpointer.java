package dev.cnnspec.runtime.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Per-epoch checkpoints in {@code DIR/checkpoints/}: {@code epoch-NNN.zip} (DL4J
 * {@code ModelSerializer}, updater state included, so DL4J users can load it) and then
 * {@code epoch-NNN.json} ({@link TrainerState}). Both are written atomically and the JSON last,
 * so the JSON marks a complete checkpoint; {@link #latest()} falls back to the previous one when
 * the newest does not load. The last {@value #KEEP} checkpoints are kept. The JSON also records the
 * run's fingerprint ({@link RunFingerprint}), which {@link #recordedThreads} reads without loading ND4J.
 */
public final class Checkpointer {
  static final int KEEP = 2;
  private static final Pattern STATE = Pattern.compile("epoch-(\\d+)\\.json");
  /** A state file is a few kilobytes (the network's fingerprint and the history); this is far beyond. */
  private static final long MAX_STATE_BYTES = 64L << 20;

  private final Path dir;

  public Checkpointer(Path outDir) {
    this.dir = outDir.resolve("checkpoints");
  }

  public Path directory() {
    return dir;
  }

  /** A loaded checkpoint. */
  public record Checkpoint(ComputationGraph model, TrainerState state, Path file) {}

  public Path modelFile(int epochsCompleted) {
    return dir.resolve(String.format("epoch-%03d.zip", epochsCompleted));
  }

  public Path stateFile(int epochsCompleted) {
    return dir.resolve(String.format("epoch-%03d.json", epochsCompleted));
  }

  public Path bestFile() {
    return dir.resolve("best.zip");
  }

  public void save(ComputationGraph model, TrainerState state) throws IOException {
    int e = state.epochsCompleted();
    AtomicFiles.write(modelFile(e), tmp -> ModelSerializer.writeModel(model, tmp.toFile(), true));
    JsonFiles.write(stateFile(e), state);
    prune(e);
  }

  public void saveBest(ComputationGraph model) throws IOException {
    AtomicFiles.write(bestFile(), tmp -> ModelSerializer.writeModel(model, tmp.toFile(), true));
  }

  public Optional<ComputationGraph> loadBest() throws IOException {
    return Files.isRegularFile(bestFile()) ? Optional.of(ModelSerializer.restoreComputationGraph(bestFile().toFile(),
        true)) : Optional.empty();
  }

  /** Deletes every checkpoint (and stray temp file) of an earlier run in this directory. */
  public void clear() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (STATE.matcher(name).matches() || name.matches("epoch-\\d+\\.zip") || name.equals("best.zip")
            || name.endsWith(AtomicFiles.TMP_SUFFIX)) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /** The newest checkpoint that loads completely, skipping torn or corrupt ones. */
  public Optional<Checkpoint> latest() {
    for (int e : completeEpochs()) {
      try {
        TrainerState state = readState(stateFile(e));
        ComputationGraph model = ModelSerializer.restoreComputationGraph(modelFile(e).toFile(), true);
        return Optional.of(new Checkpoint(model, state, modelFile(e)));
      } catch (IOException | RuntimeException unreadable) {
        System.err.println("warning: checkpoint " + modelFile(e) + " is unreadable (" + unreadable.getMessage()
            + "); trying the one before");
      }
    }
    return Optional.empty();
  }

  /**
   * The ND4J thread count recorded in the newest checkpoint of {@code outDir}, read from its JSON
   * alone (no model is loaded, so ND4J need not start): a launcher reads it to start the resumed
   * JVM with that count. Empty when there is no checkpoint or it records none.
   */
  public static java.util.OptionalInt recordedThreads(Path outDir) {
    Checkpointer c = new Checkpointer(outDir);
    for (int e : c.completeEpochs()) {
      try {
        RecordedRun recorded = JsonFiles.read(c.stateFile(e), RecordedRun.class, MAX_STATE_BYTES);
        String threads = recorded.run() == null || recorded.run().options() == null ? null
            : recorded.run().options().get(RunFingerprint.THREADS);
        return threads == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(Integer.parseInt(threads));
      } catch (IOException | NumberFormatException unreadable) {
        // an unreadable state file is skipped here as latest() skips it
      }
    }
    return java.util.OptionalInt.empty();
  }

  /** Epochs with a state file, newest first. */
  List<Integer> completeEpochs() {
    List<Integer> epochs = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return epochs;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> {
        Matcher m = STATE.matcher(f.getFileName().toString());
        if (m.matches()) {
          epochs.add(Integer.parseInt(m.group(1)));
        }
      });
    } catch (IOException e) {
      return epochs;
    }
    epochs.sort((a, b) -> Integer.compare(b, a));
    return epochs;
  }

  private void prune(int newest) throws IOException {
    for (int e : completeEpochs()) {
      if (e <= newest - KEEP) {
        Files.deleteIfExists(stateFile(e));
        Files.deleteIfExists(modelFile(e));
      }
    }
  }

  /** A state file, as {@link TrainerState} binds it ({@link JsonFiles}). */
  static TrainerState readState(Path file) throws IOException {
    return JsonFiles.read(file, TrainerState.class, MAX_STATE_BYTES);
  }

  /**
   * The part of a state file a launcher needs before ND4J starts: the options of its run. Its other
   * fields are not unknown to this version, only not needed here.
   */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record RecordedRun(Options run) {
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Options(java.util.Map<String, String> options) {}
  }
}
