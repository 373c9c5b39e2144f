package org.ecgplatform.etl.beats;

import java.util.SplittableRandom;
import org.ecgplatform.common.EcgPlatformException;

/**
 * The single-lead augmentation operations, pure functions returning new arrays. {@link Augmenter}
 * draws their parameters and composes them; they are public for callers that want one operation.
 *
 * <p>Power, for every SNR here, is the window's variance (mean square about its mean), so a DC
 * offset does not count as signal: {@code SNR_dB = 10·log10(P_signal / P_noise)}.
 */
public final class Augmentations {
  private Augmentations() {}

  /** Variance of {@code x} (0 for fewer than one sample). */
  public static double power(float[] x) {
    return power(x, 0, x.length);
  }

  static double power(float[] x, int from, int length) {
    if (length == 0) {
      return 0.0;
    }
    double mean = 0;
    for (int i = from; i < from + length; i++) {
      mean += x[i];
    }
    mean /= length;
    double p = 0;
    for (int i = from; i < from + length; i++) {
      double d = x[i] - mean;
      p += d * d;
    }
    return p / length;
  }

  /** {@code lead} plus white Gaussian noise whose power is {@code power(lead) / 10^(snrDb/10)}. */
  public static float[] withGaussianNoise(float[] lead, double snrDb, SplittableRandom rng) {
    double sigma = Math.sqrt(power(lead) / Math.pow(10, snrDb / 10));
    float[] y = new float[lead.length];
    for (int i = 0; i < lead.length; i++) {
      y[i] = (float) (lead[i] + sigma * rng.nextGaussian());
    }
    return y;
  }

  /**
   * {@code lead} plus the segment {@code noise[offset, offset + lead.length)} with its mean removed,
   * scaled so that the segment's power is {@code power(lead) / 10^(snrDb/10)} exactly (the way the
   * Noise Stress Test Database itself was made; G. B. Moody, W. K. Muldrow, R. G. Mark, "A noise
   * stress test for arrhythmia detectors", Computers in Cardiology 11:381-384, 1984).
   */
  public static float[] withNoise(float[] lead, float[] noise, int offset, double snrDb) {
    if (offset < 0 || offset + lead.length > noise.length) {
      throw new EcgPlatformException(
          "Cannot add noise: segment [" + offset + ", " + (offset + lead.length) + ") outside the noise signal of "
              + noise.length + " samples (draw the offset in 0.." + (noise.length - lead.length) + ")");
    }
    double noisePower = power(noise, offset, lead.length);
    float[] y = lead.clone();
    if (noisePower == 0) {
      return y;
    }
    double mean = 0;
    for (int i = 0; i < lead.length; i++) {
      mean += noise[offset + i];
    }
    mean /= lead.length;
    double gain = Math.sqrt(power(lead) / Math.pow(10, snrDb / 10) / noisePower);
    for (int i = 0; i < lead.length; i++) {
      y[i] = (float) (lead[i] + gain * (noise[offset + i] - mean));
    }
    return y;
  }

  /**
   * {@code lead} moved by {@code shift} samples (positive: later), re-padded at the edge it leaves
   * with copies of the nearest kept sample: {@code y[i] = lead[clamp(i - shift)]}. The fiducial point
   * then sits at {@code samplesBefore + shift}, which is the point of the augmentation: the model
   * must tolerate fiducial jitter of that size.
   */
  public static float[] shifted(float[] lead, int shift) {
    int n = lead.length;
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = lead[Math.min(n - 1, Math.max(0, i - shift))];
    }
    return y;
  }

  /** {@code lead × factor}. */
  public static float[] scaled(float[] lead, double factor) {
    float[] y = new float[lead.length];
    for (int i = 0; i < lead.length; i++) {
      y[i] = (float) (lead[i] * factor);
    }
    return y;
  }

  /** {@code lead + amplitude·sin(2π·freqHz·i/fsHz + phaseRad)}: synthetic respiratory baseline wander. */
  public static float[] withBaselineWander(float[] lead, double fsHz, double amplitude, double freqHz,
      double phaseRad) {
    float[] y = new float[lead.length];
    for (int i = 0; i < lead.length; i++) {
      y[i] = (float) (lead[i] + amplitude * Math.sin(2 * Math.PI * freqHz * i / fsHz + phaseRad));
    }
    return y;
  }
}
