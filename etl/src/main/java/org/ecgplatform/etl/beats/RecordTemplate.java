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
