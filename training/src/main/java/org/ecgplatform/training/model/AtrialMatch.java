package org.ecgplatform.training.model;

import java.io.Serializable;
import java.util.List;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.dataset.DatasetSchema;

/**
 * A per-beat input computed from the beat's own window ({@code training.atrial-match}): how much the
 * stretch before its QRS (the P wave's place, {@link #FROM_S} to {@link #TO_S} seconds before the
 * fiducial point) looks like the same stretch of its record's template, as the correlation of the two
 * segments of the first ECG lead, each with its mean removed.
 *
 * <p>A supraventricular ectopic beat starts from another atrial focus or from the AV node: its P wave
 * differs from the patient's usual one, comes earlier, or is hidden. On MIT-BIH DS1 (reference
 * beats, no model) the correlation averages 0.81 for N beats and 0.26 for S beats. The network
 * receives the record template's channels already, but has to learn such a comparison from the
 * samples; this input hands it over as one number, next to the RR features. It uses the record's
 * own signal only (the template is the median of its beats), so it is as available for a record
 * without annotations as the template is.
 *
 * <p>The value is appended to the beat's encoded RR vector and normalised with it ({@link
 * Normalizer}); a segment without variance (a flat line) gives 0. Stored in the model's normaliser,
 * so that training, evaluation, annotation and saliency compute it alike.
 *
 * @param from first sample of the segment, counted from the start of each channel of the window
 * @param to sample after the segment's last one
 * @param channels channels of a window (ECG leads, then their templates)
 * @param templateChannel the channel holding the first lead's template
 */
public record AtrialMatch(int from, int to, int channels, int templateChannel) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Seconds before the fiducial point where the segment starts. */
  public static final double FROM_S = 0.23;
  /** Seconds before the fiducial point where the segment ends (the QRS onset left out). */
  public static final double TO_S = 0.07;
  /** Name of the input among the model's RR features. */
  public static final String FEATURE = "atrial_match";
  /** Key of the setting. */
  public static final String KEY = "training.atrial-match";

  /** No such input. */
  public static final AtrialMatch OFF = new AtrialMatch(0, 0, 0, -1);

  public AtrialMatch {
    if (templateChannel >= 0 && (from < 0 || to - from < 2 || templateChannel >= channels)) {
      throw new IllegalArgumentException("Cannot build atrial match: samples " + from + " to " + to + ", template channel "
          + templateChannel + " of " + channels);
    }
  }

  /**
   * The input a training configuration asks for, placed in a dataset's windows.
   *
   * @param enabled the setting
   * @param leadNames the window's channel names: the ECG leads, then (record-template channels,
   *     {@code <lead>:template}) their templates ({@link DatasetSchema#hasTemplatePerLead})
   * @param source the dataset, named in errors
   * @throws ConfigException when enabled and the windows hold no record template or start later than
   *     {@link #FROM_S} before the beat
   */
  public static AtrialMatch of(
      boolean enabled, int fsHz, int samplesBefore, List<String> leadNames, String source) {
    if (!enabled) {
      return OFF;
    }
    int channels = leadNames.size();
    if (!DatasetSchema.hasTemplatePerLead(leadNames)) {
      throw ConfigException.invalid(KEY, true, "false " + DatasetSchema.noTemplatePerLead(source, leadNames));
    }
    int from = samplesBefore - (int) Math.round(FROM_S * fsHz);
    int to = samplesBefore - (int) Math.round(TO_S * fsHz);
    if (from < 0) {
      throw ConfigException.invalid(KEY, true, "false for dataset " + source + ", whose windows start "
          + String.format(java.util.Locale.ROOT, "%.3f", (double) samplesBefore / fsHz) + " s before the beat; the input needs "
          + FROM_S + " s (etl.window.before-s)");
    }
    return new AtrialMatch(from, to, channels, channels / 2);
  }

  /** Whether the input is computed at all. */
  public boolean enabled() {
    return templateChannel >= 0;
  }

  /** Inputs this adds to the RR vector: 1 when enabled, else 0. */
  public int width() {
    return enabled() ? 1 : 0;
  }

  /**
   * The correlation of the first lead's segment with its template's, in [-1, 1]; 0 when either is
   * flat.
   *
   * @param window lead-major window of {@link #channels()} channels
   */
  public float value(float[] window) {
    if (window.length % channels != 0) {
      throw new IllegalArgumentException(
          "Cannot compute atrial match: " + window.length + " values is not a multiple of " + channels + " channels");
    }
    int samples = window.length / channels;
    if (to > samples) {
      throw new IllegalArgumentException(
          "Cannot compute atrial match: segment ends at sample " + to + ", windows have " + samples);
    }
    int n = to - from;
    return (float) correlation(centred(window, from, n), centred(window, templateChannel * samples + from, n), FLAT);
  }

  /** Sum of squares below which a centred segment counts as flat in {@link #value}. */
  private static final double FLAT = 1e-12;

  /** {@code length} values of {@code values} from {@code start}, their mean removed. */
  public static double[] centred(float[] values, int start, int length) {
    double[] s = new double[length];
    double mean = 0;
    for (int j = 0; j < length; j++) {
      s[j] = values[start + j];
      mean += s[j];
    }
    mean /= length;
    for (int j = 0; j < length; j++) {
      s[j] -= mean;
    }
    return s;
  }

  /**
   * The correlation of two centred segments of one length; 0 when either's sum of squares is not
   * above {@code flat}.
   */
  public static double correlation(double[] x, double[] y, double flat) {
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int j = 0; j < x.length; j++) {
      xy += x[j] * y[j];
      xx += x[j] * x[j];
      yy += y[j] * y[j];
    }
    return xx > flat && yy > flat ? xy / Math.sqrt(xx * yy) : 0;
  }
}
