package dev.cnnspec.cli;

import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.data.DataOptions;
import dev.cnnspec.runtime.data.DataSources;
import dev.cnnspec.runtime.data.DataSplits;
import dev.cnnspec.runtime.data.ImageSet;
import dev.cnnspec.runtime.data.ImageSetIterator;
import dev.cnnspec.runtime.data.InputFitter;
import java.io.IOException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Running a saved model over images in file order, shared by {@code eval}, {@code predict} and
 * {@code samples}: the images are fitted to the model's input and normalised with the statistics
 * stored at training time (never recomputed on the data being predicted).
 */
final class Inference {
  private Inference() {}

  /**
   * The test part of a data source (its training part when it has no test set), fitted to {@code input}.
   *
   * @param classes the number of classes the model scores (labels beyond it are errors), 0 if unknown
   */
  static ImageSet openForModel(String dataset, Shape input, int classes, boolean test) throws IOException {
    DataSplits data;
    try {
      data = DataSources.open(dataset, DataOptions.defaults().withInput(input).withValidationFraction(0)
          .withPrefetch(0).withReplicateChannels(input instanceof Shape.Spatial s && s.channels() == 3)
          .withClasses(classes));
    } catch (IllegalArgumentException e) {
      throw mismatch(dataset, input, e);
    }
    return test ? data.testImages().orElse(data.trainImages()) : data.trainImages();
  }

  /** {@code images} fitted to a model's input, or an error saying what the model takes. */
  static ImageSet fit(String source, ImageSet images, Shape input) {
    try {
      return InputFitter.fit(images, input, input instanceof Shape.Spatial s && s.channels() == 3);
    } catch (IllegalArgumentException e) {
      throw mismatch(source, images.height() + "x" + images.width() + "x" + images.channels(), input, e);
    }
  }

  private static UserError mismatch(String dataset, Shape input, IllegalArgumentException e) {
    return new UserError("the model takes input " + input.dims() + " and " + dataset + " does not fit it: "
        + e.getMessage() + "; use data of the kind the model was trained on");
  }

  private static UserError mismatch(String source, String have, Shape input, IllegalArgumentException e) {
    return new UserError("the model takes input " + input.dims() + " but " + source + " holds " + have
        + " images: " + e.getMessage() + "; use data of the kind the model was trained on");
  }

  /** Class probabilities of the main head, one row per image. */
  static float[][] probabilities(SavedModel model, ImageSet images, int batch) {
    ImageSetIterator it = new ImageSetIterator(images, batch, model.normalizer(), model.input() instanceof Shape.Flat,
        null);
    float[][] out = new float[images.size()][];
    int i = 0;
    while (it.hasNext()) {
      INDArray features = it.next().getFeatures();
      INDArray p = model.graph().output(false, features)[model.mainOutput()];
      for (int r = 0; r < p.rows(); r++) {
        out[i++] = p.getRow(r).toFloatVector();
      }
    }
    return out;
  }

  static int argmax(float[] p) {
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return best;
  }
}
