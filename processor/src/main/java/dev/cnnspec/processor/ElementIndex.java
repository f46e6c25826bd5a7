package dev.cnnspec.processor;

import dev.cnnspec.diag.Location;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The way back from the model to the Java source. The checker reports shape errors at a layer's
 * {@link Location}; a layer written in an interface has no file position we can learn portably
 * from the annotation-processing API, so each annotated method gets a synthetic, unique location
 * (the interface's name as path, the method's ordinal as line) and this index maps it back to the
 * method and the annotation that made the layer.
 */
final class ElementIndex {
  /** Where a diagnostic is reported: an element and, if known, the annotation on it. */
  record Target(Element element, AnnotationMirror mirror) {}

  private final TypeElement network;
  private final Map<Location, Target> targets = new HashMap<>();

  ElementIndex(TypeElement network) {
    this.network = network;
  }

  Location networkLocation() {
    return Location.of(network.getQualifiedName().toString(), 1, 1);
  }

  /**
   * @param ordinal the method's 1-based position in the interface
   * @param role 1 for the layer or input the method declares, 2 for its output head
   */
  Location register(int ordinal, int role, Element element, AnnotationMirror mirror) {
    Location at = Location.of(network.getQualifiedName().toString(), ordinal + 1, role);
    targets.put(at, new Target(element, mirror));
    return at;
  }

  /** The element a diagnostic at {@code at} belongs to; the interface when nothing closer is known. */
  Target target(Location at) {
    return targets.getOrDefault(at, new Target(network, null));
  }
}
