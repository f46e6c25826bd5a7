package dev.cnnspec.broken;

import dev.cnnspec.annotations.Conv;
import dev.cnnspec.annotations.Dense;
import dev.cnnspec.annotations.Flat;
import dev.cnnspec.annotations.Flatten;
import dev.cnnspec.annotations.Input;
import dev.cnnspec.annotations.Network;
import dev.cnnspec.annotations.Output;
import dev.cnnspec.annotations.Spatial;

/** Deliberately broken: a 5×5 kernel on a 4×4 input (line 16). */
@Network
public interface BrokenNet {
  @Input(height = 4, width = 4, channels = 1) Spatial image();
  @Conv(filters = 2, kernel = 5) Spatial c(Spatial image);
  @Flatten Flat f(Spatial c);
  @Output @Dense(units = 2) Flat probs(Flat f);
}
