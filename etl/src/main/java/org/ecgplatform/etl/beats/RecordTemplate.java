package org.ecgplatform.etl.beats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * all of them up to that count, else that many evenly spaced by beat index), so a template costs
 * at most {@code MAX_WINDOWS × window length} floats (8 MB for two leads of 256 samples) however
 * long the record. The ETL and the annotation job share the cap; it is above the beat count of
 * every MIT-BIH Arrhythmia record (the most: 3,363 beats, record 215), so the templates of its
 * 30-minute records, the datasets built from them and the models trained on them do not depend on
 * it. A 24-hour Holter (~100,000 beats) gets the median of every ~25th beat.
 */
public final class RecordTemplate {
  /** Most windows a template is the median of. */
  public static final int MAX_WINDOWS = 4096;

  private RecordTemplate() {}

  /**
   * Which of a record's {@code windows} beat windows (in time order) its template is built from:
   * {@code 0 .. windows - 1} when {@code windows <= MAX_WINDOWS}, else {@code floor(k · windows /
   * MAX_WINDOWS)} for {@code k = 0 .. MAX_WINDOWS - 1} (evenly spaced, first window included).
   */
  public static int[] windowIndexes(int windows) {
    if (windows < 0) {
      throw new IllegalArgumentException("Cannot choose template windows among " + windows);
    }
    int n = Math.min(windows, MAX_WINDOWS);
    int[] idx = new int[n];
    for (int k = 0; k < n; k++) {
      idx[k] = (int) ((long) k * windows / n);
    }
    return idx;
  }

  /**
   * The median window of {@code beats} (of those {@link #windowIndexes} chooses), lead-major like
   * each window.
   *
   * @throws IllegalArgumentException when there is no beat or the windows differ in length
   */
  public static float[] median(List<Beat> beats) {
    int[] chosen = windowIndexes(beats.size());
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
