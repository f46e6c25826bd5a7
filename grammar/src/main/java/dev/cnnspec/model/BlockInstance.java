package dev.cnnspec.model;

import dev.cnnspec.diag.Location;

/**
 * One instance of a block in an elaborated network: the prefix its layers carry ({@code path}, as
 * in {@code residual_stage_1/bottleneck_2}, without the trailing slash), the block it instantiates
 * and the call that made it. Layer names already say which instance a layer belongs to; this
 * record adds what the names cannot (the block's own name and the call's place), for back ends
 * that draw or summarise instances as units.
 */
public record BlockInstance(String path, String block, Location location) {}
