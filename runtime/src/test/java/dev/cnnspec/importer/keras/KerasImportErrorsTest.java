package dev.cnnspec.importer.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the importer says about files it cannot import: each message names the file or the layer
 * (name, class, position) and what to do, and none is a stack trace.
 */
class KerasImportErrorsTest {
  @TempDir
  Path dir;

  private static KerasImportException refuse(Path file, Path weights, Map<String, String> map) {
    return assertThrows(KerasImportException.class, () -> KerasImporter.importModel(file, weights,
        KerasImporter.Options.defaults("x.cnn").withCustomLayers(map)));
  }

  @Test
  void customLayerWithoutMapIsNamedWithItsClassAndPosition() {
    KerasImportException e = refuse(KerasFixture.file("LightCNNSmall.keras"), null, Map.of());
    String m = e.getMessage();
    assertTrue(m.contains("LightCNNSmall.keras: 10 layers cannot be imported"), m);
    assertTrue(m.contains("layers mfm1, mfm2, mfm3, mfm4, mfm5, mfm6, mfm7, mfm8, mfm9, mfm_fc1 (Maxout; the first is "
        + "layer 3 of 35): not a layer cnn-spec knows"), m);
    assertTrue(m.contains("--map Maxout=LAYER (e.g. --map Maxout=mfm"), m);
  }

  @Test
  void legacyFileNamesTheRegisteredCustomClass() {
    String m = refuse(KerasFixture.file("LightCNNSmall.h5"), null, Map.of()).getMessage();
    assertTrue(m.contains("layers mfm1, mfm2, mfm3, mfm4, mfm5, mfm6, mfm7, mfm8, mfm9, mfm_fc1 (lightcnn>Maxout; "
        + "the first is layer 3 of 35)"), m);
    assertTrue(m.contains("--map Maxout=LAYER"), m);
  }

  @Test
  void layerTheLanguageLacksSaysWhy() throws IOException {
    Path json = edited("SmallResNet.json", "\"class_name\": \"Add\"", "\"class_name\": \"Subtract\"");
    String m = refuse(json, null, Map.of()).getMessage();
    assertTrue(m.contains("2 layers cannot be imported:\n  layers conv2_block1_add, conv3_block1_add (Subtract; the first is "
        + "layer 13 of 25): not supported: the language has no subtract; only add and concat merge tensors"), m);
  }

  @Test
  void unsupportedActivationIsNamed() throws IOException {
    Path json = edited("LeNet5Small.json", "\"activation\": \"relu\"", "\"activation\": \"softplus\"");
    String m = refuse(json, null, Map.of()).getMessage();
    assertTrue(m.contains("4 layers cannot be imported:\n  layers c1, c3 (Conv2D; the first is layer 2 of 9): activation "
        + "softplus is not in the language (relu, leaky_relu, tanh, sigmoid, softmax, linear, relu6, silu/swish, "
        + "hard_sigmoid, hard_silu/hard_swish, gelu, elu, selu)\n  layers f5, f6 (Dense;"), m);
  }

  /** The new ops' options the language does not express are refused with the layer named, not approximated. */
  @Test
  void clippedReluOtherThanSixIsRefused() throws IOException {
    String m = refuse(edited("MobileNetSmall.json", "\"max_value\": 6", "\"max_value\": 4"), null, Map.of()).getMessage();
    assertTrue(m.contains("layer stem_relu6 (ReLU, layer 4 of 18): max_value 4 is not in the language; the one clipped "
        + "ReLU it has is relu6"), m);
  }

  @Test
  void keras2HardSigmoidIsRefused() {
    String m = refuse(KerasFixture.file("MobileNetSmall.keras2.json"), KerasFixture.file("MobileNetSmall.h5"), Map.of())
        .getMessage();
    assertTrue(m.contains("MobileNetSmall.keras2.json was saved by Keras 2.15.0, whose hard_sigmoid is 0.2·x + 0.5 "
        + "(clipped); the language's is Keras 3's x/6 + 1/2, so layer se_expand would compute something else"), m);
  }

