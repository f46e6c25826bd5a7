package dev.cnnspec.cli;

import dev.cnnspec.runtime.data.DataOptions;
import dev.cnnspec.runtime.data.DataSources;
import dev.cnnspec.runtime.data.ImageSet;
import dev.cnnspec.runtime.data.SampleGrid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cnn samples --dataset … --out grid.png}: a PNG grid of images with their labels; with
 * {@code --model}, framed green or red by whether the model gets them right ({@code --mistakes}
 * shows only the wrong ones), a quick look at what a model confuses.
 */
@Command(name = "samples", mixinStandardHelpOptions = true,
    description = "Draw a grid of data set images (with a model's predictions) as PNG.")
final class SamplesCommand implements Callable<Integer> {
  @Mixin
  DatasetOption dataset = new DatasetOption();

  @Option(names = "--model", paramLabel = "MODEL", description = "model.zip or a cnn train --out directory")
  Path model;

  @Option(names = "--out", defaultValue = "samples.png", paramLabel = "FILE", description = "PNG file (default ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--count", defaultValue = "40", description = "images to draw (default ${DEFAULT-VALUE})")
  int count;

  @Option(names = "--train", description = "draw from the training set instead of the test set")
  boolean train;

  @Option(names = "--mistakes", description = "with --model: only images the model gets wrong")
  boolean mistakes;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (count < 1) {
      throw new UserError("--count must be at least 1");
    }
    if (mistakes && model == null) {
      throw new UserError("--mistakes needs --model");
    }
    ImageSet images;
    int[] predictions = null;
    if (model != null) {
      SavedModel m = SavedModel.load(model);
      images = Inference.openForModel(dataset.orElse(m.dataset()), m.input(), m.outputs(), !train);
      float[][] p = Inference.probabilities(m, images, 256);
      predictions = new int[p.length];
      for (int i = 0; i < p.length; i++) {
        predictions[i] = Inference.argmax(p[i]);
      }
    } else {
      var data = DataSources.open(dataset.orElse(null), DataOptions.defaults().withValidationFraction(0).withPrefetch(0));
      images = train ? data.trainImages() : data.testImages().orElse(data.trainImages());
    }
    int[] indices = mistakes ? SampleGrid.mistakes(images, predictions, count) : SampleGrid.first(images, count);
    if (indices.length == 0) {
      spec.commandLine().getOut().println("no mistakes among " + images.size() + " images; nothing to draw");
      return 0;
    }
    SampleGrid.write(images, indices, predictions, out);
    spec.commandLine().getOut().printf("%d images drawn to %s%n", indices.length, out);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
