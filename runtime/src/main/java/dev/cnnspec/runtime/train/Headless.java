package dev.cnnspec.runtime.train;

/** AWT must be told it is headless before its first use, or rendering a PNG fails without a display. */
public final class Headless {
  private Headless() {}

  public static void ensure() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
