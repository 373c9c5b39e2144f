package org.ecgplatform.training.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.dataset.DatasetSchema;

/**
 * Puts every record's ECG on one amplitude scale ({@code training.record-amplitude}): each lead of a
 * beat's window, and that lead's record-template channel, is divided by the peak-to-peak amplitude of
 * the template channel (the median beat of the beat's record, so in effect its usual QRS height).
 *
 * <p>The training split's z-score ({@link Normalizer}) uses one mean and standard deviation per
 * channel for all patients, so a patient whose QRS is twice another's reaches the network twice as
 * large. Across MIT-BIH's patients that height varies with the electrodes and the body far more than
 * between one patient's N and S beats; the network can learn a training patient by it. Divided by the
 * patient's own template, a beat's amplitude is read against its patient's usual beat, which a patient
 * never seen in training has as well: like the template, it comes from the record's own signal only,
 * so a record without annotations has it too.
 *
 * <p>A template channel whose peak-to-peak amplitude is not above {@link #FLAT} (a flat line) leaves
 * its lead as it is. The factors come from the beat's raw window, before any cut ({@link WindowCut}).
 * Stored in the model's normaliser, so training, evaluation, annotation and saliency scale alike.
 *
 * @param channels channels of a window (ECG leads, then their templates); 0: off
 */
public record RecordAmplitude(int channels) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Key of the setting. */
  public static final String KEY = "training.record-amplitude";

  /** Peak-to-peak amplitude (in the window's units, mV) at or below which a template counts as flat. */
  public static final double FLAT = 1e-6;

  /** Windows keep their recorded amplitude. */
  public static final RecordAmplitude OFF = new RecordAmplitude(0);

  public RecordAmplitude {
    if (channels < 0 || channels % 2 != 0) {
      throw new IllegalArgumentException("Cannot build record amplitude: " + channels
          + " channels is not a number of leads and their templates");
    }
  }

  /**
   * The scaling a training configuration asks for, placed in a dataset's windows.
   *
   * @param enabled the setting
   * @param leadNames the window's channel names: the ECG leads, then their templates
   *     ({@link DatasetSchema#hasTemplatePerLead})
   * @param source the dataset, named in errors
   * @throws ConfigException when enabled and the windows hold no record template per lead
   */
  public static RecordAmplitude of(boolean enabled, List<String> leadNames, String source) {
    if (!enabled) {
      return OFF;
    }
    if (!DatasetSchema.hasTemplatePerLead(leadNames)) {
      throw ConfigException.invalid(KEY, true, "false " + DatasetSchema.noTemplatePerLead(source, leadNames));
    }
    return new RecordAmplitude(leadNames.size());
  }

  /** Whether windows are scaled at all. */
  public boolean enabled() {
    return channels > 0;
  }

  /**
   * The factor each channel of this raw lead-major window is multiplied by: for lead {@code l} and
   * its template channel alike, 1 over the template's peak-to-peak amplitude (1 when it is flat, or
   * when scaling is off).
   *
   * @param window lead-major window
   * @param leads channels of the window; must be {@link #channels()} when enabled
   */
  public float[] factors(float[] window, int leads) {
    float[] f = new float[leads];
    Arrays.fill(f, 1f);
    if (!enabled()) {
      return f;
    }
    if (leads != channels || window.length % channels != 0) {
      throw new IllegalArgumentException("Cannot scale window by its record template: " + window.length + " values in "
          + leads + " channels, the model's windows have " + channels);
    }
    int samples = window.length / channels;
    int ecg = channels / 2;
    for (int l = 0; l < ecg; l++) {
      int base = (ecg + l) * samples;
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = base; i < base + samples; i++) {
        min = Math.min(min, window[i]);
        max = Math.max(max, window[i]);
      }
      double range = (double) max - min;
      if (range > FLAT) {
        f[l] = (float) (1.0 / range);
        f[ecg + l] = f[l];
      }
    }
    return f;
  }
}
