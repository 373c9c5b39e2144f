package org.ecgplatform.etl.synth;

import java.util.SplittableRandom;

/**
 * The sinus RR interval as a function of time, with the heart-rate variability spectrum of
 * McSharry et al. (IEEE TBME 50(3), 2003, section II-A): a bimodal power spectrum, one Gaussian
 * around the Mayer-wave frequency {@code f1 = 0.1 Hz} (LF) and one around the respiratory
 * frequency {@code f2 = 0.25 Hz} (HF), both of standard deviation {@code c = 0.01 Hz}, with power
 * ratio {@code LF/HF}.
 *
 * <p>The paper draws random phases for a sampled spectrum and takes an inverse FFT. Here the same
 * Gaussian process is built as a sum of {@value #COMPONENTS} cosines of random phase whose
 * frequencies are drawn from the spectrum itself (a random-frequency spectral representation):
 * it has the same spectrum, is not periodic, and can be evaluated at any time, which the beat
 * scheduler needs ({@code RR(t)} at the time of each beat). Each component has amplitude
 * {@code σ_RR · sqrt(2 / K)}, so the process has mean {@link #meanRrS} and standard deviation
 * {@code σ_RR}.
 */
final class RrTachogram {
  static final int COMPONENTS = 256;
  static final double LF_HZ = 0.10;
  static final double HF_HZ = 0.25;
  static final double SPECTRAL_WIDTH_HZ = 0.01;
  /** No RR interval is shorter than this fraction of the mean (guards extreme tails). */
  private static final double MIN_RR_FRACTION = 0.5;

  private final double meanRrS;
  private final double[] omega;
  private final double[] phase;
  private final double amplitudeS;

  /**
   * @param meanRrS mean RR interval, seconds
   * @param rrStdS standard deviation of the RR interval, seconds (0: constant RR)
   * @param lfHfRatio power ratio LF / HF
   */
  RrTachogram(double meanRrS, double rrStdS, double lfHfRatio, SplittableRandom random) {
    this.meanRrS = meanRrS;
    this.omega = new double[COMPONENTS];
    this.phase = new double[COMPONENTS];
    double pLf = lfHfRatio / (1 + lfHfRatio);
    for (int k = 0; k < COMPONENTS; k++) {
      double centre = random.nextDouble() < pLf ? LF_HZ : HF_HZ;
      double f = Math.abs(centre + SPECTRAL_WIDTH_HZ * random.nextGaussian());
      omega[k] = 2 * Math.PI * f;
      phase[k] = 2 * Math.PI * random.nextDouble();
    }
    this.amplitudeS = rrStdS * Math.sqrt(2.0 / COMPONENTS);
  }

  double meanRrS() {
    return meanRrS;
  }

  /** Sinus RR interval that starts at time {@code tS}, seconds. */
  double rrAt(double tS) {
    if (amplitudeS == 0) {
      return meanRrS;
    }
    double sum = 0;
    for (int k = 0; k < COMPONENTS; k++) {
      sum += Math.cos(omega[k] * tS + phase[k]);
    }
    return Math.max(MIN_RR_FRACTION * meanRrS, meanRrS + amplitudeS * sum);
  }

  /** RR standard deviation (s) for a heart-rate standard deviation, by first-order propagation of {@code HR = 60 / RR}. */
  static double rrStdForHrStd(double meanHrBpm, double hrStdBpm) {
    return 60.0 * hrStdBpm / (meanHrBpm * meanHrBpm);
  }
}
