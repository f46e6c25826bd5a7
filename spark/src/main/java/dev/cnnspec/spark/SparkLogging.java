package dev.cnnspec.spark;

import java.net.URL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.DefaultConfiguration;

/**
 * Spark logs at INFO to stderr unless log4j was configured, which would bury the trainer's epoch
 * lines under hundreds of scheduler messages. Unless the user configured log4j themselves, use a
 * configuration that keeps warnings and errors (lost executors, refused connections).
 */
final class SparkLogging {
  static final String CONFIG = "dev/cnnspec/spark/log4j2-cnn.properties";

  private SparkLogging() {}

  static synchronized void quiet() {
    if (System.getProperty("log4j2.configurationFile") != null || System.getProperty("log4j.configurationFile") != null) {
      return;
    }
    URL url = SparkLogging.class.getClassLoader().getResource(CONFIG);
    if (url != null && LogManager.getContext(false) instanceof LoggerContext ctx
        && ctx.getConfiguration() instanceof DefaultConfiguration) {
      try {
        ctx.setConfigLocation(url.toURI());
      } catch (java.net.URISyntaxException e) {
        // a resource URL is always a URI; keep log4j's defaults if not
      }
    }
  }
}
