package dev.cnnspec.runtime.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
    AtomicFiles.writeString(stateFile(e), MAPPER.writeValueAsString(toJson(state)));
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
        TrainerState state = fromJson(MAPPER.readTree(stateFile(e).toFile()));
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
        JsonNode threads = MAPPER.readTree(c.stateFile(e).toFile()).path("run").path("options")
            .path(RunFingerprint.THREADS);
        return threads.isMissingNode() ? java.util.OptionalInt.empty()
            : java.util.OptionalInt.of(Integer.parseInt(threads.asText()));
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

  static ObjectNode toJson(TrainerState s) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("epochs_completed", s.epochsCompleted());
    if (Double.isFinite(s.bestValLoss())) {
      o.put("best_val_loss", s.bestValLoss());
    } else {
      o.putNull("best_val_loss");
    }
    o.put("best_epoch", s.bestEpoch());
    o.put("epochs_without_improvement", s.epochsWithoutImprovement());
    o.put("seed", s.seed());
    o.put("rng", s.ndRngNote());
    o.set("history", MetricsLog.toJson(s.history()));
    if (s.run() != null) {
      o.set("run", s.run().toJson(MAPPER));
    }
    return o;
  }

  static TrainerState fromJson(JsonNode o) {
    JsonNode best = o.get("best_val_loss");
    return new TrainerState(o.get("epochs_completed").asInt(),
        best == null || best.isNull() ? Double.POSITIVE_INFINITY : best.asDouble(), o.get("best_epoch").asInt(),
        o.get("epochs_without_improvement").asInt(), o.get("seed").asLong(), o.path("rng").asText(),
        MetricsLog.fromJson(o.get("history")), o.hasNonNull("run") ? RunFingerprint.fromJson(o.get("run")) : null);
  }
}
