package org.ecgplatform.training.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * A DL4J listener that runs on the workers and reports, through Spark accumulators, how many
 * minibatches and examples were really fitted and the example-weighted sum of their losses. It is
 * the evidence that parameter averaging dropped nothing, and the source of the epoch's training loss.
 */
public final class FitCounter extends BaseTrainingListener implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final LongAccumulator examples;
  private final LongAccumulator minibatches;
  private final DoubleAccumulator lossSum;

  private FitCounter(LongAccumulator examples, LongAccumulator minibatches, DoubleAccumulator lossSum) {
    this.examples = examples;
    this.minibatches = minibatches;
    this.lossSum = lossSum;
  }

  /** A counter whose accumulators are registered with {@code jsc}. */
  public static FitCounter register(JavaSparkContext jsc) {
    return new FitCounter(jsc.sc().longAccumulator("fitted examples"), jsc.sc().longAccumulator("fitted minibatches"),
        jsc.sc().doubleAccumulator("fitted loss sum"));
  }

  @Override
  public void iterationDone(Model model, int iteration, int epoch) {
    long n = model.batchSize();
    examples.add(n);
    minibatches.add(1);
    lossSum.add(model.score() * n);
  }

  /** Zeroes the counts (driver side, between epochs). */
  public void reset() {
    examples.reset();
    minibatches.reset();
    lossSum.reset();
  }

  public long examples() {
    return examples.value();
  }

  public long minibatches() {
    return minibatches.value();
  }

  /** Mean loss per fitted example since the last reset. */
  public double meanLoss() {
    long n = examples.value();
    return n == 0 ? Double.NaN : lossSum.value() / n;
  }
}
