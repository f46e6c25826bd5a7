package dev.cnnspec.annotations;

/**
 * The type of a tensor of any rank in an annotated network interface. Methods and parameters
 * should prefer {@link Spatial} or {@link Flat}, which let the processor reject a layer fed a
 * tensor of the wrong rank at the parameter, before shapes are inferred; {@code Tensor} opts out.
 * Never implemented: it only types the declarations.
 */
public interface Tensor {}
