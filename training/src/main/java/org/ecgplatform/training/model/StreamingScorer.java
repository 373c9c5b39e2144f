package org.ecgplatform.training.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Scores a stream of beats — the beats of one record after another, each record's beats in time
 * order — through a {@link SequencePredictor}, cut as {@link ChunkGeometry} says, with memory
 * bounded by the geometry (not by the record's length): every beat comes out exactly once, in the
 * order it went in, with its probabilities.
 *
 * <p>Use: {@link #add} each beat, collect what it returns (the beats whose scores became known),
 * then {@link #finish} once for the rest. Sequences of several records are batched into one
 * predictor call of up to {@code sequencesPerCall} sequences.
 *
 * @param <T> what the caller attaches to a beat (a row, an index), handed back with its scores
 */
public final class StreamingScorer<T> {
  /** A beat and its class probabilities. */
  public record Scored<T>(T beat, float[] probabilities) {}

  private record Pending<T>(List<T> core, float[][] windows, float[][] rr, int coreOffset) {}

  private final SequencePredictor predictor;
  private final ChunkGeometry geometry;
  private final int sequencesPerCall;

  private String record;
  /** Beats of the current record from index {@code bufferStart} on. */
  private final Deque<Entry<T>> buffer = new ArrayDeque<>();
  private int bufferStart;
  private int received;
  private int nextCore;
  private final List<Pending<T>> pending = new ArrayList<>();
  private long beatsIn;
  private long beatsOut;
  private long beatsComputed;
  private long predictNanos;

  private record Entry<T>(T beat, float[] window, float[] rr) {}

  public StreamingScorer(SequencePredictor predictor, ChunkGeometry geometry, int sequencesPerCall) {
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    this.geometry = Objects.requireNonNull(geometry, "geometry");
    if (sequencesPerCall < 1) {
      throw new IllegalArgumentException("Cannot score: sequencesPerCall must be positive, was " + sequencesPerCall);
    }
    this.sequencesPerCall = sequencesPerCall;
  }

  /**
   * Adds the next beat of the stream.
   *
   * @param recordKey the record the beat belongs to; a new key ends the previous record
   * @return the beats scored by this call (possibly none), in input order
   */
  public List<Scored<T>> add(String recordKey, T beat, float[] window, float[] rr) {
    List<Scored<T>> out = new ArrayList<>();
    if (!recordKey.equals(record)) {
      if (record != null) {
        endRecord(out);
      }
      record = recordKey;
      buffer.clear();
      bufferStart = 0;
      received = 0;
      nextCore = 0;
    }
    buffer.addLast(new Entry<>(beat, window, rr));
    received++;
    beatsIn++;
    int stride = geometry.stride();
    while (nextCore + stride + geometry.after() <= received) {
      queue(nextCore, nextCore + stride, out);
      nextCore += stride;
      trim();
    }
    return out;
  }

  /** Scores every beat still held; the stream is then empty and can be reused. */
  public List<Scored<T>> finish() {
    List<Scored<T>> out = new ArrayList<>();
    if (record != null) {
      endRecord(out);
    }
    flush(out);
    record = null;
    if (beatsOut != beatsIn) {
      throw new IllegalStateException("Scoring lost beats: " + beatsIn + " in, " + beatsOut + " out");
    }
    return out;
  }

  /** Beats added so far. */
  public long beatsIn() {
    return beatsIn;
  }

  /**
   * Beats the predictor has computed so far: every beat of every sequence it was given, context
   * beats included, so at least {@link #beatsIn} once the stream is finished. (The beat-sequence
   * model encodes a beat that two sequences of one call share once, {@link SequenceEncoderSplit};
   * its LSTM across beats runs over every sequence's beats.)
   */
  public long beatsComputed() {
    return beatsComputed;
  }

  /**
   * Wall time spent in the predictor's calls so far, in nanoseconds: the model's (its input tensors
   * and forward pass), not the cutting into sequences.
   */
  public long predictNanos() {
    return predictNanos;
  }

  private void endRecord(List<Scored<T>> out) {
    while (nextCore < received) {
      queue(nextCore, Math.min(received, nextCore + geometry.stride()), out);
      nextCore += geometry.stride();
    }
    buffer.clear();
    bufferStart = received;
  }

  /** Queues the sequence whose core is record beats [coreStart, coreEnd). */
  private void queue(int coreStart, int coreEnd, List<Scored<T>> out) {
    int from = Math.max(0, coreStart - geometry.before());
    int to = Math.min(received, coreEnd + geometry.after());
    if (from < bufferStart) {
      throw new IllegalStateException("Scoring geometry broken: beat " + from + " was dropped (buffer starts at " + bufferStart + ")");
    }
    int n = to - from;
    float[][] windows = new float[n][];
    float[][] rr = new float[n][];
    List<T> core = new ArrayList<>(coreEnd - coreStart);
    int i = bufferStart;
    int k = 0;
    for (Entry<T> e : buffer) {
      if (i >= to) {
        break;
      }
      if (i >= from) {
        windows[k] = e.window();
        rr[k] = e.rr();
        k++;
        if (i >= coreStart && i < coreEnd) {
          core.add(e.beat());
        }
      }
      i++;
    }
    pending.add(new Pending<>(core, windows, rr, coreStart - from));
    if (pending.size() >= sequencesPerCall) {
      flush(out);
    }
  }

  /** Drops beats no later sequence needs. */
  private void trim() {
    int keepFrom = Math.max(0, nextCore - geometry.before());
    while (bufferStart < keepFrom && !buffer.isEmpty()) {
      buffer.removeFirst();
      bufferStart++;
    }
  }

  private void flush(List<Scored<T>> out) {
    if (pending.isEmpty()) {
      return;
    }
    List<float[][]> windows = new ArrayList<>(pending.size());
    List<float[][]> rr = new ArrayList<>(pending.size());
    for (Pending<T> p : pending) {
      windows.add(p.windows());
      rr.add(p.rr());
      beatsComputed += p.windows().length;
    }
    long start = System.nanoTime();
    float[][][] probabilities = predictor.predict(windows, rr);
    predictNanos += System.nanoTime() - start;
    if (probabilities.length != pending.size()) {
      throw new IllegalStateException(
          "Cannot score: the model returned " + probabilities.length + " sequences for " + pending.size());
    }
    for (int s = 0; s < pending.size(); s++) {
      Pending<T> p = pending.get(s);
      if (probabilities[s].length != p.windows().length) {
        throw new IllegalStateException("Cannot score: the model returned " + probabilities[s].length
            + " beats for a sequence of " + p.windows().length);
      }
      for (int j = 0; j < p.core().size(); j++) {
        out.add(new Scored<>(p.core().get(j), probabilities[s][p.coreOffset() + j]));
        beatsOut++;
      }
    }
    pending.clear();
  }
}
