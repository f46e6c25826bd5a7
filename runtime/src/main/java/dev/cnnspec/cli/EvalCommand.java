package dev.cnnspec.cli;

import dev.cnnspec.runtime.data.ImageSet;
import dev.cnnspec.runtime.train.AtomicFiles;
import dev.cnnspec.runtime.train.ConfusionMatrixPlot;
import dev.cnnspec.runtime.train.EvaluationReport;
import dev.cnnspec.runtime.train.Evaluator;
import dev.cnnspec.runtime.train.ImageSetData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cnn eval MODEL}: accuracy, loss, per-class precision/recall/F1 and the confusion matrix on a test set. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate a trained model on a data set's test images.")
final class EvalCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "model.zip, or the --out directory of cnn train")
  Path model;

  @Mixin
  DatasetOption dataset = new DatasetOption();

  @Option(names = "--batch", defaultValue = "256", description = "batch size (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @Option(names = "--out", paramLabel = "DIR", description = "also write evaluation.json and confusion-matrix.png here")
  Path out;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    SavedModel m = SavedModel.load(model);
    String source = dataset.orElse(m.dataset());
    ImageSet images = Inference.openForModel(source, m.input(), m.outputs(), true);
    if (!m.classNames().isEmpty() && !m.classNames().equals(images.classNames())) {
      throw new UserError(m.file() + " was trained on classes " + m.classNames() + " but " + source + " has "
          + images.classNames());
    }
    if (images.numClasses() != m.outputs()) {
      throw new UserError(m.file() + " scores " + m.outputs() + " classes but " + source + " has "
          + images.numClasses() + "; evaluate it on the kind of data it was trained on");
    }
    boolean flat = m.input() instanceof dev.cnnspec.model.Shape.Flat;
    EvaluationReport report = Evaluator.evaluate(m.graph(), new ImageSetData(images, batch, m.normalizer(), flat,
        false, 0, false), m.mainOutput(), images.classNames());
    stdout.print(json ? report.toJson() + "\n" : report.toText());
    if (out != null) {
      AtomicFiles.writeString(out.resolve("evaluation.json"), report.toJson());
      ConfusionMatrixPlot.write(out.resolve("confusion-matrix.png"), report);
      stdout.printf("wrote %s and %s%n", out.resolve("evaluation.json"), out.resolve("confusion-matrix.png"));
    }
    stdout.flush();
    return 0;
  }
}
