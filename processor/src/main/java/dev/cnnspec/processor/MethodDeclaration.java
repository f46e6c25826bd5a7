package dev.cnnspec.processor;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/**
 * One abstract method of a network interface, as written, before anything is resolved: which of
 * our annotations it carries. At most one of {@code input} and {@code layer} is set; {@code output}
 * may accompany a layer or stand alone (a head reading the method's one parameter).
 *
 * @param ordinal 1-based position among the interface's methods, for synthetic locations
 * @param layer the simple name of the layer annotation ({@code Conv}, …), or {@code null}
 */
record MethodDeclaration(ExecutableElement method, int ordinal, AnnotationMirror input, String layer,
    AnnotationMirror layerMirror, AnnotationMirror output) {

  String name() {
    return method.getSimpleName().toString();
  }

  @SuppressWarnings("unchecked")
  List<VariableElement> parameters() {
    return (List<VariableElement>) method.getParameters();
  }

  boolean isInput() {
    return input != null;
  }

  boolean isLayer() {
    return layer != null;
  }

  /** A head that reads its parameter rather than a layer of its own. */
  boolean isBareOutput() {
    return layer == null && input == null && output != null;
  }
}
