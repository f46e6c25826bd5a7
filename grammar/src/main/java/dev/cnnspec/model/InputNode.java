package dev.cnnspec.model;

import dev.cnnspec.diag.Location;

/** A network input with its declared per-example shape. */
public record InputNode(String name, Shape shape, Location location) {}
