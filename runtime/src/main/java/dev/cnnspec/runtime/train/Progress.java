package dev.cnnspec.runtime.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a live bar (me.tongfei:progressbar: epoch, batch, loss, images/s, ETA)
 * on a terminal, or a plain line every {@value #LINE_SECONDS} seconds and at each epoch's end when
 * output goes to a file or CI log, where carriage-return animation would be noise.
 */
abstract class Progress implements AutoCloseable {
  static final int LINE_SECONDS = 10;

  abstract void startEpoch(int epoch, int epochs, int batches);

  abstract void batch(int batch, double loss, double imagesPerSecond);

  abstract void endEpoch(EpochMetrics m);

  @Override
  public void close() {}

  static Progress create(TrainingOptions.ProgressMode mode, PrintStream out) {
    TrainingOptions.ProgressMode m = mode;
    if (m == TrainingOptions.ProgressMode.AUTO) {
      m = System.console() != null && System.getenv("CI") == null ? TrainingOptions.ProgressMode.BAR
          : TrainingOptions.ProgressMode.LINES;
    }
    return switch (m) {
      case BAR -> new Bar(out);
      case LINES -> new Lines(out);
      default -> new Silent();
    };
  }

  static String epochLine(EpochMetrics m, int epochs) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f", m.epoch(), epochs,
        m.trainLoss()));
    if (!Double.isNaN(m.valLoss())) {
      s.append(String.format(Locale.ROOT, ", val_loss %.4f, val_acc %.4f", m.valLoss(), m.valAccuracy()));
    }
    s.append(String.format(Locale.ROOT, ", lr %.3g, %.0f img/s, %.1f s", m.lr(), m.imagesPerSecond(), m.seconds()));
    return s.toString();
  }

  private static final class Silent extends Progress {
    @Override
    void startEpoch(int epoch, int epochs, int batches) {}

    @Override
    void batch(int batch, double loss, double imagesPerSecond) {}

    @Override
    void endEpoch(EpochMetrics m) {}
  }

  private static final class Lines extends Progress {
    private final PrintStream out;
    private int epoch;
    private int epochs;
    private int batches;
    private long lastLine;
    private long start;

    Lines(PrintStream out) {
      this.out = out;
    }

    @Override
    void startEpoch(int epoch, int epochs, int batches) {
      this.epoch = epoch;
      this.epochs = epochs;
      this.batches = batches;
      this.start = System.nanoTime();
      this.lastLine = start;
    }

    @Override
    void batch(int batch, double loss, double imagesPerSecond) {
      long now = System.nanoTime();
      if (now - lastLine >= LINE_SECONDS * 1_000_000_000L) {
        lastLine = now;
        double perBatch = (now - start) / 1e9 / batch;
        out.printf(Locale.ROOT, "epoch %d/%d batch %d/%d loss %.4f %.0f img/s ETA %s%n", epoch + 1, epochs, batch,
            batches, loss, imagesPerSecond, eta(perBatch * (batches - batch)));
      }
    }

    @Override
    void endEpoch(EpochMetrics m) {
      out.println(epochLine(m, epochs));
    }
  }

  private static final class Bar extends Progress {
    private final PrintStream out;
    private ProgressBar bar;
    private int epochs;

    Bar(PrintStream out) {
      this.out = out;
    }

    @Override
    void startEpoch(int epoch, int epochs, int batches) {
      this.epochs = epochs;
      bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch + 1, epochs))
          .setInitialMax(batches).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" batches", 1)
          .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(out)).build();
    }

    @Override
    void batch(int batch, double loss, double imagesPerSecond) {
      bar.stepTo(batch);
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f %5.0f img/s", loss, imagesPerSecond));
    }

    @Override
    void endEpoch(EpochMetrics m) {
      bar.close();
      out.println(epochLine(m, epochs));
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }

  static String eta(double seconds) {
    Duration d = Duration.ofSeconds(Math.round(seconds));
    return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
  }
}
