package dev.cnnspec.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * The one writer every generated class passes through, whichever front end produced it: it adds
 * {@code @Generated} (naming this generator and the source, never a date, so that output is
 * reproducible) and the originating elements that let incremental builds know which interface a
 * class came from, and wraps the type in its file.
 */
public final class GeneratedFiles {
  /** The name {@code @Generated} carries: the generator, not the tool that happened to call it. */
  public static final String GENERATOR = "dev.cnnspec.codegen.NetworkClassGenerator";
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private GeneratedFiles() {}

  /**
   * @param origin a person-readable description of the source, for {@code @Generated(comments)}
   * @param originatingElements the interface a class was generated from; none for a spec file
   */
  public static JavaFile file(String packageName, TypeSpec type, String origin,
      List<? extends Element> originatingElements) {
    TypeSpec.Builder annotated = type.toBuilder()
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", GENERATOR)
            .addMember("comments", "$S", "from " + origin)
            .build());
    originatingElements.forEach(annotated::addOriginatingElement);
    return JavaFile.builder(packageName, annotated.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }
}
