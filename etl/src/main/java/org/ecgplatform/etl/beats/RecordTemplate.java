package org.ecgplatform.etl.beats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ecgplatform.common.ConfigException;

/**
 * A record's dominant beat shape: the per-sample median of all its beat windows.
 *
 * <p>It gives a classifier the patient's own reference to compare each beat with. Morphology
 * differs between patients far more than between a patient's normal beats (a bundle branch block
 * widens every QRS), which is what makes inter-patient classification hard; a beat that looks like
 * its record's template is most likely that record's normal beat, however unusual the template.
 *
 * <p>It uses the record's signal only, never its labels, so it is as available when classifying a
 * new record as the record's mean RR interval is. The median (rather than the mean) keeps ectopic
 * beats out of it as long as they are fewer than half of the record's beats.
 *
 * <p>Memory: the median is taken over at most {@link #MAX_WINDOWS} windows ({@link #windowIndexes}:
 * all of them up to that count, else {@link #STRETCHES} stretches of consecutive windows, evenly
 * spaced over the record), so a template costs at most {@code MAX_WINDOWS × window length} floats
 * (8 MB for two leads of 256 samples) however long the record. The ETL and the annotation job share
 * the rule; the cap is above the beat count of every MIT-BIH Arrhythmia record (the most: 3,363
 * beats, record 215), so the templates of its 30-minute records, the datasets built from them and
 * the models trained on them do not depend on it. A 24-hour Holter (~100,000 beats) gets the median
 * of 16 stretches of 256 beats (about 3.5 minutes each) spread over the day: consecutive runs
 * rather than every n-th beat, so that a chunked job cleans only those stretches of the signal to
 * cut them.
 */
public final class RecordTemplate {
  /** The key of {@link Beats}. */
  public static final String BEATS_KEY = "etl.leads.record-template-beats";
  /** {@link Beats#NOT_PREMATURE} keeps a beat whose RR interval before it is at least this share of the record's mean RR. */
  public static final double NOT_PREMATURE_RATIO = 0.9;
  /** {@link Beats#NOT_PREMATURE} takes every chosen window when fewer than this many pass its rule. */
  public static final int MIN_NOT_PREMATURE = 32;

  /**
   * Which of the chosen windows ({@link #windowIndexes}) a template is the median of ({@value
   * #BEATS_KEY}).
   */
  public enum Beats {
    /** All of them: the record's dominant beat, whatever its rhythm. */
    ALL,
    /**
     * The windows of the beats that are not premature against the record's rhythm: the RR interval
     * before the beat at least {@link #NOT_PREMATURE_RATIO} of the record's mean RR (for the first
     * beat, the interval after it; as in {@link RrFeatures}); all of them when fewer than {@link
     * #MIN_NOT_PREMATURE} pass. Where premature beats are the majority (a record whose dominant
     * rhythm is atrial or ventricular ectopy, or bigeminy), the template is then the shape of the
     * beats that come on time rather than of the ectopic ones; elsewhere it is much the same.
     */
    NOT_PREMATURE;

    /** The configuration value: {@code all}, {@code not-premature}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The rule named by a configuration value. */
    public static Beats of(String value) {
      for (Beats b : values()) {
        if (b.configName().equals(value)) {
          return b;
        }
      }
      throw ConfigException.invalid(BEATS_KEY, value, "all or not-premature");
    }
  }

  /** Most windows a template is the median of. */
  public static final int MAX_WINDOWS = 4096;
  /** Stretches of consecutive windows a template is taken from when a record has more than {@link #MAX_WINDOWS}. */
  public static final int STRETCHES = 16;
  private static final int STRETCH = MAX_WINDOWS / STRETCHES;

  private RecordTemplate() {}

