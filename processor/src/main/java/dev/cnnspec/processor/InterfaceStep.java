package dev.cnnspec.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import dev.cnnspec.codegen.GeneratedFiles;
import dev.cnnspec.codegen.NetworkClassGenerator;
import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.NetworkModel;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import javax.annotation.processing.Filer;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * One {@code @Network} interface from annotation to generated class: read it into a graph, check
 * the graph with the same checker specs go through, map the checker's diagnostics back to the
 * methods that made the layers, and write the class next to the interface.
 */
final class InterfaceStep {
  private final Elements elements;
  private final Filer filer;
  private final Reporter reporter;
  private final GraphChecker checker;

  InterfaceStep(Elements elements, Filer filer, Reporter reporter, GraphChecker checker) {
    this.elements = elements;
    this.filer = filer;
    this.reporter = reporter;
    this.checker = checker;
  }

  void process(TypeElement type, AnnotationMirror network) {
    if (type.getKind() != ElementKind.INTERFACE) {
      reporter.error(DiagnosticCode.INVALID_ANNOTATION, type, network, null,
          "@Network goes on an interface, not on " + type.getKind().toString().toLowerCase(java.util.Locale.ROOT)
              + " " + type.getSimpleName(), "declare " + type.getSimpleName() + " as an interface");
      return;
    }
    AnnotationValues values = new AnnotationValues(type, network, elements, reporter);
    String name = (String) Optional.ofNullable(values.value("name")).map(AnnotationValue::getValue)
        .filter(String.class::isInstance).orElse("");
    if (name.isEmpty()) {
      name = type.getSimpleName().toString();
    } else if (!SourceVersion.isName(name) || name.contains(".")) {
      values.invalid("name", "network name \"" + name + "\" is not a Java identifier",
          "the generated class is named after the network: use letters, digits and _");
      return;
    }
    Optional<InterfaceReader.InterfaceNetwork> read = new InterfaceReader(elements, reporter).read(type, name);
    if (read.isEmpty()) {
      return;
    }
    Diagnostics diagnostics = new Diagnostics();
    Optional<NetworkModel> model = checker.check(read.get().graph(), diagnostics);
    for (Diagnostic d : diagnostics.all()) {
      ElementIndex.Target target = read.get().index().target(d.location());
      if (d.isError()) {
        reporter.error(d.code(), target.element(), target.mirror(), culprit(d.code(), target.mirror()),
            d.message(), d.hint());
      } else {
        reporter.warning(d.code(), target.element(), target.mirror(), d.message(), d.hint());
      }
    }
    if (model.isEmpty() || diagnostics.hasErrors()) {
      return;
    }
    write(type, name, model.get());
  }

  /**
   * The annotation value a checker error is most likely about, so that the caret lands on
   * {@code kernel = 15} rather than on {@code @Conv}. Only values written out have a position;
   * for a defaulted one the annotation itself is the place.
   */
  private static AnnotationValue culprit(DiagnosticCode code, AnnotationMirror mirror) {
    if (mirror == null) {
      return null;
    }
    String layer = mirror.getAnnotationType().asElement().getSimpleName().toString();
    String element = switch (code) {
      case SPATIAL_COLLAPSE -> layer.equals("Conv") ? "kernel" : "value";
      case MFM_ODD_CHANNELS -> layer.equals("Dense") ? "units" : "filters";
      default -> null;
    };
    if (element == null) {
      return null;
    }
    for (var e : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(element)) {
        return e.getValue();
      }
    }
    return null;
  }

  private void write(TypeElement type, String networkName, NetworkModel model) {
    String packageName = elements.getPackageOf(type).getQualifiedName().toString();
    String simpleName = networkName.equals(type.getSimpleName().toString()) ? networkName + "Net" : networkName;
    String origin = "interface " + type.getQualifiedName();
    TypeSpec spec = new NetworkClassGenerator()
        .generate(model, ClassName.get(packageName, simpleName), origin, new TreeMap<>());
    JavaFile file = GeneratedFiles.file(packageName, spec, origin, List.of(type));
    try {
      file.writeTo(filer);
    } catch (IOException e) {
      // FilerException included: most likely a class of that name exists already.
      reporter.error(DiagnosticCode.INVALID_ANNOTATION, type, "cannot write " + packageName + "." + simpleName
          + ": " + e.getMessage(), "choose another network name with @Network(name = …)");
    }
  }
}
