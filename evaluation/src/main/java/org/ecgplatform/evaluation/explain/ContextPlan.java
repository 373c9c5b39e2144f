package org.ecgplatform.evaluation.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgplatform.common.EcgPlatformException;

/**
 * Where a misclassified beat sits among its record's beats and which of them its explanation
 * needs: the sequence the scorer classified it in ({@code span}, e.g. {@code
 * BeatModel::scoringSpan}) and its two neighbours. Made from the record's beat samples in time
 * order (the order the evaluation streamed them in), before any window is read, so that only the
 * needed rows are fetched.
 *
 * @param error the beat to explain
 * @param index its index in the record
 * @param recordBeats beats of the record
 * @param spanStart first beat of its scoring sequence
 * @param spanEnd end (exclusive) of its scoring sequence
 * @param samples samples of the record's beats {@code [first, first + samples.size())}: the span and the neighbours
 * @param first record index of {@code samples.get(0)}
 */
public record ContextPlan(ErrorBeat error, int index, int recordBeats, int spanStart, int spanEnd, List<Long> samples,
    int first) {

  public ContextPlan {
    samples = List.copyOf(samples);
  }

  /**
   * Locates {@code error} in its record.
   *
   * @param recordSamples the record's beat samples in time order
   * @param span the scoring sequence of a beat, e.g. {@code model::scoringSpan}
   * @throws EcgPlatformException when the record does not hold the beat exactly once
   */
  public static ContextPlan of(ErrorBeat error, long[] recordSamples, Span span) {
    int index = -1;
    for (int i = 0; i < recordSamples.length; i++) {
      if (recordSamples[i] == error.sample()) {
        if (index >= 0) {
          throw new EcgPlatformException("Cannot explain " + error.where() + ": the dataset holds the beat more than once"
              + " (augmented copies in the evaluated split?)");
        }
        index = i;
      }
    }
    if (index < 0) {
      throw new EcgPlatformException("Cannot explain " + error.where() + ": the dataset has no such beat in the evaluated split"
          + " (is --dataset the dataset the evaluation scored?)");
    }
    int[] s = span.of(index, recordSamples.length);
    int first = Math.max(0, Math.min(s[0], index - 1));
    int end = Math.min(recordSamples.length, Math.max(s[1], index + 2));
    List<Long> needed = new ArrayList<>(end - first);
    for (int i = first; i < end; i++) {
      needed.add(recordSamples[i]);
    }
    return new ContextPlan(error, index, recordSamples.length, s[0], s[1], needed, first);
  }

  /** The scoring sequence of beat {@code index} of a record of {@code beats} beats, as {@code [start, end)}. */
  @FunctionalInterface
  public interface Span {
    int[] of(int index, int beats);
  }

  /**
   * The context, from the record's rows by sample.
   *
   * @throws EcgPlatformException when a needed row is missing
   */
  public BeatContext context(Map<Long, RecordBeat> rows) {
    List<RecordBeat> sequence = new ArrayList<>(spanEnd - spanStart);
    for (int i = spanStart; i < spanEnd; i++) {
      sequence.add(row(rows, i));
    }
    RecordBeat previous = index > 0 ? row(rows, index - 1) : null;
    RecordBeat next = index + 1 < recordBeats ? row(rows, index + 1) : null;
    return new BeatContext(error, sequence, index - spanStart, previous, next, index, recordBeats);
  }

  private RecordBeat row(Map<Long, RecordBeat> rows, int recordIndex) {
    long sample = samples.get(recordIndex - first);
    RecordBeat r = rows.get(sample);
    if (r == null) {
      throw new EcgPlatformException("Cannot explain " + error.where() + ": the dataset row of its neighbour at sample " + sample
          + " was not read");
    }
    return r;
  }
}
