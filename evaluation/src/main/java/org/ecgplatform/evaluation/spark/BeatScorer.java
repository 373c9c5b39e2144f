package org.ecgplatform.evaluation.spark;

/**
 * A trained beat classifier as the evaluation job sees it. Implementations need not be
 * thread-safe: each Spark task scores its own batches sequentially, and one instance is made per
 * executor JVM and broadcast model (see {@link ScorerFactory#fromBytes}).
 *
 * <p>The platform's DL4J {@code BeatModel} is plugged in through a one-class adapter.
 */
public interface BeatScorer {

  /** Input and output contract. */
  ScorerSpec spec();

  /**
   * Class probabilities for a batch.
   *
   * @param windows one window per beat, {@code spec().windowLength()} floats, lead-major
   * @param rr one row of RR features per beat, in {@code spec().rrFeatures()} order, seconds
   * @return one row per beat, {@code spec().classes().size()} probabilities in class order
   */
  float[][] predictProbabilities(float[][] windows, float[][] rr);

  /** The model as bytes, broadcast to the executors and turned back by {@link ScorerFactory#fromBytes}. */
  byte[] toBytes();
}
