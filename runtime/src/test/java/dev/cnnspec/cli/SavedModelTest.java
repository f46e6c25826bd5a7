package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.data.MnistFiles;
import dev.cnnspec.runtime.data.PixelNormalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnn eval} and {@code cnn predict} with a model whose files disagree or are damaged
 * (issue 11, item 9): another input shape, an output that does not exist, a class list of the wrong
 * length, a truncated zip, a zip bomb, an entry named {@code ../…}, lying sizes, broken JSON. Each
 * must be one message naming the file (exit 2), never an internal error. The model is
 * {@link FakeZooNet}, initialised and saved as {@code cnn train} saves it, without training.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SavedModelTest {
  private Path good;
  private byte[] zipBytes;
  private Path tmp;

  @BeforeAll
  void save(@TempDir Path dir) throws IOException {
    tmp = dir;
    good = dir.resolve("good");
    Files.createDirectories(good);
    ModelSerializer.writeModel(g(), good.resolve("model.zip").toFile(), true);
    zipBytes = Files.readAllBytes(good.resolve("model.zip"));
    SavedModel.writeMetadata(good, "FakeZooNet", "test", java.util.Map.of(), Shape.spatial(28, 28, 1), "fashion-mnist",
        MnistFiles.FASHION_CLASS_NAMES, PixelNormalizer.scale(), 0, Double.NaN);
  }

  private String metadata() throws IOException {
    return Files.readString(good.resolve("model.json"));
  }

  /** A run directory holding {@code zip} and {@code json}. */
  private Path run(String name, byte[] zip, String json) throws IOException {
    Path d = tmp.resolve(name);
    Files.createDirectories(d);
    Files.write(d.resolve("model.zip"), zip);
    Files.writeString(d.resolve("model.json"), json);
    return d;
  }

  /** Both commands stop with exit 2 and one message that names {@code file} and says {@code what}. */
  private static void assertRefused(Path dir, Path file, String what) {
    for (Cli c : List.of(Cli.run("eval", dir.toString()),
        Cli.run("predict", dir.toString(), "fashion-mnist", "--out", dir.resolve("p.csv").toString()))) {
      assertEquals(2, c.status(), c.toString());
      assertFalse(c.err().contains("internal error") || c.err().contains("\tat "), c.toString());
      assertTrue(c.err().contains(file.toString()), "names " + file + ": " + c);
      assertTrue(c.err().contains(what), c.toString());
    }
  }

  @Test
  void theSavedModelLoadsAndScoresItsClasses() throws IOException {
    SavedModel m = SavedModel.load(good);
    assertEquals(10, m.outputs());
    assertEquals(Shape.spatial(28, 28, 1), m.input());
  }

  @Test
  void modelJsonForAnotherInputShape() throws IOException {
    // main: DL4J's exception from the first batch, as an internal error
    for (String input : List.of("[ 32, 32, 1 ]", "[ 28, 28, 3 ]", "[ 784 ]")) {
      Path d = run("shape" + input.replaceAll("\\D", ""), zipBytes, metadata().replaceFirst(
          "\"input\" : \\[ 28, 28, 1 \\]", "\"input\" : " + input));
      assertRefused(d, d.resolve("model.zip"), "does not accept the input " + input.replace(" ", "").replace(",", ", "));
    }
  }

  @Test
  void mainOutputThatDoesNotExist() throws IOException {
    // main: ArrayIndexOutOfBoundsException: Index 3 out of bounds for length 1
    Path d = run("main", zipBytes, metadata().replace("\"main_output\" : 0", "\"main_output\" : 3"));
    assertRefused(d, d.resolve("model.json"), "\"main_output\" is 3 but the model has 1 output (index 0)");
  }

  @Test
  void classListOfTheWrongLength() throws IOException {
    Path d = run("classes", zipBytes, metadata().replace("\"Ankle boot\"", "\"Ankle boot\", \"Hat\""));
    assertRefused(d, d.resolve("model.json"), "names 11 classes but");
  }

  @Test
  void modelJsonThatIsNotJson() throws IOException {
    Path d = run("json", zipBytes, "{ \"network\": ");
    assertRefused(d, d.resolve("model.json"), "not valid JSON");
    Path big = run("bigjson", zipBytes, "[" + " ".repeat(2 << 20) + "]");
    assertRefused(big, big.resolve("model.json"), "bytes; a model.json from cnn train is a few hundred");
  }

  @Test
  void truncatedZip() throws IOException {
    Path d = run("cut", java.util.Arrays.copyOf(zipBytes, zipBytes.length / 2), metadata());
    assertRefused(d, d.resolve("model.zip"), "is truncated or corrupt");
  }

  @Test
  void zipBomb() throws IOException {
    // 2.2 GB of spaces in about 2 MB: ModelSerializer reads every entry whole into a byte array,
    // which cannot exceed 2 GB (not run against main here: it would take gigabytes of a shared
    // machine's memory); now reading stops after 32 MB.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      z.setLevel(Deflater.BEST_SPEED);
      z.putNextEntry(new ZipEntry("configuration.json"));
      byte[] mb = " ".repeat(1 << 20).getBytes();
      for (int i = 0; i < 2200; i++) {
        z.write(mb);
      }
      z.closeEntry();
    }
    assertTrue(bytes.size() < 16 << 20, "compressed: " + bytes.size());
    Path d = run("bomb", bytes.toByteArray(), metadata());
    assertRefused(d, d.resolve("model.zip"), "inflates to more than 32 MB");
  }

  @Test
  void entryNamedOutsideTheZip() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      z.putNextEntry(new ZipEntry("../../etc/cron.d/evil"));
      z.write("* * * * * root true\n".getBytes());
      z.closeEntry();
    }
    Path d = run("slip", bytes.toByteArray(), metadata());
    assertRefused(d, d.resolve("model.zip"), "unexpected entry '../../etc/cron.d/evil'");
    assertFalse(Files.exists(tmp.resolve("etc")));
  }

  @Test
  void entryWhoseHeaderLiesAboutItsSize() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] content = "{}".getBytes();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      ZipEntry e = new ZipEntry("configuration.json");
      e.setMethod(ZipEntry.STORED);
      e.setSize(content.length);
      e.setCompressedSize(content.length);
      CRC32 crc = new CRC32();
      crc.update(content);
      e.setCrc(crc.getValue());
      z.putNextEntry(e);
      z.write(content);
      z.closeEntry();
    }
    byte[] zip = bytes.toByteArray();
    // local file header: compressed size at 18, uncompressed size at 22 (little-endian)
    for (int at : new int[] {18, 22}) {
      zip[at] = zip[at + 1] = zip[at + 2] = (byte) 0xFF;
      zip[at + 3] = 0x7F;
    }
    Path d = run("liar", zip, metadata());
    assertRefused(d, d.resolve("model.zip"), "model.zip");
  }

  @Test
  void dataOfAnotherShapeSaysWhatTheModelTakes() throws IOException {
    Path cifar = tmp.resolve("cifar");
    Files.createDirectories(cifar);
    for (String batch : List.of("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5",
        "test_batch")) {
      Files.write(cifar.resolve(batch + ".bin"), new byte[2 * 3073]);
    }
    Cli eval = Cli.run("eval", good.toString(), "--dataset", "cifar10:" + cifar);
    assertEquals(2, eval.status(), eval.toString());
    assertTrue(eval.err().contains("the model takes input [28, 28, 1] and cifar10:" + cifar + " does not fit it"),
        eval.toString());
    assertTrue(eval.err().contains("32x32x3"), eval.toString());

    StringBuilder row = new StringBuilder("label");
    for (int k = 0; k < 3072; k++) {
      row.append(",p").append(k);
    }
    row.append("\n1").append(",0".repeat(3072)).append('\n');
    Path csv = Files.writeString(tmp.resolve("rgb.csv"), row);
    Cli predict = Cli.run("predict", good.toString(), csv.toString(), "--out", tmp.resolve("p.csv").toString());
    assertEquals(2, predict.status(), predict.toString());
    assertTrue(predict.err().contains("the model takes input [28, 28, 1] but " + csv + " holds 32x32x3 images"),
        predict.toString());
  }

  @Test
  void weightsWhoseShapeInformationIsDamagedAreRefused() throws IOException {
    // Found by the fuzzer below (its case 184): one byte of the stride in coefficients.bin set to
    // 0x7F, and ND4J made views of the parameters far past their end; main's JVM died of SIGSEGV
    // in Nd4jCpu.dbCreateView. The header: "MIXED_DATA_TYPES", a long 6, "LONG", then the shape
    // information [rank 1, length, stride 1, options, ews 1, 'c'] as longs from byte 32.
    java.util.Map<String, byte[]> entries = entries();
    byte[] coefficients = entries.get("coefficients.bin").clone();
    long length = java.nio.ByteBuffer.wrap(coefficients, 40, 8).getLong();
    assertEquals(g().numParams(), length);
    assertEquals(1, java.nio.ByteBuffer.wrap(coefficients, 48, 8).getLong());
    coefficients[53] = 0x7F;
    entries.put("coefficients.bin", coefficients);
    Path d = run("stride", zip(entries), metadata());
    assertRefused(d, d.resolve("model.zip"), "entry 'coefficients.bin' is damaged: its shape information does not"
        + " match its " + length + " values of FLOAT");
    // a dimension beyond the data: DL4J itself refused that one on main, with a less clear message
    coefficients = entries.get("coefficients.bin").clone();
    coefficients[53] = 0;
    java.nio.ByteBuffer.wrap(coefficients, 40, 8).putLong(length + 1000);
    entries.put("coefficients.bin", coefficients);
    Path e = run("shape", zip(entries), metadata());
    assertRefused(e, e.resolve("model.zip"), "entry 'coefficients.bin' is damaged: its shape has a dimension of "
        + (length + 1000) + " but it holds " + length + " values");
  }

  private static ComputationGraph g() {
    ComputationGraph g = new ComputationGraph(FakeZooNet.builder().configuration());
    g.init();
    return g;
  }

  private java.util.Map<String, byte[]> entries() throws IOException {
    java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zipBytes))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  /**
   * A small fuzzer of the model files, in this JVM: 300 mutations (-Dfuzz.models=N for more) of model.zip's bytes, of the
   * entries inside a well-formed zip (the zip's CRCs then hold, so DL4J itself reads the damage),
   * and of model.json. Each must load or be refused with a message naming the zip or the json.
   */
  @Test
  void mutatedModelFilesLoadOrAreRefusedNamingTheFile() throws IOException {
    java.util.Map<String, byte[]> entries = entries();
    String json = metadata();
    java.util.Random r = new java.util.Random(11);
    int loaded = 0;
    int refused = 0;
    int cases = Integer.getInteger("fuzz.models", 300);
    for (int i = 0; i < cases; i++) {
      byte[] zip = zipBytes;
      String meta = json;
      switch (i % 3) {
        case 0 -> zip = mutate(zipBytes, r);
        case 1 -> {
          java.util.Map<String, byte[]> m = new java.util.LinkedHashMap<>(entries);
          String victim = new ArrayList<>(m.keySet()).get(r.nextInt(m.size()));
          m.put(victim, mutate(m.get(victim), r));
          zip = zip(m);
        }
        default -> meta = new String(mutate(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), r),
            java.nio.charset.StandardCharsets.UTF_8);
      }
      Path d = run("fuzz" + i, zip, meta);
      try {
        SavedModel.load(d);
        loaded++;
      } catch (UserError e) {
        assertTrue(e.getMessage().contains(d.toString()), "case " + i + " names a file: " + e.getMessage());
        refused++;
      }
    }
    System.out.println("model-file fuzzer: " + cases + " cases, " + loaded + " loaded, " + refused + " refused");
    assertTrue(refused > cases / 3, "refused " + refused + ", loaded " + loaded);
  }

  private static byte[] mutate(byte[] b, java.util.Random r) {
    byte[] c = b.clone();
    switch (r.nextInt(4)) {
      case 0 -> c = java.util.Arrays.copyOf(b, r.nextInt(Math.max(1, b.length)));
      case 1 -> {
        for (int k = 0; k < 1 + r.nextInt(8); k++) {
          int at = r.nextInt(c.length);
          c[at] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 2 -> {
        // a lie in the first bytes, where headers are
        int at = r.nextInt(Math.min(64, c.length));
        c[at] = (byte) (r.nextBoolean() ? 0x7F : 0xFF);
      }
      default -> {
        int at = r.nextInt(c.length);
        byte[] extra = new byte[1 + r.nextInt(16)];
        r.nextBytes(extra);
        byte[] d = java.util.Arrays.copyOf(c, c.length + extra.length);
        System.arraycopy(extra, 0, d, at, extra.length);
        System.arraycopy(c, at, d, at + extra.length, c.length - at);
        c = d;
      }
    }
    return c;
  }

  private static byte[] zip(java.util.Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
