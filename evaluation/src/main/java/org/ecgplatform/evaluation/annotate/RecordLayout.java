package org.ecgplatform.evaluation.annotate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecgplatform.etl.beats.BeatSegmenter;
import org.ecgplatform.etl.beats.ExtractionConfig;
import org.ecgplatform.etl.beats.RecordTemplate;
import org.ecgplatform.etl.detect.QrsChunks;
import org.ecgplatform.etl.signal.Resampler;
import org.ecgplatform.training.model.ChunkGeometry;

/**
 * How the annotation job cuts one record into chunks, one Spark task each, so that a task's memory
 * depends on the chunk's length and not on the record's, and the merged result is the one a single
 * task over the whole record would give.
 *
 * <p>The chunks' <em>cores</em> ({@link QrsChunks#plan}, {@code chunkS} seconds each) tile the
 * record; each beat belongs to the core its sample falls in. Three passes read the record chunk by
 * chunk, each from a read range around what it needs:
 *
 * <ol>
 *   <li><b>Detection</b> ({@link #detection()}): the core plus {@code marginS} on each side, the
 *       beats kept are those of the core ({@link QrsChunks}). Exactly the beats of the in-memory
 *       chunked detection with the same chunk and margin.
 *   <li><b>Template</b> ({@link #template}): the windows {@link RecordTemplate#windowIndexes} chooses
 *       among the record's windowed beats, cut per core from a read range reaching {@link
 *       #readMargin()} beyond them.
 *   <li><b>Scoring</b> ({@link #scoring}): the core's windowed beats, fed to the model together with
 *       the neighbours its {@link ChunkGeometry} needs for context, cut from a read range reaching
 *       {@link #readMargin()} beyond the first and last of them.
 * </ol>
 *
 * <p>Why the windows are those of the whole record: cleaning depends on a bounded neighbourhood of
 * each sample (medians over 0.2 + 0.6 s; the zero-phase IIR stages' start-up transients die out
 * exponentially, far below float resolution within a few seconds), resampling on the kernel's
 * half-width, and a read range starts at a multiple of the resampler's {@code down} so that its
 * resampled samples fall on the whole record's grid. The read margin adds {@link
 * #CLEANING_CONTEXT_S} (or {@code marginS}, when smaller) of such context to the window's own span;
 * only detection reads the full {@code marginS}, which its adaptive levels and search-back need. Between passes the driver holds, per record, the beats' sample
 * numbers and RR features (about 25 bytes a beat, ~2.5 MB for a 24-hour Holter: about a thousandth
 * of its samples in floats).
 *
 * <p>Beats whose window would leave the record (the first and last few) are {@linkplain #windowed
 * not windowed}: they are written unclassified, as the whole-record path does. A sequence model's
 * context beats are read wherever they are: next to a long stretch without beats (lead-off for
 * hours) a scoring task's read range grows by that stretch. Pure: no Spark, no Hadoop.
 */
