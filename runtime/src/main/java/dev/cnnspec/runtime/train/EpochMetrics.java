package dev.cnnspec.runtime.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One row of the training log. {@code valLoss} and {@code valAccuracy} are NaN when the run has
 * no validation set; {@code lr} is the rate at the end of the epoch. One element of
 * {@code metrics.json} and of a checkpoint's {@code history} as it stands ({@link JsonFiles}: NaN is
 * {@code null}).
 */
public record EpochMetrics(@JsonProperty(value = "epoch", required = true) int epoch,
    @JsonProperty("train_loss") double trainLoss, @JsonProperty("val_loss") double valLoss,
    @JsonProperty("val_accuracy") double valAccuracy, @JsonProperty("lr") double lr,
    @JsonProperty("images_per_second") double imagesPerSecond, @JsonProperty("seconds") double seconds) {

  static final String CSV_HEADER = "epoch,train_loss,val_loss,val_accuracy,lr,images_per_second,seconds";

  String csvRow() {
    return epoch + "," + num(trainLoss) + "," + num(valLoss) + "," + num(valAccuracy) + "," + num(lr) + ","
        + num(imagesPerSecond) + "," + num(seconds);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }
}
