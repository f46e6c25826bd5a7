package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.data.MnistFiles;
import dev.cnnspec.runtime.train.JsonFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model.json} bound to {@link ModelFile}: a file written by main's hand-mapped code (a real
 * {@code cnn train} run) reads and writes back byte for byte; a field of the wrong type is refused
 * with the file's line and column and what the field must be.
 */
class ModelJsonFormatTest {
  @TempDir
  Path tmp;

  private static Path fixture() throws URISyntaxException {
    return Path.of(ModelJsonFormatTest.class.getResource("/dev/cnnspec/formats/main-2026-12/model.json").toURI());
  }

  @Test
  void modelJsonWrittenByMainReadsAndWritesBackUnchanged() throws Exception {
    ModelMetadata m = ModelMetadata.read(fixture(), 1, 0);
    assertEquals("FakeZooNet", m.network());
    assertEquals(Shape.spatial(28, 28, 1), m.input());
    assertEquals(MnistFiles.FASHION_CLASS_NAMES, m.classNames());
    assertEquals("dev.cnnspec.cli.FakeZooNet", m.provenance().origin());
    assertEquals(Map.of("classes", "10"), m.provenance().overrides());
    SavedModel.writeMetadata(tmp, m.network(), m.provenance().origin(), m.provenance().overrides(), m.input(),
        m.dataset(), m.classNames(), m.normalizer(), m.mainOutput(), 0.14);
    assertEquals(Files.readString(fixture()), Files.readString(tmp.resolve(SavedModel.META)));
  }

  @Test
  void aFieldOfTheWrongTypeNamesItsPlaceAndWhatItMustBe() throws Exception {
    String good = Files.readString(fixture());
    assertRefused(good.replaceFirst("\"classes\" : \\[[^]]*\\]", "\"classes\" : \"ten\""),
        ":9:15: \"classes\" must be a list of class names; fix it");
    assertRefused(good.replace("\"input\" : [ 28, 28, 1 ]", "\"input\" : [ 28.5, 28, 1 ]"),
        ":3:15: \"input[0]\" is wrong: \"input\" must be [h, w, c] or [n]; ");
    assertRefused(good.replace("\"main_output\" : 0", "\"main_output\" : \"0\""),
        "\"main_output\" must be the index of an output; ");
    assertRefused(good.replaceFirst("\"overrides\" : \\{[^}]*\\}", "\"overrides\" : [ ]"),
        "\"overrides\" must be an object of parameter values; ");
    assertRefused(good.replace("\"mean\" : [ 0.0 ]", "\"mean\" : [ \"zero\" ]"),
        ":11:16: \"normalizer.mean[0]\" is wrong: \"normalizer\" must be {\"mean\": [...], \"std\": [...]}, one number per channel; ");
    assertRefused(good.replace("\"std\" : [ 1.0 ]", "\"std\" : [ null ]"),
        ": \"normalizer\".std must hold finite numbers, not null");
    assertRefused(good.substring(0, 100), ": not valid JSON (");
  }

  @Test
  void aFieldFromANewerVersionIsIgnored() throws Exception {
    Path file = Files.writeString(tmp.resolve("model.json"), Files.readString(fixture())
        .replace("\"main_output\" : 0", "\"main_output\" : 0, \"quantised\" : true"));
    assertEquals(0, ModelMetadata.read(file, 1, 0).mainOutput());
  }

  private void assertRefused(String json, String message) throws IOException {
    Path file = Files.writeString(tmp.resolve("model.json"), json);
    UserError e = assertThrows(UserError.class, () -> ModelMetadata.read(file, 1, 0));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().endsWith("restore it from the run directory") || e.getMessage().endsWith("restore the file"),
        e.getMessage());
  }

  @Test
  void theSharedMapperWritesNonFiniteNumbersAsNull() {
    assertEquals("[ null, null, 1.5 ]", JsonFiles.toJson(java.util.Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, 1.5)));
  }
}
