/**
 * The Maven plugin: goal {@code cnn-spec:generate} compiles a module's {@code .cnn} specs into Java
 * sources during {@code generate-sources}.
 *
 * <p>The plugin exists to make incremental builds correct. maven-compiler-plugin decides what to
 * recompile by looking at {@code .java} files only (their modification times, and whether the set
 * of sources grew or shrank); it cannot see specs. So the plugin translates every spec on every build
 * (specs import each other, so one edit may change several classes), then
 * {@link dev.cnnspec.maven.GeneratedSourceWriter} touches only the files whose text changed and
 * deletes the files whose network disappeared, using a manifest of what the previous run wrote.
 * maven-compiler-plugin 3.13.0 then sees exactly the changed, added and removed sources, and itself
 * deletes the classes of removed sources (it records the classes it created).
 */
package dev.cnnspec.maven;
