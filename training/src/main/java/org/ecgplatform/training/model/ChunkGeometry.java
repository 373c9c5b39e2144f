package org.ecgplatform.training.model;

import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.common.ConfigException;

/**
 * How the beats of one record are cut into the sequences a model sees.
 *
 * <p>Scoring tiles the record with <em>cores</em> of {@link #stride()} = {@code length - overlap}
 * beats on a fixed grid (core {@code k} is beats {@code [k·stride, (k+1)·stride)}); each core is
 * scored inside a sequence that adds {@link #before()} beats of context before it and {@link
 * #after()} after it, clipped at the record's ends. So every beat is scored exactly once, from the
 * one sequence whose core holds it, with full context except within {@code before}/{@code after}
 * beats of the record's first and last beat — and the result does not depend on how the record was
 * streamed in. Training uses whole sequences of {@code length} beats every {@code stride} beats
 * ({@link #trainingSpans}).
 *
 * <p>A per-beat model uses {@link #independent}: no overlap, no context; a "sequence" is then just
 * a batch of consecutive beats scored one by one.
 *
 * @param length beats per sequence (at most; sequences at record ends are shorter)
 * @param overlap beats shared by consecutive sequences
 * @param before beats of context before a core
 * @param after beats of context after a core ({@code before + after = overlap})
 */
public record ChunkGeometry(int length, int overlap, int before, int after) implements java.io.Serializable {

  public ChunkGeometry {
    if (length < 1) {
      throw ConfigException.invalid("training.sequence.length", length, "a positive number of beats");
    }
    if (overlap < 0 || overlap >= length) {
      throw ConfigException.invalid("training.sequence.overlap", overlap,
          "a number of beats in [0, length) = [0, " + length + ")");
    }
    if (before < 0 || after < 0 || before + after != overlap) {
      throw new IllegalArgumentException(
          "Cannot build chunk geometry: context " + before + " + " + after + " beats must equal the overlap " + overlap);
    }
  }

  /** Sequences of {@code length} beats overlapping by {@code overlap}, context split by {@code direction}. */
  public static ChunkGeometry of(int length, int overlap, SequenceDirection direction) {
    ChunkGeometry probe = new ChunkGeometry(length, overlap, overlap, 0); // validates length and overlap
    return new ChunkGeometry(probe.length(), overlap, direction.leftContext(overlap), direction.rightContext(overlap));
  }

  /** Batches of up to {@code batch} consecutive beats scored independently (per-beat models). */
  public static ChunkGeometry independent(int batch) {
    return new ChunkGeometry(batch, 0, 0, 0);
  }

  /** Beats per core: the distance between the starts of consecutive sequences. */
  public int stride() {
    return length - overlap;
  }

  /**
   * The sequence in which scoring ({@link StreamingScorer}) classifies beat {@code beat} of a record
   * of {@code beats} beats, as {@code [start, end)} beat indices: the core of {@link #stride()}
   * beats on the fixed grid that holds the beat, with {@link #before()} beats of context before it
   * and {@link #after()} after it, clipped at the record's ends.
   */
  public int[] scoringSpan(int beat, int beats) {
    if (beat < 0 || beat >= beats) {
      throw new IllegalArgumentException("Cannot locate beat " + beat + " in a record of " + beats + " beats");
    }
    int coreStart = beat / stride() * stride();
    int coreEnd = Math.min(beats, coreStart + stride());
    return new int[] {Math.max(0, coreStart - before), Math.min(beats, coreEnd + after)};
  }

  /**
   * The sequences training fits for a record of {@code beats} beats, as {@code [start, end)} pairs:
   * one every {@link #stride()} beats, each exactly {@link #length()} long, the last one moved back
   * to end at the record's last beat (so it overlaps its neighbour more); a record shorter than
   * {@code length} is one shorter sequence. Every beat is in at least one sequence.
   */
  public List<int[]> trainingSpans(int beats) {
    List<int[]> spans = new ArrayList<>();
    if (beats <= 0) {
      return spans;
    }
    if (beats <= length) {
      spans.add(new int[] {0, beats});
      return spans;
    }
    int start = 0;
    while (start + length < beats) {
      spans.add(new int[] {start, start + length});
      start += stride();
    }
    spans.add(new int[] {beats - length, beats});
    return spans;
  }
}
