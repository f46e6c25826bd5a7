package dev.cnnspec.processor;

import dev.cnnspec.diag.DiagnosticCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * Reports to javac on the most specific place known: the element, the annotation on it and the
 * value within that annotation, so that javac and IDEs underline {@code kernel = 7}, not the
 * interface. Every message carries the diagnostic id of the catalog, as the spec compiler's do.
 */
final class Reporter {
  private final Messager messager;
  private int errors;

  Reporter(Messager messager) {
    this.messager = messager;
  }

  void error(DiagnosticCode code, Element element, AnnotationMirror mirror, AnnotationValue value,
      String message, String hint) {
    errors++;
    messager.printMessage(Kind.ERROR, format(code, message, hint), element, mirror, value);
  }

  void error(DiagnosticCode code, Element element, String message, String hint) {
    error(code, element, null, null, message, hint);
  }

  void warning(DiagnosticCode code, Element element, AnnotationMirror mirror, String message, String hint) {
    messager.printMessage(Kind.WARNING, format(code, message, hint), element, mirror);
  }

  /** A spec diagnostic, already rendered with its {@code file:line:col:} and source line. */
  void rendered(boolean error, String text) {
    if (error) {
      errors++;
    }
    messager.printMessage(error ? Kind.ERROR : Kind.WARNING, text.stripTrailing());
  }

  /** Our own bug: say so, and give the stack trace a maintainer needs. */
  void internalError(Element element, String what, Throwable t) {
    errors++;
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    String message = "[" + DiagnosticCode.INTERNAL_ERROR.id() + "] internal error in cnn-spec while " + what
        + ": " + t + "\nPlease report this with the source that caused it.\n" + trace;
    if (element == null) {
      messager.printMessage(Kind.ERROR, message);
    } else {
      messager.printMessage(Kind.ERROR, message, element);
    }
  }

  int errorCount() {
    return errors;
  }

  static String format(DiagnosticCode code, String message, String hint) {
    return "[" + code.id() + "] " + message + (hint == null || hint.isEmpty() ? "" : "\n  hint: " + hint);
  }
}
