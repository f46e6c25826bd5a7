/**
 * Applications of cnn-spec: {@link dev.cnnspec.examples.ZooDemo} uses a class generated from a zoo
 * spec and a network written as an annotated interface ({@link dev.cnnspec.examples.SmallNet}),
 * which the annotation processor compiles in this module's build.
 */
package dev.cnnspec.examples;
