package dev.cnnspec.runtime.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Classification results: {@code confusion[actual][predicted]} counts, the mean loss, and the
 * metrics derived from them. A class never predicted has precision 0 (as scikit-learn's
 * {@code zero_division=0}); a class absent from the data has recall 0.
 */
public record EvaluationReport(List<String> classNames, long[][] confusion, double loss) {

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
    long t = total();
    return t == 0 ? Double.NaN : (double) correct() / t;
  }

  public double precision(int k) {
    long predicted = 0;
    for (long[] row : confusion) {
      predicted += row[k];
    }
    return predicted == 0 ? 0 : (double) confusion[k][k] / predicted;
  }

  public double recall(int k) {
    long actual = 0;
    for (long c : confusion[k]) {
      actual += c;
    }
    return actual == 0 ? 0 : (double) confusion[k][k] / actual;
  }

  public double f1(int k) {
    double p = precision(k);
    double r = recall(k);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
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

  public String toJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode o = mapper.createObjectNode();
    o.put("accuracy", accuracy());
    o.put("loss", loss);
    o.put("examples", total());
    var classes = o.putArray("classes");
    for (int k = 0; k < confusion.length; k++) {
      classes.addObject().put("name", classNames.get(k)).put("precision", precision(k)).put("recall", recall(k))
          .put("f1", f1(k));
    }
    var matrix = o.putArray("confusion");
    for (long[] row : confusion) {
      var r = matrix.addArray();
      for (long c : row) {
        r.add(c);
      }
    }
    try {
      return mapper.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n);
  }
}
