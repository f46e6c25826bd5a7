package dev.cnnspec.check;

import dev.cnnspec.model.Shape;

/**
 * A tensor a layer reads, with the shape already inferred for it. Shape rules take operands rather
 * than bare shapes because their messages name the tensor ("'conv_3' is flat (120)"), which is
 * what a user needs to find the wiring mistake.
 */
record Operand(String name, Shape shape) {

  /** {@code 'conv_3' (7, 7, 512)}: how messages quote a tensor. */
  String describe() {
    return "'" + name + "' " + shape;
  }
}