  @Test
  void bilinearUpsamplingIsRefused() throws IOException {
    String m = refuse(edited("DecoderSmall.json", "\"interpolation\": \"nearest\"", "\"interpolation\": \"bilinear\""),
        null, Map.of()).getMessage();
    assertTrue(m.contains("layer up2 (UpSampling2D, layer 4 of 9): interpolation bilinear is not in the language; "
        + "upsample repeats pixels (nearest)"), m);
  }

  @Test
  void sharedPreluSlopesAreRefused() throws IOException {
    String m = refuse(edited("DecoderSmall.json", "\"shared_axes\": null", "\"shared_axes\": [1, 2]"), null, Map.of())
        .getMessage();
    assertTrue(m.contains("layer up1_prelu (PReLU, layer 3 of 9): shared_axes [1,2] shares slopes"), m);
  }

  @Test
  void transposedConvolutionOutputPaddingIsRefused() throws IOException {
    String m = refuse(edited("DecoderSmall.json", "\"output_padding\": null", "\"output_padding\": [1, 1]"), null,
        Map.of()).getMessage();
    assertTrue(m.contains("layers up1, up3 (Conv2DTranspose; the first is layer 2 of 9): output_padding [1,1] is not in the language"), m);
  }

  @Test
  void weightsOfAnotherModelAreRefusedWithTheLayerNamed() {
    String m = refuse(KerasFixture.file("LeNet5Small.json"), KerasFixture.file("SmallResNet.h5"), Map.of()).getMessage();
    assertTrue(m.contains("SmallResNet.h5 has no weights for layer c1 (Conv2D, layer 2 of 9); is it the weights file "
        + "of another model?"), m);
  }

  @Test
  void weightsOfTheRightLayersButWrongShapesAreRefused() throws IOException {
    // LeNet5Small's config with c1 widened from 6 to 8 filters: the weights file still has 6.
    Path json = edited("LeNet5Small.json", "\"filters\": 6", "\"filters\": 8");
    String m = refuse(json, KerasFixture.file("LeNet5Small.h5"), Map.of()).getMessage();
    assertTrue(m.contains("layer c1 (Conv2D, layer 2 of 9): its kernel is 5×5×1×6 in the weights file, but the model "
        + "needs 5×5×1×8"), m);
  }

  @Test
  void cyclicConfigIsRefusedNotWalkedForever() throws IOException {
    // c1 reads s2 instead of the input: c1 → s2 → … → c1 is a cycle.
    Path json = edited("SmallResNet.json", "\"keras_history\": [\"conv1_pad\", 0, 0]", "\"keras_history\": [\"conv1_relu\", 0, 0]");
    String m = refuse(json, null, Map.of()).getMessage();
    assertTrue(m.contains("layers read each other in a cycle (conv1_conv, conv1_bn, conv1_relu"), m);
  }

  @Test
  void layerWithoutInputIsNamed() throws IOException {
    Path json = edited("SmallResNet.json", "\"keras_history\": [\"conv1_pad\", 0, 0]}}], \"kwargs\": {}}]",
        "\"keras_history\": []}}], \"kwargs\": {}}]");
    String m = refuse(json, null, Map.of()).getMessage();
    assertTrue(m.contains("layer conv1_conv (Conv2D, layer 3 of 25): reads 0 tensors; `conv(8, 7, stride: 2)` takes one"), m);
  }

