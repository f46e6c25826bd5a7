package dev.cnnspec.runtime.train;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * SGD with classical (heavy-ball) momentum, as Keras' {@code SGD(momentum=m)} and PyTorch's
 * {@code SGD(momentum=m)}: {@code v ← m·v + g; θ ← θ − lr·v}. DL4J only ships the Nesterov
 * variant; this configuration is a Jackson bean (ND4J's shaded annotations) so that it survives
 * DL4J's configuration JSON and {@code ModelSerializer}, updater state included.
 */
public final class SgdMomentum implements IUpdater {
  private static final long serialVersionUID = 1L;

  private double learningRate;
  private ISchedule learningRateSchedule;
  private final double momentum;

  public SgdMomentum(@JsonProperty("learningRate") double learningRate,
      @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule, @JsonProperty("momentum") double momentum) {
    this.learningRate = learningRate;
    this.learningRateSchedule = learningRateSchedule;
    this.momentum = momentum;
  }

  @Override
  public long stateSize(long numParams) {
    return numParams;
  }

  @Override
  public GradientUpdater<SgdMomentum> instantiate(INDArray viewArray, boolean initializeViewArray) {
    Velocity v = new Velocity(this);
    v.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
    return v;
  }

  @Override
  public GradientUpdater<SgdMomentum> instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
    Velocity v = new Velocity(this);
    v.setState(state, initializeStateArrays);
    return v;
  }

  @Override
  public double getLearningRate(int iteration, int epoch) {
    return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
  }

  @Override
  public boolean hasLearningRate() {
    return true;
  }

  @Override
  public void setLrAndSchedule(double lr, ISchedule schedule) {
    this.learningRate = lr;
    this.learningRateSchedule = schedule;
  }

  public double getLearningRate() {
    return learningRate;
  }

  public ISchedule getLearningRateSchedule() {
    return learningRateSchedule;
  }

  public double getMomentum() {
    return momentum;
  }

  @Override
  public SgdMomentum clone() {
    return new SgdMomentum(learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(), momentum);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SgdMomentum s && s.learningRate == learningRate && s.momentum == momentum
        && Objects.equals(s.learningRateSchedule, learningRateSchedule);
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, learningRateSchedule, momentum);
  }

  /** The velocity buffer lives in DL4J's updater state view, so checkpoints carry it. */
  private static final class Velocity implements GradientUpdater<SgdMomentum> {
    private static final String KEY = "V";
    private final SgdMomentum config;
    private INDArray v;

    Velocity(SgdMomentum config) {
      this.config = config;
    }

    @Override
    public SgdMomentum getConfig() {
      return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
      if (state == null || state.size() != 1 || !state.containsKey(KEY)) {
        throw new IllegalStateException("SGD momentum state must hold exactly the key " + KEY + ", got " + state);
      }
      v = state.get(KEY);
      if (initialize) {
        v.assign(0);
      }
    }

    @Override
    public Map<String, INDArray> getState() {
      return Map.of(KEY, v);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
      if (initialize) {
        viewArray.assign(0);
      }
      v = viewArray.reshape(order, gradientShape);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
      double lr = config.getLearningRate(iteration, epoch);
      v.muli(config.momentum).addi(gradient);
      gradient.assign(v).muli(lr);
    }
  }
}
