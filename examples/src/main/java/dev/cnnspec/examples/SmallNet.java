package dev.cnnspec.examples;

import dev.cnnspec.annotations.BatchNorm;
import dev.cnnspec.annotations.Conv;
import dev.cnnspec.annotations.Dense;
import dev.cnnspec.annotations.Dropout;
import dev.cnnspec.annotations.Flat;
import dev.cnnspec.annotations.Flatten;
import dev.cnnspec.annotations.Input;
import dev.cnnspec.annotations.MaxPool;
import dev.cnnspec.annotations.Network;
import dev.cnnspec.annotations.Output;
import dev.cnnspec.annotations.Spatial;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Padding;

/**
 * A small Fashion-MNIST classifier written as an annotated interface instead of a spec: each
 * method is a tensor, its parameters the tensors it reads. The annotation processor checks it
 * (shapes, counts) while javac compiles this module and generates
 * {@code dev.cnnspec.examples.SmallCnn}, named by {@code @Network(name)}, with the same API as a
 * class generated from a spec.
 *
 * <p>Parameters: conv 16·(9·1 + 1) = 160, batch norm 4·16 = 64, conv 32·(9·16 + 1) = 4,640,
 * dense 7·7·32 = 1568 → 64: 100,416, dense 64 → 10: 650. Total 105,930.
 */
@Network(name = "SmallCnn")
public interface SmallNet {
  @Input(height = 28, width = 28, channels = 1)
  Spatial image();

  @Conv(filters = 16, kernel = 3, padding = Padding.SAME, activation = Activation.RELU)
  Spatial c1(Spatial image);

  @BatchNorm
  Spatial n1(Spatial c1);

  @MaxPool
  Spatial p1(Spatial n1);

  @Conv(filters = 32, kernel = 3, padding = Padding.SAME, activation = Activation.RELU)
  Spatial c2(Spatial p1);

  @MaxPool
  Spatial p2(Spatial c2);

  @Flatten
  Flat f(Spatial p2);

  @Dense(units = 64, activation = Activation.RELU)
  Flat d1(Flat f);

  @Dropout(0.25)
  Flat drop(Flat d1);

  @Output
  @Dense(units = 10, activation = Activation.SOFTMAX)
  Flat probs(Flat drop);
}
