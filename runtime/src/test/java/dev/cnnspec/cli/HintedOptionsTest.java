package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.data.ImageSet;
import dev.cnnspec.runtime.data.InputFitter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options that the data hints recommend exist on {@code cnn train}, where the hint applies. */
class HintedOptionsTest {
  @Test
  void theChannelHintNamesARealTrainOption() {
    ImageSet gray = new ImageSet(new byte[16], new int[] {0}, 4, 4, 1, List.of("a"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InputFitter.fit(gray, Shape.spatial(4, 4, 3), false));
    // main recommended --replicate-channels, which no command had; every option a hint names must exist
    Matcher m = Pattern.compile("(--[a-z][a-z-]+)").matcher(e.getMessage());
    List<String> options = new ArrayList<>();
    while (m.find()) {
      options.add(m.group(1));
    }
    assertFalse(options.isEmpty(), e.getMessage());
    CommandLine.Model.CommandSpec train = new CommandLine(new TrainCommand()).getCommandSpec();
    for (String option : options) {
      assertNotNull(train.findOption(option), option + " in: " + e.getMessage());
    }
  }
}
