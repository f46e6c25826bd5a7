package dev.cnnspec.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A generated zoo class and the interpreter ({@code cnn train spec.cnn}) must build the same DL4J
 * network, or the two ways of using a spec would train different models. The generated classes are
 * used by their types here, as an application would: these lines only compile because the build
 * generated them. Defaults run the generated straight-line code; a changed parameter takes the
 * generated class through {@code SpecInterpreter}, which must agree with the spec compiled anew.
 */
class ZooInterpreterAgreementTest {
  private static final long SEED = 42;

  @Test
  void generatedCodeAgreesWithTheInterpreterOnEveryZooNetwork() {
    agree("lenet5.cnn", "LeNet5", Map.of(), () -> LeNet5.builder().configuration());
    agree("lenet5_wide.cnn", "LeNet5Wide", Map.of(), () -> LeNet5Wide.builder().configuration());
    agree("lenet1998.cnn", "LeNet1998", Map.of(), () -> LeNet1998.builder().configuration());
    agree("alexnet.cnn", "AlexNet", Map.of(), () -> AlexNet.builder().configuration());
    agree("vgg.cnn", "VGG16", Map.of(), () -> VGG16.builder().configuration());
    agree("vgg.cnn", "VGG19", Map.of(), () -> VGG19.builder().configuration());
    agree("googlenet.cnn", "GoogLeNet", Map.of(), () -> GoogLeNet.builder().configuration());
    agree("resnet.cnn", "ResNet50", Map.of(), () -> ResNet50.builder().configuration());
    agree("lightcnn.cnn", "LightCNN", Map.of(), () -> LightCNN.builder().configuration());
    agree("shufflenetv2.cnn", "ShuffleNetV2", Map.of(), () -> ShuffleNetV2.builder().configuration());
    agree("resnext.cnn", "ResNeXt50", Map.of(), () -> ResNeXt50.builder().configuration());
    agree("unet.cnn", "UNet", Map.of(), () -> UNet.builder().configuration());
  }

  @Test
  void changedParametersGoThroughTheInterpreterAndStillAgree() {
    agree("lightcnn.cnn", "LightCNN",
        Map.of("height", "32", "width", "32", "channels", "3", "classes", "7"),
        () -> LightCNN.builder().height(32).width(32).channels(3).classes(7).configuration());
    agree("googlenet.cnn", "GoogLeNet", Map.of("aux", "false"),
        () -> GoogLeNet.builder().aux(false).configuration());
    agree("resnet.cnn", "ResNet", Map.of("depth", "18", "classes", "10"),
        () -> ResNet.builder().depth(18).classes(10).configuration());
    agree("shufflenetv2.cnn", "ShuffleNetV2", Map.of("width", "50", "size", "96"),
        () -> ShuffleNetV2.builder().width(50).size(96).configuration());
    agree("unet.cnn", "UNet", Map.of("classes", "3", "base", "8", "size", "64", "channels", "3"),
        () -> UNet.builder().classes(3).base(8).size(64).channels(3).configuration());
    // The comparison can tell networks apart: a different class count is a different network.
    assertNotEquals(LeNet5.builder().configuration().toJson(),
        LeNet5.builder().classes(7).configuration().toJson());
  }

  private static void agree(String file, String network, Map<String, String> overrides,
      Supplier<ComputationGraphConfiguration> generated) {
    NetworkModel model = ZooSpecs.model(file, network, overrides);
    ComputationGraphConfiguration interpreted = Dl4jGraphFactory.configuration(model, SEED, new Adam(1e-3));
    assertEquals(interpreted.toJson(), generated.get().toJson(), network + " " + overrides);
  }
}
