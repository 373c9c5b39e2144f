package org.ecgplatform.etl.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a long record into overlapping chunks that can be detected independently (one Spark task
 * each) and merges their beats without duplicates or gaps.
 *
 * <p>Each chunk has a <em>core</em>; the cores tile the record without overlap. The detector reads
 * the core plus a margin on each side (clipped at the record's ends) and the merge keeps the beats
 * whose fiducial falls in the core. Why a margin is enough: every stage of {@link QrsDetector}
 * depends on a bounded neighbourhood of each sample: the filters on about 0.1 s, the levels on
 * ±{@code levelWindowS} (6 s) of one-second blocks aligned to absolute sample numbers, the decision
 * rules on the last beat and the last eight RR intervals, and each refinement pass on the previous
 * pass's beats within ±{@code levelWindowS}. Once two runs have made the same decisions for eight
 * beats their state is identical, so the influence of a chunk's edge dies out after a few level
 * windows and a few beats. Measured on all 48 MIT-BIH Arrhythmia records with five-minute cores
 * (defaults, two refinement passes): margins of 20 s gave merged beats identical to the whole
 * record's; 10 s left one differing beat in 109,000, 5 s eleven, 2 s 44, all within 10 s of a seam
 * (mostly a fiducial point moved by a few samples). {@value #DEFAULT_MARGIN_S} s is twice the margin
 * that was exact. The equality is a measured property, not a theorem: in a pathological stretch
 * (decisions that keep alternating for longer than the margin) merged and whole-record beats may
 * differ near a seam, but never by duplicating a beat, since the cores assign every sample to one
 * chunk.
 *
 * <p>Two beats of neighbouring chunks can still lie closer than the refractory period across a
 * seam if the chunks decided differently there; {@link #merge} keeps both (they are different
 * samples) and the test counts such pairs.
 */
public final class QrsChunks {
  /** Default margin on each side of a core, s. */
  public static final double DEFAULT_MARGIN_S = 40.0;

  private QrsChunks() {}

  /**
   * One chunk: detect over {@code [readFrom, readTo)}, keep beats in {@code [coreFrom, coreTo)}.
   * Sample numbers of the record.
   */
  public record Chunk(long coreFrom, long coreTo, long readFrom, long readTo) implements java.io.Serializable {
    public Chunk {
      if (!(0 <= readFrom && readFrom <= coreFrom && coreFrom < coreTo && coreTo <= readTo)) {
        throw new IllegalArgumentException("Cannot make a chunk with core [" + coreFrom + ", " + coreTo
            + ") and read range [" + readFrom + ", " + readTo + ") (the core must be non-empty and inside the read range)");
      }
    }

    /** Samples to read. */
    public int readSamples() {
      return Math.toIntExact(readTo - readFrom);
    }

    /** Whether a beat at sample {@code position} belongs to this chunk. */
    public boolean keeps(long position) {
      return position >= coreFrom && position < coreTo;
    }
  }

  /**
   * Chunks covering samples {@code [0, totalSamples)}: cores of {@code coreS} seconds (the last
   * one shorter) with {@code marginS} seconds read on each side.
   */
  public static List<Chunk> plan(long totalSamples, double fsHz, double coreS, double marginS) {
    if (totalSamples < 0) {
      throw new IllegalArgumentException("Cannot plan chunks of a record of " + totalSamples + " samples");
    }
    if (!(fsHz > 0 && coreS > 0 && marginS >= 0) || Double.isInfinite(fsHz * coreS)) {
      throw new IllegalArgumentException("Cannot plan chunks with fsHz " + fsHz + ", coreS " + coreS + ", marginS "
          + marginS + " (expected a positive rate and core length and a margin >= 0)");
    }
    long core = Math.max(1, Math.round(coreS * fsHz));
    long margin = Math.round(marginS * fsHz);
    if (core + 2 * margin > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Cannot plan chunks of " + coreS + " s plus 2 x " + marginS + " s at "
          + fsHz + " Hz: more than " + Integer.MAX_VALUE + " samples per chunk (use shorter chunks)");
    }
    List<Chunk> chunks = new ArrayList<>();
    for (long from = 0; from < totalSamples; from += core) {
      long to = Math.min(totalSamples, from + core);
      chunks.add(new Chunk(from, to, Math.max(0, from - margin), Math.min(totalSamples, to + margin)));
    }
    return chunks;
  }

  /**
   * The beats of one chunk that it keeps.
   *
   * @param beats the detector's output for the chunk's read range (record sample numbers)
   */
  public static long[] keep(Chunk chunk, long[] beats) {
    return Arrays.stream(beats).filter(chunk::keeps).toArray();
  }

  /** Concatenates kept beats of chunks given in record order into one ascending array. */
  public static long[] merge(List<long[]> keptPerChunk) {
    long[] all = keptPerChunk.stream().flatMapToLong(Arrays::stream).toArray();
    Arrays.sort(all);
    return all;
  }
}
