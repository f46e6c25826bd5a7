package dev.cnnspec.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cnnspec.runtime.data.CsvPixelFormat;
import dev.cnnspec.runtime.data.ImageSet;
import dev.cnnspec.runtime.train.AtomicFiles;
import dev.cnnspec.runtime.train.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cnn predict MODEL INPUT --out predictions.csv}: one prediction per image in file order.
 * CSV is Kaggle's submission layout ({@code ImageId,Label}, ImageId from 1); JSON adds the class
 * name and the probability of each prediction.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predict the class of every image of INPUT (a pixel CSV or a data source).")
final class PredictCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "model.zip, or the --out directory of cnn train")
  Path model;

  @Parameters(index = "1", paramLabel = "INPUT",
      description = "a pixel CSV (Kaggle layout, label column optional) or a data source such as fashion-mnist")
  String input;

  @Option(names = "--out", defaultValue = "predictions.csv", paramLabel = "FILE",
      description = ".csv (ImageId,Label) or .json (default ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--batch", defaultValue = "256", description = "batch size (default ${DEFAULT-VALUE})")
  int batch;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".csv") && !name.endsWith(".json")) {
      throw new UserError("--out " + out + ": give a file ending in .csv or .json");
    }
    SavedModel m = SavedModel.load(model);
    ImageSet images = read(m);
    float[][] p = Inference.probabilities(m, images, batch);
    if (name.endsWith(".csv")) {
      StringBuilder csv = new StringBuilder("ImageId,Label\n");
      for (int i = 0; i < p.length; i++) {
        csv.append(i + 1).append(',').append(Inference.argmax(p[i])).append('\n');
      }
      AtomicFiles.writeString(out, csv.toString());
    } else {
      List<Prediction> rows = new ArrayList<>();
      for (int i = 0; i < p.length; i++) {
        int k = Inference.argmax(p[i]);
        rows.add(new Prediction(i + 1, k, m.className(k), p[i][k]));
      }
      JsonFiles.write(out, rows);
    }
    spec.commandLine().getOut().printf("%d predictions written to %s%n", p.length, out);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** One element of the {@code --out FILE.json} list: Kaggle's two columns, the class's name and its probability. */
  record Prediction(@JsonProperty("ImageId") int imageId, @JsonProperty("Label") int label,
      @JsonProperty("class") String className, @JsonProperty("probability") float probability) {}

  private ImageSet read(SavedModel m) throws IOException {
    Path path = Path.of(input);
    if (input.toLowerCase(Locale.ROOT).endsWith(".csv") && Files.isRegularFile(path)) {
      return Inference.fit(input, CsvPixelFormat.read(path, m.outputs()), m.input());
    }
    if (input.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      throw new UserError("no such file: " + input);
    }
    return Inference.openForModel(input, m.input(), m.outputs(), true);
  }
}
