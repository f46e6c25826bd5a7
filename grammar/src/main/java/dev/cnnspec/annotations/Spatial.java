package dev.cnnspec.annotations;

/** A height × width × channels tensor: what convolutions and pools read and produce. */
public interface Spatial extends Tensor {}
