package dev.cnnspec.runtime.train;

import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Scores a model on labelled data in inference mode: mean loss (all heads, weighted as in
 * training, so it is comparable with the training loss) and, on the main head, ND4J's
 * {@link Evaluation} (accuracy, the confusion matrix, per-class precision, recall and F1), which
 * {@link EvaluationReport} presents.
 */
public final class Evaluator {
  private Evaluator() {}

  public record LossAndAccuracy(double loss, double accuracy) {}

  public static LossAndAccuracy lossAndAccuracy(ComputationGraph graph, TrainingData data, int mainOutput) {
    EvaluationReport r = evaluate(graph, data, mainOutput, null);
    return new LossAndAccuracy(r.loss(), r.accuracy());
  }

  /** @param classNames labels for the report, or {@code null} for "0", "1", … */
  public static EvaluationReport evaluate(ComputationGraph graph, TrainingData data, int mainOutput,
      List<String> classNames) {
    int outputs = graph.getConfiguration().getNetworkOutputs().size();
    int k = data.numClasses();
    Evaluation evaluation = new Evaluation(k);
    double lossSum = 0;
    long n = 0;
    Iterator<MultiDataSet> batches = data.batches(0, false, outputs);
    while (batches.hasNext()) {
      MultiDataSet mds = batches.next();
      long b = mds.getFeatures(0).size(0);
      lossSum += graph.score(mds, false) * b;
      n += b;
      INDArray predicted = graph.output(false, mds.getFeatures())[mainOutput];
      // per example, or per pixel for 4-d [N, classes, H, W] labels (ND4J reshapes them)
      evaluation.eval(mds.getLabels(mainOutput), predicted);
    }
    return EvaluationReport.of(evaluation, classNames == null ? defaultNames(k) : List.copyOf(classNames),
        n == 0 ? Double.NaN : lossSum / n);
  }

  static List<String> defaultNames(int k) {
    return java.util.stream.IntStream.range(0, k).mapToObj(Integer::toString).toList();
  }
}
