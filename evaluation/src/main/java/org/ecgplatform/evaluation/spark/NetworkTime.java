package org.ecgplatform.evaluation.spark;

import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.ecgplatform.training.model.StreamingScorer;

/**
 * How much of the evaluation job's scoring the network is: the wall time of the model's calls (its
 * inputs normalised into tensors, and the forward pass), summed over the tasks that scored (so over the executors' parallel threads), and the beats those
 * calls computed, context beats included (a sequence model computes a core's neighbours too). The
 * rest of the job's scoring time is Spark's: the Parquet read, the shuffle that groups records, the
 * sort, the cutting into batches and the predictions write. A report, not a check: a retried task
 * adds its figures twice.
 */
final class NetworkTime implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LongAccumulator nanos;
  private final LongAccumulator beatsComputed;

  private NetworkTime(LongAccumulator nanos, LongAccumulator beatsComputed) {
    this.nanos = nanos;
    this.beatsComputed = beatsComputed;
  }

  /** Registers the two accumulators with the driver's context. */
  static NetworkTime register(SparkContext context) {
    return new NetworkTime(context.longAccumulator("network call nanoseconds"),
        context.longAccumulator("beats computed by the network"));
  }

  /** Adds a finished stream's figures (on an executor). */
  void add(StreamingScorer<?> stream) {
    nanos.add(stream.predictNanos());
    beatsComputed.add(stream.beatsComputed());
  }

  /** Task seconds in the network's calls (driver side, after the job). */
  double seconds() {
    return nanos.value() / 1e9;
  }

  /** Beats the network computed (driver side, after the job). */
  long beatsComputed() {
    return beatsComputed.value();
  }

  /**
   * One sentence for the log: {@code beats} scored in {@code scoringSeconds} of the job's wall time,
   * {@code networkSeconds} of task time in the network's calls, which computed {@code computed} beats.
   */
  static String describe(long beats, double scoringSeconds, double networkSeconds, long computed) {
    String perBeat = beats > 0 && computed > 0
        ? String.format(Locale.ROOT, " (%.2f per scored beat)", computed / (double) beats) : "";
    String rate = networkSeconds > 0
        ? String.format(Locale.ROOT, ", %.0f scored beats per network second", beats / networkSeconds) : "";
    return String.format(Locale.ROOT, "the network's calls took %.1f s of task time for %d beats computed%s%s;"
        + " the job's scoring took %.1f s of wall time", networkSeconds, computed, perBeat, rate, scoringSeconds);
  }
}
