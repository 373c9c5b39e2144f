package org.ecgplatform.training.data;

import java.util.SplittableRandom;

/**
 * Training-time input change of the per-beat model ({@code training.template-swap}): the beat's
 * record-template channels are replaced by copies of its own ECG channels, so that the beat looks
 * exactly like the patient's usual beat and the network has to find its class from its timing (the
 * RR inputs) and its shape alone.
 *
 * <p>The record template tells a network "like this patient's usual beat or not", which is what
 * makes it generalise to new patients; it also hides the ectopic beats of a patient whose ectopic
 * beats are the usual rhythm (MIT-BIH 232, whose atrial premature beats are most of its beats, so
 * that the template is one of them). Swapping the template for a fraction of the training beats
 * shows the network such beats: a premature beat that matches its template is still premature.
 *
 * <p>Windows are lead-major: the first {@code ecgChannels} channels are the ECG leads, the next
 * {@code ecgChannels} their templates, in the same order (the ETL's {@code <lead>:template}
 * channels). The draw per beat comes from a seed, so an epoch's swaps are reproducible.
 */
public final class TemplateSwap {
  private TemplateSwap() {}

  /** A copy of {@code window} whose template channels hold the beat's own ECG channels. */
  public static float[] swapped(float[] window, int ecgChannels, int channels) {
    if (ecgChannels < 1 || channels != 2 * ecgChannels) {
      throw new IllegalArgumentException("Cannot swap the record template: " + channels + " channels of which "
          + ecgChannels + " ECG; a template channel per ECG lead is needed (etl.leads.record-template = true)");
    }
    if (window.length % channels != 0) {
      throw new IllegalArgumentException(
          "Cannot swap the record template: " + window.length + " values is not a multiple of " + channels + " channels");
    }
    int samples = window.length / channels;
    float[] out = window.clone();
    System.arraycopy(window, 0, out, ecgChannels * samples, ecgChannels * samples);
    return out;
  }

  /** Whether the beat batched with {@code seed} is swapped, with probability {@code probability}. */
  public static boolean drawn(double probability, long seed) {
    return probability > 0 && new SplittableRandom(seed).nextDouble() < probability;
  }
}
