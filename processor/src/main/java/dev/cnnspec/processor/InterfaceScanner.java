package dev.cnnspec.processor;

import dev.cnnspec.diag.DiagnosticCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * The first pass over a network interface: finds each method's annotations and rejects what
 * cannot be a tensor declaration at all (two layer annotations, an input with parameters, an
 * abstract method without annotations, two methods of one name). Wiring is the next pass's job.
 */
final class InterfaceScanner {
  private final Reporter reporter;

  InterfaceScanner(Reporter reporter) {
    this.reporter = reporter;
  }

  /** Declarations by method name, in declaration order; empty if any method is unusable. */
  Optional<Map<String, MethodDeclaration>> scan(TypeElement type) {
    int errorsBefore = reporter.errorCount();
    Map<String, MethodDeclaration> declarations = new LinkedHashMap<>();
    int ordinal = 0;
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      ordinal++;
      Optional<MethodDeclaration> d = declaration(method, ordinal);
      if (d.isEmpty()) {
        continue;
      }
      MethodDeclaration previous = declarations.putIfAbsent(d.get().name(), d.get());
      if (previous != null) {
        reporter.error(DiagnosticCode.DUPLICATE_DEFINITION, method,
            "tensor " + d.get().name() + " is declared twice; a tensor is one method",
            "rename one of the methods (overloads cannot name different tensors)");
      }
    }
    return reporter.errorCount() == errorsBefore ? Optional.of(declarations) : Optional.empty();
  }

  private Optional<MethodDeclaration> declaration(ExecutableElement method, int ordinal) {
    AnnotationMirror input = null;
    AnnotationMirror output = null;
    String layer = null;
    AnnotationMirror layerMirror = null;
    List<AnnotationMirror> ours = new ArrayList<>();
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
      String qualified = annotation.getQualifiedName().toString();
      if (!qualified.startsWith(TensorTypes.PACKAGE + ".")) {
        continue;
      }
      ours.add(mirror);
      String simple = annotation.getSimpleName().toString();
      if (simple.equals("Input")) {
        input = mirror;
      } else if (simple.equals("Output")) {
        output = mirror;
      } else if (LayerReader.LAYERS.contains(simple)) {
        if (layer != null) {
          reporter.error(DiagnosticCode.INVALID_ANNOTATION, method, mirror, null,
              method.getSimpleName() + " has two layer annotations, @" + layer + " and @" + simple,
              "a method is one layer; declare another method that reads this one");
          return Optional.empty();
        }
        layer = simple;
        layerMirror = mirror;
      }
    }
    boolean concrete = method.getModifiers().contains(Modifier.DEFAULT)
        || method.getModifiers().contains(Modifier.STATIC) || method.getModifiers().contains(Modifier.PRIVATE);
    if (concrete) {
      if (!ours.isEmpty()) {
        reporter.error(DiagnosticCode.INVALID_ANNOTATION, method, ours.get(0), null,
            method.getSimpleName() + " has a body; a tensor is an abstract method",
            "remove the body (and the default/static/private modifier)");
      }
      return Optional.empty(); // helper methods are the user's own business
    }
    if (ours.isEmpty()) {
      reporter.error(DiagnosticCode.INVALID_ANNOTATION, method,
          method.getSimpleName() + " declares no tensor",
          "annotate it with @Input, a layer such as @Conv or @Dense, or @Output");
      return Optional.empty();
    }
    if (input != null && (layer != null || output != null)) {
      reporter.error(DiagnosticCode.INVALID_ANNOTATION, method, layer != null ? layerMirror : output, null,
          method.getSimpleName() + " is an @Input and cannot also be a layer or an output",
          "declare the layer as another method that reads " + method.getSimpleName());
      return Optional.empty();
    }
    if (input != null && !method.getParameters().isEmpty()) {
      reporter.error(DiagnosticCode.INVALID_ANNOTATION, method.getParameters().get(0), input, null,
          "an @Input reads nothing, but " + method.getSimpleName() + " has parameters",
          "remove the parameters");
      return Optional.empty();
    }
    return Optional.of(new MethodDeclaration(method, ordinal, input, layer, layerMirror, output));
  }
}
