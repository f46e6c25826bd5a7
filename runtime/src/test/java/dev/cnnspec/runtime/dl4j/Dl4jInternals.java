package dev.cnnspec.runtime.dl4j;

import java.lang.reflect.Field;

/**
 * Reads a private field of a DL4J object, for measuring instruments that swap a graph's vertices
 * (the memory tests' {@code WorkspaceMeter}, the speed bench's {@code PhaseTimer}). Fails naming
 * the field when DL4J's internals are not those of 1.0.0-M2.1.
 */
public final class Dl4jInternals {
  private Dl4jInternals() {}

  /** The value of field {@code name}, declared by the owner's class or a superclass. */
  @SuppressWarnings("unchecked")
  public static <T> T field(Object owner, String name) {
    for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return (T) f.get(owner);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("no field " + name + " in " + owner.getClass() + " (DL4J other than 1.0.0-M2.1?)");
  }
}
