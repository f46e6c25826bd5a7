package dev.cnnspec.differential;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the generated classes of a batch of cases with one javac call (javac's start-up and
 * the DL4J class path dominate a one-class compilation) and loads them. When the batch does not
 * compile, each case is compiled alone so that the failure is pinned on the case that caused it.
 */
final class GeneratedClasses implements AutoCloseable {
  private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
  private static final String CLASS_PATH =
      System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

  private final Path dir;
  private final Map<String, String> errors = new java.util.HashMap<>();
  private final List<URLClassLoader> loaders = new ArrayList<>();
  private final Map<String, ClassLoader> loaderByCase = new java.util.HashMap<>();

  /** @param files case key → the generated Java file of that case's network */
  GeneratedClasses(Map<String, JavaFile> files) {
    try {
      dir = Files.createTempDirectory("cnn-differential");
      String batchErrors = compile(dir.resolve("batch"), List.copyOf(files.values()));
      if (batchErrors == null) {
        URLClassLoader loader = loader(dir.resolve("batch/classes"));
        files.keySet().forEach(key -> loaderByCase.put(key, loader));
        return;
      }
      int n = 0;
      for (Map.Entry<String, JavaFile> e : files.entrySet()) {
        Path own = dir.resolve("single" + n++);
        String own_errors = compile(own, List.of(e.getValue()));
        if (own_errors == null) {
          loaderByCase.put(e.getKey(), loader(own.resolve("classes")));
        } else {
          errors.put(e.getKey(), own_errors);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The loaded class of a case, or empty with {@link #error} set when it did not compile. */
  Optional<Class<?>> load(String key, JavaFile file) throws ClassNotFoundException {
    ClassLoader loader = loaderByCase.get(key);
    if (loader == null) {
      return Optional.empty();
    }
    String name = file.packageName().isEmpty() ? file.typeSpec().name()
        : file.packageName() + "." + file.typeSpec().name();
    return Optional.of(loader.loadClass(name));
  }

  String error(String key) {
    return errors.get(key);
  }

  private static String compile(Path root, List<JavaFile> files) throws IOException {
    Path src = root.resolve("src");
    Path out = Files.createDirectories(root.resolve("classes"));
    List<Path> paths = new ArrayList<>();
    for (JavaFile file : files) {
      paths.add(file.writeToPath(src));
    }
    StringWriter messages = new StringWriter();
    try (StandardJavaFileManager fm = JAVAC.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(paths);
      boolean ok = JAVAC.getTask(messages, fm, null,
          List.of("-classpath", CLASS_PATH, "-d", out.toString(), "-proc:none", "-nowarn", "-Xlint:none"),
          null, units).call();
      return ok ? null : messages.toString();
    }
  }

  private URLClassLoader loader(Path classes) throws IOException {
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        GeneratedClasses.class.getClassLoader());
    loaders.add(loader);
    return loader;
  }

  @Override
  public void close() throws IOException {
    for (URLClassLoader loader : loaders) {
      loader.close();
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
