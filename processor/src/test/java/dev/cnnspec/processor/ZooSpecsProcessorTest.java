package dev.cnnspec.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The design's example networks (presets, blocks in an imported file, repetition, an
 * {@code if} on a bool parameter, a ResNet with loops and an instance) through the processor:
 * every class is generated in its directory's package, embeds the files it imports, and compiles
 * with every lint warning an error. Needs the parser and checker (stubs on the processor branch).
 */
@Tag("needs-parser")
class ZooSpecsProcessorTest {
  private static final String COMMON = """
      layer conv3 = conv(kernel: 3, padding: same, activation: relu)
      layer conv1 = conv(kernel: 1, padding: same, activation: relu)

      block basic(x: tensor, filters: int, stride: int = 1, project: bool = false) {
        y = x -> conv(filters, 3, stride: stride, padding: same) -> batchnorm -> relu
              -> conv(filters, 3, padding: same) -> batchnorm
        s = x -> (conv(filters, 1, stride: stride) -> batchnorm) when project
        return add(y, s) -> relu
      }
      block stage(x: tensor, n: int, filters: int, stride: int) {
        return x -> basic(filters, stride, project: stride != 1) -> basic(filters) * (n - 1)
      }
      """;
  private static final String VGG = """
      import "common/layers.cnn"
      network VGG16(classes: int = 1000, gap: bool = false) {
        input image: [224, 224, 3]
        x = image -> conv3(64) * 2 -> maxpool(2) -> conv3(128) * 2 -> maxpool(2)
                  -> conv3(256) * 3 -> maxpool(2) -> conv3(512) * 3 -> maxpool(2)
                  -> conv3(512) * 3 -> maxpool(2)
        if gap {
          h = x -> globalavgpool
        } else {
          h = x -> flatten -> dense(4096, activation: relu) -> dense(4096, activation: relu)
        }
        output probs = h -> dense(classes, activation: softmax)
      }
      """;
  private static final String RESNET = """
      import "common/layers.cnn"
      network ResNet(depth: int = 50, classes: int = 1000) {
        assert depth == 18 || depth == 34 || depth == 50 || depth == 101 || depth == 152,
               "depth must be 18, 34, 50, 101 or 152"
        let blocks = depth == 18 ? [2, 2, 2, 2] : depth == 34 || depth == 50 ? [3, 4, 6, 3]
                   : depth == 101 ? [3, 4, 23, 3] : [3, 8, 36, 3]
        input image: [224, 224, 3]
        stem = image -> conv(64, 7, stride: 2, padding: same) -> bn -> relu -> maxpool(3, stride: 2, padding: same)
        x = stem -> stage(blocks[i], 64 * 2 ^ i, i == 0 ? 1 : 2) for i in 0..3
        output probs = x -> globalavgpool -> dense(classes, activation: softmax)
      }
      network ResNet18 = ResNet(depth: 18)
      """;

  @TempDir
  Path root;

  private void write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static String source(Compilation compilation, String className) throws IOException {
    JavaFileObject file = compilation.generatedSourceFile(className).orElseThrow(
        () -> new AssertionError("not generated: " + className));
    return file.getCharContent(true).toString();
  }

  @Test
  void designExamplesGenerateLintCleanClasses() throws IOException {
    write("dev/cnnspec/zoo/common/layers.cnn", COMMON);
    write("dev/cnnspec/zoo/vgg.cnn", VGG);
    write("dev/cnnspec/zoo/resnet.cnn", RESNET);
    Compilation compilation = Compiler.javac().withProcessors(new CnnSpecProcessor())
        .withOptions("-A" + SpecStep.OPTION + "=" + root, "-Xlint:all,-processing", "-Werror")
        .compile(JavaFileObjects.forSourceString("test.Main", "package test;\nclass Main {}\n"));
    assertThat(compilation).succeededWithoutWarnings();

    String vgg = source(compilation, "dev.cnnspec.zoo.VGG16");
    // VGG-16 (Simonyan & Zisserman, table 2): 138,357,544 parameters
    assertTrue(vgg.contains("TOTAL_PARAMETERS = 138357544L;"), vgg);
    assertTrue(vgg.contains("public Builder gap(boolean gap)"), vgg);
    assertTrue(vgg.contains("\"dev/cnnspec/zoo/common/layers.cnn\", "), "embeds its import");
    // The design's ResNet uses basic blocks at every depth, so depth 50 is ResNet-34's layout; its
    // convolutions keep bias: true. Trainable = torchvision's resnet34 (21,797,672) + conv biases;
    // total adds batch norm's running mean and variance.
    long[] resnet34 = resnetBasic(new int[] {3, 4, 6, 3});
    assertEquals(21_797_672L + 8_512L, resnet34[1]);
    String resnet = source(compilation, "dev.cnnspec.zoo.ResNet");
    assertTrue(resnet.contains("TOTAL_PARAMETERS = " + resnet34[0] + "L;"), resnet);
    assertTrue(resnet.contains("TRAINABLE_PARAMETERS = " + resnet34[1] + "L;"), resnet);
    assertTrue(resnet.contains("public Builder depth(int depth)"), resnet);
    // ResNet18 = ResNet(depth: 18): torchvision's resnet18 (11,689,512) + 4,800 conv biases
    long[] resnet18 = resnetBasic(new int[] {2, 2, 2, 2});
    assertEquals(11_689_512L + 4_800L, resnet18[1]);
    String r18 = source(compilation, "dev.cnnspec.zoo.ResNet18");
    assertTrue(r18.contains("TOTAL_PARAMETERS = " + resnet18[0] + "L;"), r18);
    assertEquals(List.of(), compilation.warnings());
  }

  /**
   * {total, trainable} of a basic-block ResNet from its architecture (He et al., table 1), counted
   * by hand: 7×7 stem, stages of 64·2^i filters, 1×1 projection (with batch norm) where a stage
   * strides, convolutions with bias, a 1000-way classifier. Batch norm: 4·C of which 2·C trainable.
   */
  private static long[] resnetBasic(int[] blocks) {
    long weights = 7 * 7 * 3 * 64 + 64;
    long bn = 64;
    long in = 64;
    for (int i = 0; i < blocks.length; i++) {
      long f = 64L << i;
      for (int b = 0; b < blocks[i]; b++) {
        weights += in * f * 9 + f + f * f * 9 + f;
        bn += 2 * f;
        if (b == 0 && i > 0) {
          weights += in * f + f;
          bn += f;
        }
        in = f;
      }
    }
    weights += 512 * 1000 + 1000;
    return new long[] {weights + 4 * bn, weights + 2 * bn};
  }
}
