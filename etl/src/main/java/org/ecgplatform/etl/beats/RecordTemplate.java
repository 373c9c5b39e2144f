package org.ecgplatform.etl.beats;

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
 */
public final class RecordTemplate {
  private RecordTemplate() {}

  /**
   * The median window of {@code beats}, lead-major like each window.
   *
   * @throws IllegalArgumentException when there is no beat or the windows differ in length
   */
  public static float[] median(List<Beat> beats) {
    if (beats.isEmpty()) {
      throw new IllegalArgumentException("Cannot build a record template: the record has no beat window");
    }
    int length = beats.get(0).window().length;
    int n = beats.size();
    float[] column = new float[n];
    float[] template = new float[length];
    for (int s = 0; s < length; s++) {
      for (int b = 0; b < n; b++) {
        float[] w = beats.get(b).window();
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