  @Test
  void modelTooLargeForMemoryIsRefusedBeforeAllocating() throws IOException {
    // f5 widened to 300,000,000 units: 144 · 3e8 + 3e8 + 3e8 · 16 + 16 + 170 + 2,572 (the convolutions) parameters
    Path json = edited("LeNet5Small.json", "\"units\": 32,", "\"units\": 300000000,");
    String m = refuse(json, KerasFixture.file("LeNet5Small.h5"), Map.of()).getMessage();
    assertTrue(m.startsWith("edited-LeNet5Small.json's network LeNet5Small needs "), m);
    assertTrue(m.contains(" for 48,300,002,758 parameters (4-byte FLOAT each), but ND4J may allocate only "), m);
    assertTrue(m.endsWith("; or import the config alone (without weights)"), m);
  }

  @Test
  void truncatedArchiveIsACorruptFile() throws IOException {
    Path cut = truncated("LeNet5Small.keras", 0.5);
    String m = refuse(cut, null, Map.of()).getMessage();
    assertTrue(m.startsWith(cut + ": a corrupt zip archive"), m);
  }

  @Test
  void truncatedHdf5IsACorruptFile() throws IOException {
    Path cut = truncated("LeNet5Small.h5", 0.6);
    String m = refuse(cut, null, Map.of()).getMessage();
    assertTrue(m.contains("LeNet5Small.h5") && m.contains("is it truncated"), m);
  }

  @Test
  void truncatedJsonNamesLineAndColumn() throws IOException {
    Path cut = truncated("LeNet5Small.json", 0.5);
    String m = refuse(cut, null, Map.of()).getMessage();
    assertTrue(m.startsWith(cut + ": malformed JSON at line 1, column"), m);
  }

  @Test
  void otherFilesAreNotKerasFiles() throws IOException {
    Path png = dir.resolve("picture.keras");
    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    assertEquals(png + ": not a Keras model file: expected a .keras archive (a zip), an HDF5 file "
        + "(model.save(\"m.h5\")) or a JSON config (model.to_json()), but it starts with bytes 89 50 4e 47 0d 0a 1a 0a",
        refuse(png, null, Map.of()).getMessage());
    Path empty = dir.resolve("empty.h5");
    Files.write(empty, new byte[0]);
    assertTrue(refuse(empty, null, Map.of()).getMessage().endsWith("(none: the file is empty)"));
  }

  @Test
  void archiveWithUnsafeEntryNamesIsRefused() throws IOException {
    Path zip = zip("evil.keras", "config.json", "../../outside.h5");
    String m = refuse(zip, null, Map.of()).getMessage();
    assertEquals(zip + ": archive entry \"../../outside.h5\" has an unsafe name (absolute or with ..); a Keras archive "
        + "never has one, so the file is refused", m);
  }

  @Test
  void archiveWithTooManyEntriesIsRefused() throws IOException {
    String[] names = new String[KerasFiles.MAX_ENTRIES + 1];
    Arrays.setAll(names, i -> "entry" + i);
    String m = refuse(zip("many.keras", names), null, Map.of()).getMessage();
    assertTrue(m.contains("a zip with 65 entries"), m);
  }

  @Test
  void zipWithoutConfigIsNotAKerasArchive() throws IOException {
    String m = refuse(zip("other.keras", "readme.txt"), null, Map.of()).getMessage();
    assertTrue(m.contains("a zip without config.json"), m);
  }

  /** A fixture config with every {@code from} replaced by {@code to}, as a file of its own. */
  private Path edited(String fixture, String from, String to) throws IOException {
    String text = Files.readString(KerasFixture.file(fixture));
    assertTrue(text.contains(from), from);
    Path edited = dir.resolve("edited-" + fixture);
    Files.writeString(edited, text.replace(from, to));
    return edited;
  }

  private Path truncated(String fixture, double fraction) throws IOException {
    byte[] bytes = Files.readAllBytes(KerasFixture.file(fixture));
    Path cut = dir.resolve(fixture);
    Files.write(cut, Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    return cut;
  }

  private Path zip(String name, String... entries) throws IOException {
    Path zip = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      for (String e : entries) {
        z.putNextEntry(new ZipEntry(e));
        z.write("{}".getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return zip;
  }
}
