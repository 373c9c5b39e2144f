package org.ecgplatform.etl.beats;

import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.signal.Resampler;
import org.ecgplatform.etl.signal.SignalCleaner;

/**
 * The per-record beat pipeline, pure and thread-safe: clean → resample (signals and annotation
 * positions) → segment. The Spark job calls {@link #extract} once per record.
 *
 * <ol>
 *   <li>Each lead is cleaned at the source rate ({@link SignalCleaner}, all stages zero-phase).
 *   <li>Each lead is resampled to {@link ExtractionConfig#targetFsHz()} ({@link Resampler}, no
 *       delay); annotation positions are mapped with {@link Resampler#mapSamples} ({@code
 *       round(k·up/down)}, halves up). Nothing happens when the rates match.
 *   <li>Beats are cut and given RR features ({@link BeatSegmenter}); RR features come from the
 *       source positions, so resampling does not round them.
 * </ol>
 *
 * <p>Example:
 *
 * <pre>{@code
 * BeatExtractor extractor = new BeatExtractor(ExtractionConfig.defaults());
 * Segmentation s = extractor.extract(physicalSignals, 360.0, annSamples, annSymbols);
 * for (Beat b : s.beats()) { ... b.window() ... b.rr().prevS() ... }
 * s.counts().skippedAtEdges();
 * }</pre>
 */
public final class BeatExtractor {
  private final ExtractionConfig config;
  private final SignalCleaner cleaner;
  private final BeatSegmenter segmenter;

  public BeatExtractor(ExtractionConfig config) {
    this.config = config;
    this.cleaner = new SignalCleaner(config.cleaning());
    this.segmenter = new BeatSegmenter(config.window());
  }

  public ExtractionConfig config() {
    return config;
  }

  /**
   * Extracts the beats of one record.
   *
   * @param physicalSignals the selected leads (lead-major: {@code [lead][sample]}), in physical units
   *     (millivolts), all of the same length
   * @param fsInHz the record's sampling rate (a whole number of Hz)
   * @param annotationSamples annotation positions at {@code fsInHz}, in time order
   * @param symbols annotation mnemonics, parallel to {@code annotationSamples}; non-beat annotations
   *     are counted and ignored
   * @return beats at the target rate, windows lead-major, and the annotation counts
   * @throws EcgPlatformException when the arrays are inconsistent or a sample is not finite (WFDB
   *     invalid samples must be interpolated or the record rejected before this call)
   */
  public Segmentation extract(float[][] physicalSignals, double fsInHz, long[] annotationSamples, String[] symbols) {
    if (physicalSignals.length == 0) {
      throw new EcgPlatformException("Cannot extract beats: no leads given (select at least one ECG lead)");
    }
    Resampler resampler = new Resampler(fsInHz, config.resampling());
    float[][] atTarget = new float[physicalSignals.length][];
    for (int lead = 0; lead < physicalSignals.length; lead++) {
      requireFinite(physicalSignals[lead], lead);
      double[] cleaned = cleaner.clean(toDouble(physicalSignals[lead]), fsInHz);
      atTarget[lead] = toFloat(resampler.resample(cleaned));
    }
    Annotations annotations = new Annotations(
        resampler.mapSamples(annotationSamples), symbols, annotationSamples, fsInHz);
    return segmenter.segment(atTarget, resampler.fsOutHz(), annotations);
  }

  private static void requireFinite(float[] x, int lead) {
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(x[i])) {
        throw new EcgPlatformException("Cannot extract beats: lead " + lead + " has the non-finite sample " + x[i]
            + " at index " + i + " (interpolate invalid samples or reject the record)");
      }
    }
  }

  private static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }
}
