package org.ecgplatform.evaluation.spark;

import java.util.List;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.StreamingScorer;

/**
 * A trained beat classifier as the evaluation job sees it. Implementations need not be
 * thread-safe: each Spark task scores its own batches sequentially, and one instance is made per
 * executor JVM and broadcast model (see {@link ScorerFactory#fromBytes}).
 *
 * <p>The job streams each record's beats, in time order, through {@link #stream}; a per-beat model
 * needs nothing more than {@link #predictSequences} scoring every beat on its own, a model that
 * looks at neighbouring beats overrides {@link #stream} with its own cutting of records. The
 * platform's DL4J {@code BeatModel} is plugged in through a one-class adapter.
 */
public interface BeatScorer {

  /** Input and output contract. */
  ScorerSpec spec();

  /**
   * Class probabilities for sequences of consecutive beats, each sequence from one record.
   *
   * @param windows per sequence, one window per beat, {@code spec().windowLength()} floats, lead-major
   * @param rr per sequence, one row of RR features per beat, in {@code spec().rrFeatures()} order, seconds
   * @return per sequence, one row per beat of {@code spec().classes().size()} probabilities in class order
   */
  float[][][] predictSequences(List<float[][]> windows, List<float[][]> rr);

  /**
   * A scorer for the stream of a partition's records, about {@code beatsPerCall} beats per
   * {@link #predictSequences} call. Default: batches of independent beats.
   */
  default <T> StreamingScorer<T> stream(int beatsPerCall) {
    return new StreamingScorer<>(this::predictSequences, ChunkGeometry.independent(beatsPerCall), 1);
  }

  /**
   * How {@link #stream stream(beatsPerCall)} cuts a record into sequences: the context a beat's
   * scores depend on. Default: independent beats (no context).
   */
  default ChunkGeometry geometry(int beatsPerCall) {
    return ChunkGeometry.independent(beatsPerCall);
  }

  /** The model as bytes, broadcast to the executors and turned back by {@link ScorerFactory#fromBytes}. */
  byte[] toBytes();
}