public final class RecordLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The beats one scoring task handles, as indexes into the record's beats: it emits the core's
   * beats {@code [coreFrom, coreTo)} (those not windowed unclassified) and feeds the model the
   * windowed beats {@code [feedFrom, feedTo)}, a superset of the core's windowed beats, cut from
   * frames {@code [readFrom, readTo)}. Nothing is fed nor read when the core has no windowed beat.
   */
  public record Scoring(int chunk, int coreFrom, int coreTo, int feedFrom, int feedTo, long readFrom, long readTo)
      implements Serializable {
    /** Whether the model sees any beat of this task. */
    public boolean feeds() {
      return feedTo > feedFrom;
    }

    /** The first beat index this task needs the sample of. */
    public int beatsFrom() {
      return feeds() ? Math.min(coreFrom, feedFrom) : coreFrom;
    }

    /** One past the last beat index this task needs the sample of. */
    public int beatsTo() {
      return feeds() ? Math.max(coreTo, feedTo) : coreTo;
    }
  }

  /** The template windows one task cuts: beat indexes {@code beats}, from frames {@code [readFrom, readTo)}. */
  public record Template(int chunk, int[] beats, long readFrom, long readTo) implements Serializable {}

  /**
   * The beats one atrial-activity task judges, as indexes into the record's beats: the core's
   * windowed beats {@code [coreFrom, coreTo)}, from the windows of {@code [cutFrom, cutTo)} (the
   * core and its neighbours, windowed beats only) cut from frames {@code [readFrom, readTo)}.
   */
  public record Atrial(int chunk, int coreFrom, int coreTo, int cutFrom, int cutTo, long readFrom, long readTo)
      implements Serializable {}

  private final long frames;
  private final double fsHz;
  private final ExtractionConfig extraction;
  private final List<QrsChunks.Chunk> chunks;
  private final long readMargin;
  /**
   * Seconds of signal the template and scoring passes read beyond a window's span for the cleaning:
   * its medians reach 0.3 s and its zero-phase filters' start-up transients fall below float
   * resolution within a few seconds; reading less than detection's margin saves cleaning the same
   * stretch twice at every seam.
   */
  static final double CLEANING_CONTEXT_S = 10;

  private RecordLayout(long frames, double fsHz, ExtractionConfig extraction, List<QrsChunks.Chunk> chunks, long readMargin) {
    this.frames = frames;
    this.fsHz = fsHz;
    this.extraction = extraction;
    this.chunks = List.copyOf(chunks);
    this.readMargin = readMargin;
  }

  /**
   * The layout of a record of {@code frames} frames at {@code fsHz}, windows per {@code extraction}.
   *
   * @param chunkS seconds per core
   * @param marginS context read on each side of what a pass needs, seconds
   * @throws IllegalArgumentException when the record is too long for the window code (2^31 frames)
   *     or the rate is not a whole number of Hz (as the ETL requires)
   */
  public static RecordLayout of(long frames, double fsHz, ExtractionConfig extraction, double chunkS, double marginS) {
    if (frames > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Cannot annotate a record of " + frames + " frames: at most " + Integer.MAX_VALUE
          + " (split the record into segments)");
    }
    Resampler resampler = new Resampler(fsHz, extraction.resampling());
    // The window's span at the source rate, plus the resampler's reach, plus the filters' context.
    long windowSpan = ((long) (extraction.samplesBefore() + extraction.samplesAfter()) * resampler.down()
        + resampler.up() - 1) / resampler.up();
    long margin = Math.round(Math.min(marginS, CLEANING_CONTEXT_S) * fsHz) + windowSpan + 1;
    return new RecordLayout(frames, fsHz, extraction, QrsChunks.plan(frames, fsHz, chunkS, marginS), margin);
  }

  public long frames() {
    return frames;
  }

  public double fsHz() {
    return fsHz;
  }

  /** Frames read beyond the first and last beat a template or scoring task needs. */
  public long readMargin() {
    return readMargin;
  }

  /** The detection chunks: read range and core of each, in record order. */
  public List<QrsChunks.Chunk> detection() {
    return chunks;
  }

  /**
   * The beats whose window lies inside the record, {@code [first, end)} as indexes into {@code
   * beats} (ascending sample numbers): those the whole-record segmentation windows. Only the first
   * and last few beats can fall outside.
   */
  public int[] windowed(long[] beats) {
    Resampler resampler = new Resampler(fsHz, extraction.resampling());
    long length = resampler.outputLength((int) frames);
    int before = extraction.samplesBefore();
    int after = extraction.samplesAfter();
    int first = 0;
    while (first < beats.length && !BeatSegmenter.fits(resampler.mapSample(beats[first]), before, after, length)) {
      first++;
    }
    int end = beats.length;
    while (end > first && !BeatSegmenter.fits(resampler.mapSample(beats[end - 1]), before, after, length)) {
      end--;
    }
    return new int[] {first, end};
  }

  /**
   * The scoring tasks, one per core that holds a beat. With a context-free geometry (a per-beat
   * model) a task feeds its core's windowed beats only; otherwise it feeds whole sequences of the
   * geometry's fixed grid ({@link ChunkGeometry#scoringSpan}) from a grid point on, so that the
   * model's streaming cuts them as it cuts the whole record and each core beat is scored in the
   * same sequence with the same context.
   */
  public List<Scoring> scoring(long[] beats, ChunkGeometry geometry) {
    int[] w = windowed(beats);
    int windows = w[1] - w[0];
    int stride = geometry.stride();
    boolean context = geometry.before() > 0 || geometry.after() > 0;
    List<Scoring> out = new ArrayList<>();
    for (int k = 0; k < chunks.size(); k++) {
      int coreFrom = firstAtOrAfter(beats, chunks.get(k).coreFrom());
      int coreTo = firstAtOrAfter(beats, chunks.get(k).coreTo());
      if (coreFrom == coreTo) {
        continue;
      }
      int c0 = Math.max(coreFrom, w[0]) - w[0];
      int c1 = Math.min(coreTo, w[1]) - w[0]; // exclusive, in stream positions
      if (c0 >= c1) {
        out.add(new Scoring(k, coreFrom, coreTo, 0, 0, 0, 0));
        continue;
      }
      int feedFrom = c0;
      int feedTo = c1;
      if (context) {
        feedFrom = Math.max(0, Math.floorDiv(c0 / stride * stride - geometry.before(), stride) * stride);
        feedTo = (int) Math.min(windows, ((long) (c1 - 1) / stride + 1) * stride + geometry.after());
      }
      long[] range = readRange(beats[w[0] + feedFrom], beats[w[0] + feedTo - 1]);
      out.add(new Scoring(k, coreFrom, coreTo, w[0] + feedFrom, w[0] + feedTo, range[0], range[1]));
    }
    return out;
  }

  /**
   * The atrial-activity tasks ({@link org.ecgplatform.evaluation.rhythm.AtrialActivity}): one per
   * core with a windowed beat that {@code flagged} marks, its cut reaching {@code half} windowed
   * beats beyond the core on each side, so that each core beat is judged from the same neighbours
   * as in the whole record.
   */
  public List<Atrial> atrial(long[] beats, boolean[] flagged, int half) {
    int[] w = windowed(beats);
    List<Atrial> out = new ArrayList<>();
    for (int k = 0; k < chunks.size(); k++) {
      int coreFrom = Math.max(w[0], firstAtOrAfter(beats, chunks.get(k).coreFrom()));
      int coreTo = Math.min(w[1], firstAtOrAfter(beats, chunks.get(k).coreTo()));
      boolean any = false;
      for (int i = coreFrom; i < coreTo && !any; i++) {
        any = flagged[i];
      }
      if (any) {
        int cutFrom = Math.max(w[0], coreFrom - half);
        int cutTo = Math.min(w[1], coreTo + half);
        long[] range = readRange(beats[cutFrom], beats[cutTo - 1]);
        out.add(new Atrial(k, coreFrom, coreTo, cutFrom, cutTo, range[0], range[1]));
      }
    }
    return out;
  }

  /**
   * The template tasks: the chosen windows ({@link RecordTemplate#windowIndexes}, of them those
   * {@code rule} keeps by the beats' RR intervals, as the ETL does) grouped by core.
   */
  public List<Template> template(long[] beats, RecordTemplate.Beats rule) {
    int[] w = windowed(beats);
    int[] chosen = RecordTemplate.windowIndexes(w[1] - w[0]);
    if (rule != RecordTemplate.Beats.ALL) {
      double[] ratio = Arrays.copyOfRange(RecordTemplate.prevOverMean(beats), w[0], w[1]);
      chosen = RecordTemplate.select(chosen, rule, ratio);
    }
    List<Template> out = new ArrayList<>();
    int i = 0;
    for (int k = 0; k < chunks.size() && i < chosen.length; k++) {
      int start = i;
      while (i < chosen.length && chunks.get(k).keeps(beats[w[0] + chosen[i]])) {
        i++;
      }
      if (i > start) {
        int[] idx = Arrays.copyOfRange(chosen, start, i);
        for (int j = 0; j < idx.length; j++) {
          idx[j] += w[0];
        }
        long[] range = readRange(beats[idx[0]], beats[idx[idx.length - 1]]);
        out.add(new Template(k, idx, range[0], range[1]));
      }
    }
    return out;
  }

  /**
   * Frames to read for windows of beats from {@code firstSample} to {@code lastSample}: {@link
   * #readMargin()} beyond them, clipped to the record, starting on the resampler's grid.
   */
  long[] readRange(long firstSample, long lastSample) {
    int down = new Resampler(fsHz, extraction.resampling()).down();
    long from = Math.max(0, firstSample - readMargin) / down * down;
    long to = Math.min(frames, lastSample + readMargin + 1);
    return new long[] {from, to};
  }

  private static int firstAtOrAfter(long[] sorted, long sample) {
    int i = Arrays.binarySearch(sorted, sample);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && sorted[i - 1] == sample) {
      i--;
    }
    return i;
  }
}
