package dev.cnnspec.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training JSON files, bound to records by {@link JsonFiles}, against files written by the
 * hand-mapped code of main before the change ({@code formats/main-2026-12}, from a real
 * {@code cnn train} with and without a validation set): each reads, and writes back byte for byte,
 * so old runs resume and scripts see the same files.
 */
class JsonFormatsTest {
  @TempDir
  Path tmp;

  static Path fixture(String name) {
    try {
      return Path.of(JsonFormatsTest.class.getResource("/dev/cnnspec/formats/main-2026-12/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void metricsWrittenByMainReadAndWriteBackUnchanged() throws IOException {
    for (String name : List.of("metrics.json", "metrics-no-validation.json")) {
      List<EpochMetrics> history = MetricsLog.readJson(fixture(name));
      assertEquals(Files.readString(fixture(name)), JsonFiles.toJson(history), name);
    }
    List<EpochMetrics> noValidation = MetricsLog.readJson(fixture("metrics-no-validation.json"));
    assertEquals(1, noValidation.size());
    assertTrue(Double.isNaN(noValidation.get(0).valLoss()), "null is NaN");
    assertEquals(0.001, noValidation.get(0).lr());
    MetricsLog.write(tmp, MetricsLog.readJson(fixture("metrics.json")));
    assertEquals(Files.readString(fixture("metrics.json")), Files.readString(tmp.resolve(MetricsLog.JSON)));
  }

  @Test
  void checkpointStateWrittenByMainReadsAndWritesBackUnchanged() throws IOException {
    TrainerState s = Checkpointer.readState(fixture("checkpoint-epoch-002.json"));
    assertEquals(2, s.epochsCompleted());
    assertEquals(2.2954741795857747, s.bestValLoss());
    assertEquals(2, s.history().size());
    assertEquals(1, s.run().threads());
    assertTrue(s.run().network().vertices().containsKey("conv_1"), s.run().network().vertices().keySet().toString());
    assertEquals(Files.readString(fixture("checkpoint-epoch-002.json")), JsonFiles.toJson(s));
    TrainerState none = Checkpointer.readState(fixture("checkpoint-no-validation.json"));
    assertEquals(Double.POSITIVE_INFINITY, none.bestValLoss(), "null: no best loss yet");
    assertEquals(Files.readString(fixture("checkpoint-no-validation.json")), JsonFiles.toJson(none));
  }

  @Test
  void theLauncherReadsTheRecordedThreadsOfAStateFileFromMain() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("checkpoints"));
    Files.copy(fixture("checkpoint-epoch-002.json"), dir.resolve("epoch-002.json"));
    assertEquals(java.util.OptionalInt.of(1), Checkpointer.recordedThreads(tmp));
  }

  @Test
  void unknownFieldsAreIgnoredWithOneWarningNamingThem() throws IOException {
    String text = Files.readString(fixture("checkpoint-epoch-002.json"))
        .replaceFirst("\\{", "{\n  \"future\" : { \"x\" : [ 1, 2 ] },\n  \"also_new\" : 3,");
    Path file = Files.writeString(tmp.resolve("newer.json"), text);
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    TrainerState s;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      s = Checkpointer.readState(file);
    } finally {
      System.setErr(err);
    }
    assertEquals(2, s.epochsCompleted());
    assertEquals("warning: " + file + ": ignored unknown fields \"also_new\", \"future\" (written by a newer cnn-spec?)",
        captured.toString(StandardCharsets.UTF_8).strip());
  }

  @Test
  void aCorruptFileNamesItsLineColumnAndField() throws IOException {
    String good = Files.readString(fixture("checkpoint-epoch-002.json"));
    JsonFiles.JsonFileException cut = assertThrows(JsonFiles.JsonFileException.class,
        () -> Checkpointer.readState(Files.writeString(tmp.resolve("cut.json"), good.substring(0, 200))));
    assertTrue(cut.getMessage().matches("\\Q" + tmp.resolve("cut.json") + "\\E:\\d+:\\d+: not valid JSON \\(.+\\)"),
        cut.getMessage());

    Path typed = Files.writeString(tmp.resolve("typed.json"), good.replace("\"epochs_completed\" : 2",
        "\"epochs_completed\" : \"two\""));
    JsonFiles.JsonFileException wrongType = assertThrows(JsonFiles.JsonFileException.class,
        () -> Checkpointer.readState(typed));
    assertTrue(wrongType.getMessage().startsWith(typed + ":2:"), wrongType.getMessage());
    assertTrue(wrongType.getMessage().contains("\"epochs_completed\" does not fit"), wrongType.getMessage());

    Path deep = Files.writeString(tmp.resolve("deep.json"), good.replace("\"epoch\" : 2,", "\"epoch\" : 2.5,"));
    JsonFiles.JsonFileException nested = assertThrows(JsonFiles.JsonFileException.class,
        () -> Checkpointer.readState(deep));
    assertEquals("history[1].epoch", nested.field(), nested.getMessage());

    Path missing = Files.writeString(tmp.resolve("missing.json"), "{ \"epochs_completed\" : 1 }");
    JsonFiles.JsonFileException absent = assertThrows(JsonFiles.JsonFileException.class,
        () -> Checkpointer.readState(missing));
    assertTrue(absent.getMessage().contains("does not fit: Missing required creator property 'best_epoch'"),
        absent.getMessage());

    Path array = Files.writeString(tmp.resolve("array.json"), "[ 1, 2 ]");
    assertTrue(assertThrows(JsonFiles.JsonFileException.class, () -> Checkpointer.readState(array)).getMessage()
        .startsWith(array + ":1:1: does not fit"));
    Path empty = Files.writeString(tmp.resolve("null.json"), "null");
    assertTrue(assertThrows(JsonFiles.JsonFileException.class, () -> Checkpointer.readState(empty)).getMessage()
        .contains("empty (null), expected a JSON object"));
  }
}
