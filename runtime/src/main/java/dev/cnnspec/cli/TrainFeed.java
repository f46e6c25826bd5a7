package dev.cnnspec.cli;

import java.util.List;

/**
 * What {@code cnn train} can feed: one input, the data set's images (fitted to its shape), and the
 * data set's labels, one-hot over its classes, given to every head (GoogLeNet's auxiliary heads
 * learn the same classes as its main one). A network outside that gets a message naming the input or
 * head and the data it expected, before any data is loaded or weight allocated, instead of DL4J's
 * "Invalid number of InputTypes" or "Labels and preOutput must have equal shapes".
 */
final class TrainFeed {
  private TrainFeed() {}

  static void checkInputs(ModelSource.Resolved model) {
    List<ModelSource.Port> inputs = model.inputs();
    if (inputs.size() != 1) {
      throw new UserError(model.name() + " has " + inputs.size() + " inputs (" + join(inputs) + "), but cnn train"
          + " feeds exactly one: the images of the data set; train a network with one image input, or feed"
          + " several from Java (ComputationGraph.fit with a MultiDataSet, one features array per input in the"
          + " order " + join(inputs) + ")");
    }
  }

  static void checkHeads(ModelSource.Resolved model, String dataset, int classes) {
    List<ModelSource.Port> heads = model.heads();
    for (ModelSource.Port head : heads) {
      if (head.shape() instanceof dev.cnnspec.model.Shape.Spatial) {
        throw new UserError(model.name() + ": head " + head + " is per pixel, but cnn train's data sets give one"
            + " class per image; train it from Java on per-pixel labels (dev.cnnspec.runtime.data.MaskFiles reads"
            + " <prefix>-masks-idx3-ubyte beside the images, MaskSet.dataSet gives DL4J's one-hot [N, C, H, W])");
      }
      long units = head.shape().elements();
      if (units == classes) {
        continue;
      }
      if (heads.size() == 1) {
        throw new UserError(model.name() + " has " + units + " outputs but " + dataset + " has " + classes
            + " classes; try --set classes=" + classes);
      }
      throw new UserError(model.name() + ": head " + head + " has " + units + " units, but cnn train gives every"
          + " head the labels of " + dataset + ", one-hot over its " + classes + " classes; give every head "
          + classes + " units (e.g. --set classes=" + classes + "), or train it from Java with labels per head");
    }
  }

  private static String join(List<ModelSource.Port> ports) {
    return String.join(", ", ports.stream().map(ModelSource.Port::toString).toList());
  }
}
