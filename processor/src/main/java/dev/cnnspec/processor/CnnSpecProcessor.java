package dev.cnnspec.processor;

import com.google.auto.service.AutoService;
import dev.cnnspec.check.NetworkChecker;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * The cnn-spec annotation processor. It has two front ends, both ending in the same checker and
 * the same generator:
 * <ul>
 *   <li>{@code @Network} interfaces ({@link InterfaceStep}), whose errors go to the offending
 *       method, parameter or annotation value;
 *   <li>with {@code -Acnn.specRoots=dir1:dir2} (the platform's path separator), every {@code .cnn}
 *       file under those directories ({@link SpecStep}), whose errors quote the spec.
 * </ul>
 *
 * <p>It reads files javac does not know about, so it is <em>aggregating</em> for incremental
 * builds (declared in {@code META-INF/gradle/incremental.annotation.processors}). No exception
 * escapes {@link #process}: a failure of ours is reported as an error with its stack trace and
 * javac goes on.
 */
@AutoService(Processor.class)
public final class CnnSpecProcessor extends AbstractProcessor {
  static final String NETWORK = "dev.cnnspec.annotations.Network";

  private final GraphChecker checker;
  private Reporter reporter;
  private boolean specsDone;
  /** Interfaces whose types javac had not resolved yet; retried next round. */
  private final Set<String> deferred = new LinkedHashSet<>();

  public CnnSpecProcessor() {
    this((graph, diagnostics) -> new NetworkChecker().check(graph, diagnostics));
  }

  CnnSpecProcessor(GraphChecker checker) {
    this.checker = checker;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    reporter = new Reporter(env.getMessager());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    // With spec roots we must run even when no source carries our annotation.
    return processingEnv != null && processingEnv.getOptions().containsKey(SpecStep.OPTION)
        ? Set.of("*") : Set.of(NETWORK);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(SpecStep.OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      if (!specsDone) {
        specsDone = true;
        String roots = processingEnv.getOptions().get(SpecStep.OPTION);
        if (roots != null) {
          new SpecStep(processingEnv.getFiler(), reporter).process(roots);
        }
      }
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      reporter.internalError(null, "compiling the specs under -A" + SpecStep.OPTION, e);
    }
    List<TypeElement> todo = new ArrayList<>();
    for (String name : deferred) {
      TypeElement t = processingEnv.getElementUtils().getTypeElement(name);
      if (t != null) {
        todo.add(t);
      }
    }
    deferred.clear();
    TypeElement network = processingEnv.getElementUtils().getTypeElement(NETWORK);
    if (network != null) {
      todo.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(network)));
    }
    for (TypeElement type : todo) {
      processInterface(type, round.processingOver());
    }
    return false;
  }

  private void processInterface(TypeElement type, boolean lastRound) {
    try {
      if (hasUnresolvedTypes(type)) {
        // javac reports the missing type itself; another processor may yet generate it.
        if (!lastRound) {
          deferred.add(type.getQualifiedName().toString());
        }
        return;
      }
      AnnotationMirror mirror = networkMirror(type);
      if (mirror != null) {
        new InterfaceStep(processingEnv.getElementUtils(), processingEnv.getFiler(), reporter, checker)
            .process(type, mirror);
      }
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      reporter.internalError(type, "processing @Network interface " + type.getQualifiedName(), e);
    }
  }

  private static AnnotationMirror networkMirror(Element e) {
    for (AnnotationMirror m : e.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(NETWORK)) {
        return m;
      }
    }
    return null;
  }

  private static boolean hasUnresolvedTypes(TypeElement type) {
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (TensorTypes.unresolved(m.getReturnType())) {
        return true;
      }
      for (VariableElement p : m.getParameters()) {
        if (TensorTypes.unresolved(p.asType())) {
          return true;
        }
      }
    }
    return false;
  }
}
