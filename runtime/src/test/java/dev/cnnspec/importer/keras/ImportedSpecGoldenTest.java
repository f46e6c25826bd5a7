package dev.cnnspec.importer.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spec text the importer writes, against golden files read by a person
 * ({@code runtime/src/test/resources/keras/NAME.cnn}). Regenerate after an intended change with
 * {@code -Dgolden.update=true} and review the diff.
 */
class ImportedSpecGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/keras");

  @ParameterizedTest
  @ValueSource(strings = {"LeNet5Small", "SmallResNet", "InceptionNet", "LightCNNSmall", "LightCNN", "MobileNetSmall",
      "DecoderSmall"})
  void specTextIsAsReviewed(String name) throws Exception {
    boolean configOnly = name.equals("LightCNN");
    Path model = KerasFixture.file(name + (configOnly ? ".json" : ".keras"));
    String text = KerasImporter.importModel(model, null,
        KerasImporter.Options.defaults(name + ".cnn").withCustomLayers(Map.of("Maxout", "mfm"))).specText();
    Path golden = GOLDEN.resolve(name + ".cnn");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, text);
    }
    assertEquals(Files.readString(golden), text, "golden file " + golden + " (regenerate with -Dgolden.update=true)");
  }
}
