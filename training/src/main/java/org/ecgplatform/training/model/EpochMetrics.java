package org.ecgplatform.training.model;

import java.util.List;

/**
 * What one training epoch produced, as logged, written to the metrics CSV and kept in {@link ModelMetadata}.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss over the examples fitted this epoch
 * @param examplesFitted training examples actually fitted (counted on the workers)
 * @param seconds wall time of the fit, seconds
 * @param examplesPerSecond {@code examplesFitted / seconds}
 * @param valAccuracy accuracy on the validation split
 * @param valMacroF1 mean of the per-class F1 over classes present in validation or predicted
 * @param valRecall recall per class (label-index order; NaN when the class is absent)
 * @param valPrecision precision per class (NaN when the class is never predicted)
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    long examplesFitted,
    double seconds,
    double examplesPerSecond,
    double valAccuracy,
    double valMacroF1,
    List<Double> valRecall,
    List<Double> valPrecision) {

  public EpochMetrics {
    valRecall = List.copyOf(valRecall);
    valPrecision = List.copyOf(valPrecision);
  }
}