  /**
   * Which of a record's {@code windows} beat windows (in time order) its template is built from:
   * {@code 0 .. windows - 1} when {@code windows <= MAX_WINDOWS}; else {@link #STRETCHES} runs of
   * {@code MAX_WINDOWS / STRETCHES} consecutive windows, run {@code g} starting at {@code floor(g ·
   * (windows - run) / (STRETCHES - 1))}: the first run starts with the first window, the last ends
   * with the last, and they never overlap.
   */
  public static int[] windowIndexes(int windows) {
    if (windows < 0) {
      throw new IllegalArgumentException("Cannot choose template windows among " + windows);
    }
    if (windows <= MAX_WINDOWS) {
      int[] all = new int[windows];
      for (int k = 0; k < windows; k++) {
        all[k] = k;
      }
      return all;
    }
    int[] idx = new int[MAX_WINDOWS];
    for (int g = 0; g < STRETCHES; g++) {
      int start = (int) ((long) g * (windows - STRETCH) / (STRETCHES - 1));
      for (int j = 0; j < STRETCH; j++) {
        idx[g * STRETCH + j] = start + j;
      }
    }
    return idx;
  }

  /**
   * Of the {@code chosen} indexes of a record's beats, those {@code rule} keeps.
   *
   * @param prevOverMean each beat's RR interval before it over the record's mean RR (index as in
   *     {@code chosen}); NaN counts as premature
   */
  public static int[] select(int[] chosen, Beats rule, double[] prevOverMean) {
    if (rule == Beats.ALL) {
      return chosen;
    }
    int[] kept = Arrays.stream(chosen).filter(i -> prevOverMean[i] >= NOT_PREMATURE_RATIO).toArray();
    return kept.length < MIN_NOT_PREMATURE ? chosen : kept;
  }

  /**
   * Each beat's RR interval before it over the record's mean RR ({@code (last - first) / (n - 1)}),
   * from the beats' sample positions in time order; for the first beat, the interval after it. NaN
   * for a record of fewer than two beats.
   */
  public static double[] prevOverMean(long[] samples) {
    int n = samples.length;
    double[] out = new double[n];
    if (n < 2) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    double mean = (double) (samples[n - 1] - samples[0]) / (n - 1);
    for (int i = 0; i < n; i++) {
      out[i] = (i == 0 ? samples[1] - samples[0] : samples[i] - samples[i - 1]) / mean;
    }
    return out;
  }

  /** {@link #median(List, Beats)} of every beat. */
  public static float[] median(List<Beat> beats) {
    return median(beats, Beats.ALL);
  }

  /**
   * The median window of {@code beats} (of those {@link #windowIndexes} chooses and {@code rule}
   * keeps, by each beat's {@link RrFeatures}), lead-major like each window.
   *
   * @throws IllegalArgumentException when there is no beat or the windows differ in length
   */
  public static float[] median(List<Beat> beats, Beats rule) {
    double[] ratio = new double[beats.size()];
    for (int i = 0; i < ratio.length; i++) {
      RrFeatures rr = beats.get(i).rr();
      ratio[i] = rr.prevS() / rr.meanS();
    }
    int[] chosen = select(windowIndexes(beats.size()), rule, ratio);
    List<float[]> windows = new ArrayList<>(chosen.length);
    for (int i : chosen) {
      windows.add(beats.get(i).window());
    }
    return medianOfWindows(windows);
  }

  /**
   * The per-sample median of {@code windows}, all of them (the caller chose them, e.g. with {@link
   * #windowIndexes}); their order does not matter.
   *
   * @throws IllegalArgumentException when there is no window or the windows differ in length
   */
  public static float[] medianOfWindows(List<float[]> windows) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("Cannot build a record template: the record has no beat window");
    }
    int length = windows.get(0).length;
    int n = windows.size();
    float[] column = new float[n];
    float[] template = new float[length];
    for (int s = 0; s < length; s++) {
      for (int b = 0; b < n; b++) {
        float[] w = windows.get(b);
        if (w.length != length) {
          throw new IllegalArgumentException(
              "Cannot build a record template: beat " + b + " has " + w.length + " window values, the first " + length);
        }
        column[b] = w[s];
      }
      Arrays.sort(column);
      template[s] = n % 2 == 1 ? column[n / 2] : (column[n / 2 - 1] + column[n / 2]) / 2f;
    }
    return template;
  }

  /** {@code window} followed by {@code template}: the beat's leads, then the template's. */
  public static float[] append(float[] window, float[] template) {
    float[] out = Arrays.copyOf(window, window.length + template.length);
    System.arraycopy(template, 0, out, window.length, template.length);
    return out;
  }
}
