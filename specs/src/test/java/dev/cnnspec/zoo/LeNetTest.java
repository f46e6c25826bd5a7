package dev.cnnspec.zoo;

import static dev.cnnspec.zoo.Count.conv;
import static dev.cnnspec.zoo.Count.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** The three LeNets: hand-counted parameters, shapes, and a few training steps on Fashion-MNIST. */
class LeNetTest {

  @Test
  void lenet5KerasFormHas61706Parameters() {
    NetworkModel m = ZooSpecs.model("lenet5.cnn", "LeNet5");
    long expected = conv(1, 6, 5) + conv(6, 16, 5) + dense(5 * 5 * 16, 120) + dense(120, 84) + dense(84, 10);
    assertEquals(61_706, expected, "the hand count agrees with the well-known figure");
    assertEquals(expected, m.totalParameters());
    assertEquals(expected, m.trainableParameters());
    assertEquals(Shape.flat(400), ZooSpecs.shape(m, "features"));
    assertEquals(Shape.flat(10), ZooSpecs.outputShape(m, "probs"));
  }

  /** The article's form, in_shape=(32, 32, 1): 1,631,080 parameters. */
  @Test
  void lenet5WideHasTheArticles1631080Parameters() {
    NetworkModel m = ZooSpecs.model("lenet5_wide.cnn", "LeNet5Wide");
    long expected = conv(1, 20, 5) + conv(20, 50, 5) + dense(8 * 8 * 50, 500) + dense(500, 10);
    assertEquals(1_631_080, expected, "the article's figure");
    assertEquals(expected, m.totalParameters());
    assertEquals(expected, m.trainableParameters());
    assertEquals(Shape.spatial(32, 32, 1), m.inputs().get(0).shape());
    assertEquals(Shape.flat(3200), ZooSpecs.shape(m, "features"));
    assertEquals(Shape.flat(10), ZooSpecs.outputShape(m, "probs"));
  }

  /** The 28×28 form of Caffe's and DL4J's MNIST examples, by --set and by the generated builder. */
  @Test
  void lenet5WideAt28Has1256080Parameters() {
    NetworkModel m = ZooSpecs.model("lenet5_wide.cnn", "LeNet5Wide", java.util.Map.of("size", "28"));
    long expected = conv(1, 20, 5) + conv(20, 50, 5) + dense(7 * 7 * 50, 500) + dense(500, 10);
    assertEquals(1_256_080, expected);
    assertEquals(expected, m.totalParameters());
    assertEquals(Shape.flat(2450), ZooSpecs.shape(m, "features"));
    assertEquals(expected, LeNet5Wide.builder().size(28).build().numParams());
    assertEquals(1_631_080, LeNet5Wide.TOTAL_PARAMETERS);
  }

  @Test
  void lenet1998HasAFullyConnectedC5Of120Maps() {
    NetworkModel m = ZooSpecs.model("lenet1998.cnn", "LeNet1998");
    long expected = conv(1, 6, 5) + conv(6, 16, 5) + conv(16, 120, 5) + dense(120, 84) + dense(84, 10);
    assertEquals(61_706, expected);
    assertEquals(expected, m.totalParameters());
    assertEquals(Shape.flat(120), ZooSpecs.shape(m, "c5"));
    assertEquals(Shape.flat(10), ZooSpecs.outputShape(m, "probs"));
  }

  @Test
  void lenet5BuildsRunsAndLearnsFashionMnist() throws Exception {
    trainOnFashionMnist(ZooSpecs.model("lenet5.cnn", "LeNet5"), 2);
  }

  @Test
  void lenet5WideBuildsRunsAndLearnsFashionMnist() throws Exception {
    trainOnFashionMnist(ZooSpecs.model("lenet5_wide.cnn", "LeNet5Wide"), 2);
  }

  @Test
  void lenet1998BuildsRunsAndLearnsFashionMnist() throws Exception {
    trainOnFashionMnist(ZooSpecs.model("lenet1998.cnn", "LeNet1998"), 2);
  }

  static void trainOnFashionMnist(NetworkModel m, int pad) throws Exception {
    Dl4jChecks.constantsAgree(m);
    ComputationGraph graph = Dl4jChecks.built(m);
    Dl4jChecks.forwardPassMatchesInferredShapes(m, graph);
    Dl4jChecks.lossGoesDown(graph, FashionMnist.first(64, pad));
  }
}
