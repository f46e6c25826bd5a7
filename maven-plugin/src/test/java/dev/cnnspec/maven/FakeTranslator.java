package dev.cnnspec.maven;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.diag.SourceText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * A stand-in compiler with a two-statement language, so that the Mojo's file handling is tested
 * without depending on the real parser: {@code network NAME VALUE} generates class NAME (in the
 * spec's directory's package) with a constant VALUE; {@code error LINE COL MESSAGE} reports an
 * error there. Records how many times it ran.
 */
final class FakeTranslator implements SpecTranslator {
  int runs;

  @Override
  public Translation translate(Path specRoot, List<Path> specs) {
    runs++;
    Diagnostics diagnostics = new Diagnostics();
    Map<String, SourceText> sources = new LinkedHashMap<>();
    List<JavaFile> files = new ArrayList<>();
    for (Path spec : specs) {
      String text = read(spec);
      String path = spec.toString();
      sources.put(path, new SourceText(path, text));
      Path dir = specRoot.relativize(spec.getParent());
      String pkg = dir.toString().replace(spec.getFileSystem().getSeparator(), ".");
      for (String line : text.lines().toList()) {
        String[] words = line.strip().split("\\s+", 4);
        if (words[0].equals("network")) {
          TypeSpec type = TypeSpec.classBuilder(words[1]).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
              .addField(FieldSpec.builder(int.class, "VALUE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                  .initializer("$L", Integer.parseInt(words[2])).build())
              .build();
          files.add(JavaFile.builder(pkg, type).build());
        } else if (words[0].equals("error")) {
          diagnostics.error(DiagnosticCode.UNDEFINED_NAME,
              Location.of(path, Integer.parseInt(words[1]), Integer.parseInt(words[2])), words[3], "define it");
        }
      }
    }
    Compilation compilation = new Compilation(List.of(), diagnostics, sources);
    return new Translation(compilation, compilation.succeeded() ? files : List.of());
  }

  private static String read(Path spec) {
    try {
      return Files.readString(spec);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
