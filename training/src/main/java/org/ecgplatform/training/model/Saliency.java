package org.ecgplatform.training.model;

import java.util.List;

/**
 * Which inputs drove a model's decision on one beat, by {@link #method} (see {@link
 * SaliencyMethod}): a value per window sample and per RR input of the explained beat, and a total
 * per beat of the sequence the beat was classified in. Computed by {@link BeatModel#saliency}.
 *
 * <p>Units: {@link SaliencyMethod#INTEGRATED_GRADIENTS} gives attributions in nats of {@code log
 * p(class)}, signed (positive: evidence for the class), that add up over every input of the
 * sequence to {@link #logProbability()} minus {@link #baselineLogProbability()}. {@link
 * SaliencyMethod#GRADIENT} gives derivatives of {@code log p(class)}: per mV for window samples, per
 * training standard deviation for RR inputs; per-beat totals are sums of magnitudes.
 *
 * <p>For the beat-sequence model the explained beat's own output alone is explained (the other
 * beats' outputs are masked out), through every beat of the sequence that feeds it; {@link
 * #beatWindow} and {@link #beatRr} say how much falls on each. For the per-beat model only the
 * explained beat has inputs that matter; the others get zero.
 *
 * @param method how the values were computed
 * @param target index of the explained beat in its sequence
 * @param predictedClass index of the explained class: the one with the highest probability
 * @param probabilities the explained beat's class probabilities, in the model's class order
 * @param baselineLogProbability {@code log p(class)} at the baseline input (integrated gradients), NaN otherwise
 * @param window value per sample of the explained beat's window, [channel][sample]
 * @param rr value per RR input of the explained beat, in {@link #rrFeatures} order
 * @param rrFeatures names of the RR inputs (after the model's RR encoding)
 * @param beatWindow per beat of the sequence: the sum of its window values (integrated gradients),
 *     or of their magnitudes (gradient)
 * @param beatRr per beat of the sequence: the same over its RR inputs
 */
public record Saliency(
    SaliencyMethod method,
    int target,
    int predictedClass,
    float[] probabilities,
    double baselineLogProbability,
    float[][] window,
    float[] rr,
    List<String> rrFeatures,
    float[] beatWindow,
    float[] beatRr) {

  public Saliency {
    rrFeatures = List.copyOf(rrFeatures);
    if (rr.length != rrFeatures.size()) {
      throw new IllegalArgumentException(
          "Cannot build saliency: " + rr.length + " RR values for " + rrFeatures.size() + " features");
    }
    if (target < 0 || target >= beatWindow.length || beatRr.length != beatWindow.length) {
      throw new IllegalArgumentException("Cannot build saliency: target " + target + " outside a sequence of "
          + beatWindow.length + " beats (" + beatRr.length + " RR totals)");
    }
  }

  /** Beats in the sequence the beat was classified in. */
  public int beats() {
    return beatWindow.length;
  }

  /** {@code log p(class)} at the input. */
  public double logProbability() {
    return Math.log(probabilities[predictedClass]);
  }

  /** Window plus RR total of each beat of the sequence (meaningful for integrated gradients, in nats). */
  public float[] beatTotal() {
    float[] out = new float[beatWindow.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = beatWindow[i] + beatRr[i];
    }
    return out;
  }

  /**
   * Share of each beat of the sequence: of the sum of the beats' |window + RR total| for integrated
   * gradients, of the window totals for the gradient (whose window and RR units differ). Sums to 1;
   * all zero when every total is zero.
   */
  public float[] beatShare() {
    float[] total = method == SaliencyMethod.INTEGRATED_GRADIENTS ? beatTotal() : beatWindow;
    double sum = 0;
    for (float t : total) {
      sum += Math.abs(t);
    }
    float[] out = new float[total.length];
    for (int i = 0; i < out.length && sum > 0; i++) {
      out[i] = (float) (Math.abs(total[i]) / sum);
    }
    return out;
  }

  /** Share of the beats other than the explained one ({@link #beatShare}). */
  public float neighbourShare() {
    float[] share = beatShare();
    double sum = 0;
    for (int i = 0; i < share.length; i++) {
      sum += i == target ? 0 : share[i];
    }
    return (float) sum;
  }
}
