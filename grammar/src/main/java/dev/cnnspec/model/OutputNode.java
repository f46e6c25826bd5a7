package dev.cnnspec.model;

import dev.cnnspec.diag.Location;

/**
 * An output head: the tensor it reads, the loss training minimises on it, and that loss's weight
 * in the total (GoogLeNet's auxiliary heads use 0.3). Back ends fuse a head whose source is a
 * dense layer read by nothing else into one output layer (DL4J's {@code OutputLayer}).
 */
public record OutputNode(String name, String source, Loss loss, double weight, Location location) {}
