package dev.cnnspec.differential;

/**
 * Small mistakes a person makes, applied to a generated spec's text: a misspelt layer, argument
 * or activation, an undefined tensor, a missing bracket. Each must give located errors.
 */
final class Typos {
  private static final String[][] MISTAKES = {
      {"conv(", "conv2d("},
      {", stride:", ", strides:"},
      {"activation: relu", "activation: rleu"},
      {"-> ", "-> ghost -> "},
      {"dense(", "dense(("},
      {"\n}\n", "\n"},
      {"input image: [", "input image: [0, "},
  };

  private Typos() {}

  static String apply(Choices ch, String text) {
    for (int attempt = 0; attempt < MISTAKES.length; attempt++) {
      String[] mistake = MISTAKES[ch.below(MISTAKES.length)];
      int at = text.indexOf(mistake[0]);
      if (at >= 0) {
        return text.substring(0, at) + mistake[1] + text.substring(at + mistake[0].length());
      }
    }
    return text + "network\n";
  }
}
