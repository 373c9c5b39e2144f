package org.ecgplatform.etl.beats;

import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.common.EcgPlatformException;

/**
 * Cuts one fixed window per beat annotation and attaches its RR features.
 *
 * <p>For each annotation whose symbol is a beat ({@link AamiClass#isBeat}), the window is {@code
 * [sample - before, sample + after)} of every lead, with {@code before/after} from {@link
 * WindowConfig} at the signals' rate. Beats whose window would leave the record are counted as
 * skipped (not padded); non-beat annotations are counted and ignored. RR features ({@link
 * RrFeatures}) are computed over all beat annotations of the record, including the skipped ones, so a
 * beat next to a skipped edge beat still gets its true neighbour interval.
 *
 * <p>Not implemented: context windows of neighbouring beats (a wider window gives the same
 * information; set {@link WindowConfig#beforeS()}/{@link WindowConfig#afterS()} accordingly).
 */
public final class BeatSegmenter {
  private final WindowConfig config;

  public BeatSegmenter(WindowConfig config) {
    this.config = config;
  }

  public WindowConfig config() {
    return config;
  }

  /**
   * Segments one record.
   *
   * @param signals one array per lead, all of the same length, at {@code fsHz}
   * @param fsHz rate of {@code signals} and of {@code annotations.samples()}
   * @param annotations the record's annotations, in time order
   */
  public Segmentation segment(float[][] signals, double fsHz, Annotations annotations) {
    if (signals.length == 0) {
      throw new EcgPlatformException("Cannot segment beats: no leads given (select at least one lead)");
    }
    int length = signals[0].length;
    for (float[] lead : signals) {
      if (lead.length != length) {
        throw new EcgPlatformException(
            "Cannot segment beats: leads differ in length (" + length + " vs " + lead.length + " samples)");
      }
    }
    int before = config.samplesBefore(fsHz);
    int after = config.samplesAfter(fsHz);

    int[] beatAt = beatPositions(annotations.symbols());
    int beatsIn = beatAt.length;
    long[] beatSource = new long[beatsIn];
    for (int b = 0; b < beatsIn; b++) {
      beatSource[b] = annotations.sourceSamples()[beatAt[b]];
    }
    RrFeatures[] rr = RrFeatures.compute(beatSource, annotations.sourceFsHz(), config.localRrIntervals(), config.longRrIntervals());

    List<Beat> beats = new ArrayList<>(beatsIn);
    int skipped = 0;
    for (int b = 0; b < beatsIn; b++) {
      int a = beatAt[b];
      long pos = annotations.samples()[a];
      float[] window = cut(signals, pos, before, after);
      if (window == null) {
        skipped++;
        continue;
      }
      String symbol = annotations.symbols()[a];
      beats.add(new Beat(b, pos, annotations.sourceSamples()[a], symbol, AamiClass.ofSymbol(symbol).orElseThrow(),
          rr[b], window, signals.length));
    }
    Segmentation.Counts counts =
        new Segmentation.Counts(beatsIn, beats.size(), skipped, annotations.size() - beatsIn);
    return new Segmentation(beats, counts);
  }

  /**
   * Whether the window of a beat at {@code position} lies inside a signal of {@code length}
   * samples: {@code [position - before, position + after)} within {@code [0, length)}. A beat whose
   * window does not fit is skipped, never padded.
   */
  public static boolean fits(long position, int before, int after, long length) {
    return position - before >= 0 && position + after <= length;
  }

  /**
   * The window of a beat at {@code position} (an index into each lead): {@code [position - before,
   * position + after)} of every lead, lead-major; null when it does not {@link #fits fit}. The one
   * place where beat windows are cut, for the ETL's whole records and the annotation job's chunks.
   */
  public static float[] cut(float[][] signals, long position, int before, int after) {
    int length = signals[0].length;
    if (!fits(position, before, after, length)) {
      return null;
    }
    int windowSamples = before + after;
    int start = (int) (position - before);
    float[] window = new float[signals.length * windowSamples];
    for (int lead = 0; lead < signals.length; lead++) {
      System.arraycopy(signals[lead], start, window, lead * windowSamples, windowSamples);
    }
    return window;
  }

  private static int[] beatPositions(String[] symbols) {
    int count = 0;
    for (String s : symbols) {
      if (AamiClass.isBeat(s)) {
        count++;
      }
    }
    int[] at = new int[count];
    int k = 0;
    for (int i = 0; i < symbols.length; i++) {
      if (AamiClass.isBeat(symbols[i])) {
        at[k++] = i;
      }
    }
    return at;
  }
}
