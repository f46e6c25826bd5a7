package dev.cnnspec.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.CycleSchedule;
import org.nd4j.linalg.schedule.StepSchedule;

/** Optimiser and schedule names map to the right ND4J updaters; our own ones compute and serialise correctly. */
class OptimizersTest {

  private static TrainingOptions opts(Optimizer o, double m, Schedule s) {
    return TrainingOptions.defaults().withEpochs(9).withOptimizer(o, 0.1, m).withSchedule(s);
  }

  @Test
  void namesMapToUpdaters() {
    assertInstanceOf(Adam.class, Optimizers.updater(opts(Optimizer.ADAM, 0, Schedule.CONSTANT), 10));
    assertInstanceOf(Sgd.class, Optimizers.updater(opts(Optimizer.SGD, 0, Schedule.CONSTANT), 10));
    assertInstanceOf(SgdMomentum.class, Optimizers.updater(opts(Optimizer.SGD, 0.9, Schedule.CONSTANT), 10));
    assertInstanceOf(Nesterovs.class, Optimizers.updater(opts(Optimizer.NESTEROV, 0.9, Schedule.CONSTANT), 10));
    assertInstanceOf(RmsProp.class, Optimizers.updater(opts(Optimizer.RMSPROP, 0, Schedule.CONSTANT), 10));
    assertEquals("rmsprop", Optimizer.RMSPROP.toString());
    assertEquals("one-cycle", Schedule.ONE_CYCLE.toString());
  }

  @Test
  void schedulesFollowTheirDefinitions() {
    assertInstanceOf(StepSchedule.class, Optimizers.schedule(opts(Optimizer.ADAM, 0, Schedule.STEP), 10));
    assertInstanceOf(CycleSchedule.class, Optimizers.schedule(opts(Optimizer.ADAM, 0, Schedule.ONE_CYCLE), 10));
    // step: 9 epochs → ×0.1 every 3 epochs
    var step = Optimizers.schedule(opts(Optimizer.ADAM, 0, Schedule.STEP), 10);
    assertEquals(0.1, step.valueAt(0, 2), 1e-12);
    assertEquals(0.01, step.valueAt(0, 3), 1e-12);
    // cosine over 9 × 10 = 90 iterations: start, half-way, end
    var cos = Optimizers.schedule(opts(Optimizer.ADAM, 0, Schedule.COSINE), 10);
    assertEquals(0.1, cos.valueAt(0, 0), 1e-12);
    assertEquals(0.05, cos.valueAt(45, 4), 1e-12);
    assertEquals(0.0, cos.valueAt(90, 8), 1e-12);
    assertEquals(0.0, cos.valueAt(200, 8), 1e-12);
    // one-cycle peaks at the base rate half-way through the cycle proper
    var one = Optimizers.schedule(opts(Optimizer.ADAM, 0, Schedule.ONE_CYCLE), 10);
    assertEquals(0.01, one.valueAt(0, 0), 1e-9);
    assertTrue(one.valueAt(40, 4) > 0.09, "near the peak: " + one.valueAt(40, 4));
    assertTrue(one.valueAt(89, 8) < 0.01, "annealed below the start: " + one.valueAt(89, 8));
  }

  @Test
  void classicalMomentumAccumulatesVelocity() {
    SgdMomentum config = new SgdMomentum(0.5, null, 0.9);
    INDArray state = Nd4j.zeros(1, 2);
    GradientUpdater<?> u = config.instantiate(state, true);
    INDArray g1 = Nd4j.createFromArray(new float[] {1f, -2f}).reshape(1, 2);
    u.applyUpdater(g1, 0, 0);
    // v = g; update = lr · v
    assertEquals(0.5, g1.getDouble(0), 1e-6);
    assertEquals(-1.0, g1.getDouble(1), 1e-6);
    INDArray g2 = Nd4j.createFromArray(new float[] {1f, -2f}).reshape(1, 2);
    u.applyUpdater(g2, 1, 0);
    // v = 0.9 · g + g = 1.9 g
    assertEquals(0.95, g2.getDouble(0), 1e-6);
    assertEquals(-1.9, g2.getDouble(1), 1e-6);
  }

  @Test
  void ourUpdaterAndScheduleSurviveTheConfigurationJson() {
    ComputationGraphConfiguration conf = TinyNets.conv(8, 3, false);
    IUpdater updater = new SgdMomentum(0.1, new CosineSchedule(0.1, 0, 100), 0.8);
    Optimizers.install(conf, updater);
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
    var layer = (BaseLayer) ((LayerVertex) back.getVertices().get("conv_1")).getLayerConf().getLayer();
    assertEquals(updater, layer.getIUpdater());
    assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 30 / 100)), layer.getIUpdater().getLearningRate(30, 0), 1e-12);
  }
}
