package dev.cnnspec.runtime.train;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * Classification results, computed by ND4J's {@link Evaluation} (the evaluation DL4J's own
 * {@code ComputationGraph.evaluate} uses): accuracy, per-class precision, recall and F1, and the
 * {@code confusion[actual][predicted]} counts, with the mean loss beside them. A class never
 * predicted has precision 0 and a class absent from the data recall 0 (ND4J's edge value, as
 * scikit-learn's {@code zero_division=0}); F1 is 0 when both are. Macro F1 is the mean of every
 * class's F1, absent classes included (ND4J's own macro average leaves out classes whose F1 is an
 * edge case, which flatters a model that never predicts a rare class).
 *
 * <p>Labels of any rank that ND4J evaluates count per element: 4-d {@code [N, classes, H, W]}
 * labels of a per-pixel head are one example per pixel, so {@link #total()} is pixels.
 */
public final class EvaluationReport {
  private final List<String> classNames;
  private final Evaluation evaluation;
  private final long[][] confusion;
  private final double loss;

  /** The report of {@code evaluation}, which this report then owns (it is not copied). */
  public static EvaluationReport of(Evaluation evaluation, List<String> classNames, double loss) {
    return new EvaluationReport(classNames, evaluation, loss);
  }

  /** A report from {@code confusion[actual][predicted]} counts, replayed into an {@link Evaluation}. */
  public EvaluationReport(List<String> classNames, long[][] confusion, double loss) {
    this(classNames, replay(confusion), loss);
  }

  private EvaluationReport(List<String> classNames, Evaluation evaluation, double loss) {
    this.classNames = List.copyOf(classNames);
    this.evaluation = evaluation;
    this.loss = loss;
    int k = classNames.size();
    this.confusion = new long[k][k];
    var matrix = evaluation.getConfusionMatrix();
    for (int actual = 0; matrix != null && actual < k; actual++) {
      for (int predicted = 0; predicted < k; predicted++) {
        confusion[actual][predicted] = matrix.getCount(actual, predicted);
      }
    }
  }

  private static Evaluation replay(long[][] confusion) {
    Evaluation e = new Evaluation(confusion.length);
    for (int actual = 0; actual < confusion.length; actual++) {
      for (int predicted = 0; predicted < confusion.length; predicted++) {
        for (long n = 0; n < confusion[actual][predicted]; n++) {
          e.eval(predicted, actual);
        }
      }
    }
    return e;
  }

  public List<String> classNames() {
    return classNames;
  }

  /** {@code confusion[actual][predicted]}: a copy. */
  public long[][] confusion() {
    long[][] copy = new long[confusion.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  public double loss() {
    return loss;
  }

  public long total() {
    long t = 0;
    for (long[] row : confusion) {
      for (long c : row) {
        t += c;
      }
    }
    return t;
  }

  public long correct() {
    long c = 0;
    for (int i = 0; i < confusion.length; i++) {
      c += confusion[i][i];
    }
    return c;
  }

  public double accuracy() {
    return total() == 0 ? Double.NaN : evaluation.accuracy();
  }

  public double precision(int k) {
    return evaluation.precision(k, 0);
  }

  public double recall(int k) {
    return evaluation.recall(k, 0);
  }

  public double f1(int k) {
    double f = evaluation.fBeta(1, k, 0);
    return Double.isNaN(f) ? 0 : f;
  }

  public double macroF1() {
    double s = 0;
    for (int k = 0; k < confusion.length; k++) {
      s += f1(k);
    }
    return s / confusion.length;
  }

  /** Accuracy, loss, a per-class table and the confusion matrix, for a terminal. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "accuracy %.4f (%d/%d), loss %.4f, macro F1 %.4f%n%n", accuracy(), correct(),
        total(), loss, macroF1()));
    int w = Math.max(5, classNames.stream().mapToInt(String::length).max().orElse(5));
    s.append(String.format(Locale.ROOT, "%-" + w + "s  %9s  %9s  %9s  %7s%n", "class", "precision", "recall", "f1",
        "support"));
    for (int k = 0; k < confusion.length; k++) {
      long support = 0;
      for (long c : confusion[k]) {
        support += c;
      }
      s.append(String.format(Locale.ROOT, "%-" + w + "s  %9.4f  %9.4f  %9.4f  %7d%n", classNames.get(k),
          precision(k), recall(k), f1(k), support));
    }
    s.append("\nconfusion matrix (rows: actual, columns: predicted)\n");
    int cw = 6;
    s.append(" ".repeat(w));
    for (int k = 0; k < confusion.length; k++) {
      s.append(String.format(Locale.ROOT, " %" + cw + "s", abbreviate(classNames.get(k), cw)));
    }
    s.append('\n');
    for (int i = 0; i < confusion.length; i++) {
      s.append(String.format(Locale.ROOT, "%-" + w + "s", classNames.get(i)));
      for (long c : confusion[i]) {
        s.append(String.format(Locale.ROOT, " %" + cw + "d", c));
      }
      s.append('\n');
    }
    return s.toString();
  }

  /** {@code evaluation.json}: the figures, a row per class, and the confusion matrix. */
  public String toJson() {
    List<ClassFigures> classes = new ArrayList<>();
    for (int k = 0; k < confusion.length; k++) {
      classes.add(new ClassFigures(classNames.get(k), precision(k), recall(k), f1(k)));
    }
    return JsonFiles.toJson(new Json(accuracy(), loss, total(), classes, confusion));
  }

  @JsonPropertyOrder({"accuracy", "loss", "examples", "classes", "confusion"})
  record Json(double accuracy, double loss, long examples, List<ClassFigures> classes, long[][] confusion) {}

  @JsonPropertyOrder({"name", "precision", "recall", "f1"})
  record ClassFigures(String name, double precision, double recall, double f1) {}

  private static String abbreviate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n);
  }
}
