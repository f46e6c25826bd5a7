package dev.cnnspec.testing;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Size2D;

/**
 * Short factories for {@link Op} records with the language's defaults (stride 1, valid padding,
 * identity activation, bias on, pool stride = pool), so that tests read like specs.
 */
public final class Ops {
  private Ops() {}

  public static Op.Conv2D conv(int filters, int kernel) {
    return conv(filters, kernel, 1, Padding.VALID, Activation.IDENTITY);
  }

  public static Op.Conv2D conv(int filters, int kernel, int stride, Padding padding, Activation activation) {
    return new Op.Conv2D(filters, Size2D.square(kernel), Size2D.square(stride), padding, Size2D.square(1),
        activation, Activation.DEFAULT_LEAKY_ALPHA, true);
  }

  public static Op.Conv2D conv(int filters, Size2D kernel, Size2D stride, Padding padding, Size2D dilation,
      boolean bias) {
    return new Op.Conv2D(filters, kernel, stride, padding, dilation, Activation.IDENTITY,
        Activation.DEFAULT_LEAKY_ALPHA, bias);
  }

  public static Op.Pool2D maxpool(int pool) {
    return pool(PoolType.MAX, pool, pool, Padding.VALID);
  }

  public static Op.Pool2D pool(PoolType type, int pool, int stride, Padding padding) {
    return new Op.Pool2D(type, Size2D.square(pool), Size2D.square(stride), padding);
  }

  public static Op.GlobalPool globalAvgPool() {
    return new Op.GlobalPool(PoolType.AVG);
  }

  public static Op.ZeroPad zeroPad(int n) {
    return new Op.ZeroPad(n, n, n, n);
  }

  public static Op.Dense dense(int units) {
    return dense(units, Activation.IDENTITY);
  }

  public static Op.Dense dense(int units, Activation activation) {
    return new Op.Dense(units, activation, Activation.DEFAULT_LEAKY_ALPHA, true);
  }

  public static Op.BatchNorm batchNorm() {
    return new Op.BatchNorm(0.9, 1e-5);
  }

  public static Op.Dropout dropout(double rate) {
    return new Op.Dropout(rate);
  }

  public static Op.Flatten flatten() {
    return new Op.Flatten();
  }

  public static Op.ActivationOp relu() {
    return new Op.ActivationOp(Activation.RELU, Activation.DEFAULT_LEAKY_ALPHA);
  }

  public static Op.ActivationOp softmax() {
    return new Op.ActivationOp(Activation.SOFTMAX, Activation.DEFAULT_LEAKY_ALPHA);
  }

  public static Op.Mfm mfm() {
    return new Op.Mfm();
  }

  public static Op.Add add() {
    return new Op.Add();
  }

  public static Op.Concat concat() {
    return new Op.Concat();
  }
}
