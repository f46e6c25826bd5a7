package dev.cnnspec.runtime.train;

import dev.cnnspec.runtime.layers.WeightedLoss;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Finds the main head of a graph with auxiliary outputs: the one with the largest loss weight
 * (GoogLeNet's auxiliary classifiers weigh 0.3, the main one 1), the first on a tie. Weights other
 * than 1 are the runtime's {@link WeightedLoss} wrapper, so this reads the DL4J configuration alone
 * and works for generated classes and interpreted specs alike.
 */
public final class OutputHeads {
  private OutputHeads() {}

  public static int mainOutput(ComputationGraphConfiguration conf) {
    List<String> outputs = conf.getNetworkOutputs();
    int best = 0;
    double bestWeight = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < outputs.size(); i++) {
      double w = weight(conf, outputs.get(i));
      if (w > bestWeight) {
        best = i;
        bestWeight = w;
      }
    }
    return best;
  }

  static double weight(ComputationGraphConfiguration conf, String output) {
    if (conf.getVertices().get(output) instanceof LayerVertex lv) {
      ILossFunction loss = null;
      if (lv.getLayerConf().getLayer() instanceof BaseOutputLayer o) {
        loss = o.getLossFn();
      } else if (lv.getLayerConf().getLayer() instanceof LossLayer l) {
        loss = l.getLossFn();
      }
      if (loss instanceof WeightedLoss w) {
        return w.getWeight();
      }
    }
    return 1;
  }
}
