package dev.cnnspec.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.cnnspec.model.NetworkModel;

/**
 * The body of the generated {@code checkedConfiguration(long seed, IUpdater updater)}: the
 * straight-line DL4J code for the network exactly as it was checked at build time. The code is
 * written by {@code dev.cnnspec.codegen.dl4j.Dl4jConfigurationEmitter}; this class is the one
 * place the generator meets it.
 */
final class ConfigurationBody {
  static final ClassName SPEC_INTERPRETER = ClassName.get("dev.cnnspec.runtime.dl4j", "SpecInterpreter");

  private ConfigurationBody() {}

  /**
   * @param sourcesField the embedded spec sources, or {@code null} for a network without a spec
   *     (an annotated interface)
   */
  static CodeBlock of(NetworkModel model, String nameField, String sourcesField) {
    // TEMPORARY PLACEHOLDER until Dl4jConfigurationEmitter (dl4j branch) is merged: the
    // interpreter builds the same configuration from the embedded spec, which is correct but not
    // straight-line code; interfaces have no spec to interpret yet.
    if (sourcesField != null) {
      return CodeBlock.builder()
          .addStatement("return $T.configuration($N, $N, $T.of(), seed, updater)", SPEC_INTERPRETER,
              sourcesField, nameField, java.util.Map.class)
          .build();
    }
    return CodeBlock.builder()
        .addStatement("throw new $T($S + seed + updater)", UnsupportedOperationException.class,
            "TEMPORARY: the DL4J emitter is not merged yet; " + model.name() + " ")
        .build();
  }
}
