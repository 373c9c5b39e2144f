package org.ecgplatform.training.model;

import java.util.List;

/**
 * Class probabilities for sequences of consecutive beats, each sequence from one record: the one
 * call that both the training job's validation and the evaluation job make, whatever the model kind.
 */
@FunctionalInterface
public interface SequencePredictor {

  /**
   * @param windows per sequence, one lead-major window per beat, in beat order
   * @param rr per sequence, one RR feature row per beat (the dataset's columns, seconds)
   * @return per sequence, one probability row per beat, in the model's class order
   */
  float[][][] predict(List<float[][]> windows, List<float[][]> rr);
}
