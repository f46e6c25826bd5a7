package dev.cnnspec.runtime.train;

/**
 * One row of the training log. {@code valLoss} and {@code valAccuracy} are NaN when the run has
 * no validation set; {@code lr} is the rate at the end of the epoch.
 */
public record EpochMetrics(int epoch, double trainLoss, double valLoss, double valAccuracy, double lr,
    double imagesPerSecond, double seconds) {

  static final String CSV_HEADER = "epoch,train_loss,val_loss,val_accuracy,lr,images_per_second,seconds";

  String csvRow() {
    return epoch + "," + num(trainLoss) + "," + num(valLoss) + "," + num(valAccuracy) + "," + num(lr) + ","
        + num(imagesPerSecond) + "," + num(seconds);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }
}
