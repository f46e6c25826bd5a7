package dev.cnnspec.annotations;

/** A vector of units: what dense layers read and produce, and what output heads need. */
public interface Flat extends Tensor {}
