package org.ecgplatform.etl.detect;

import java.util.Arrays;

/**
 * Finds QRS complexes (beats) in one or more leads of an ECG at any sampling rate. Pure Java, no
 * state between calls; instances are immutable and thread-safe.
 *
 * <p>The method is of the Pan–Tompkins family: J. Pan and W. J. Tompkins, "A real-time QRS
 * detection algorithm", IEEE Trans. Biomed. Eng. 32(3):230–236, 1985, with the decision rules as
 * evaluated by P. S. Hamilton and W. J. Tompkins, "Quantitative investigation of QRS detection
 * rules using the MIT/BIH arrhythmia database", IEEE Trans. Biomed. Eng. 33(12):1157–1165, 1986.
 * It departs from them in three ways, all because it runs offline on whole records or chunks:
 * thresholds come from levels measured in windows around each candidate (before and after it),
 * not from running averages; several leads are fused, each weighted by its local beat-to-noise
 * ratio; and a lead whose slope is Gaussian is treated as noise (the kurtosis signal-quality index
 * of Q. Li, R. G. Mark and G. D. Clifford, "Robust heart rate estimation from multiple asynchronous
 * noisy sources using signal quality indices and a Kalman filter", Physiol. Meas. 29:15–32, 2008).
 *
 * <p>Walkthrough of {@link #detect(float[][], double, long)}:
 *
 * <ol>
 *   <li><b>Slope energy per lead</b> ({@link SlopeEnergy}): µV integers; invalid ({@code NaN}) and
 *       flat (stuck, saturated, lead-off) stretches masked; two boxcar smoothers; central
 *       difference; square; moving-window integration. Integer boxcar sums, so every value is an
 *       exact function of a finite window of samples.
 *   <li><b>First pass</b> ({@link Fusion#firstPass}): each lead divided by its typical beat energy
 *       (median of one-second maxima) and weighted by how consistent those maxima are and how
 *       quiet the lead is between them; candidates (local maxima dominating ±0.1 s, {@link
 *       Candidates}) decided with a fixed threshold and the rules of {@link BeatDecider}.
 *   <li><b>Refinement</b>, {@code refinementPasses} times ({@link Fusion#refine}): with the beats of
 *       the previous pass, per lead and ±{@code levelWindowS} window, a beat level (median energy at
 *       the beats) and a noise level (quantile of energy peaks away from beats); leads fused with
 *       weights {@code (beat / noise) ^ leadWeightPower}, Gaussian or too-small leads left out; the
 *       threshold follows the fused noise level: {@code noise + thresholdFraction × (1 - noise)},
 *       as Pan and Tompkins's THRESHOLD I1 = NPKI + 0.25 (SPKI - NPKI) with the signal peak
 *       normalised to 1.
 *   <li><b>Clean-up</b> ({@link BeatDecider#removeSplits}): a much smaller beat that splits an
 *       ordinary RR interval is dropped.
 *   <li><b>Fiducial point</b>: on the primary lead (the first lead that is valid and used there), within
 *       ±{@code fiducialWindowS} of the energy peak, the first local extremum (from the window's
 *       mean) that reaches {@code fiducialFraction} of the largest one: the R peak of ordinary
 *       beats, the first major deflection of wide ones, which is where the MIT-BIH annotators put
 *       their labels.
 * </ol>
 *
 * <p><b>Chunks.</b> Every step depends on a finite neighbourhood: the filters on ±{@code
 * integrationS/2 + lowPassS + slopeLagS}; the levels on one-second blocks aligned to absolute sample
 * numbers ({@code firstSample}) within ±{@code levelWindowS}; the decisions on the last beat and the
 * last eight RR intervals. A chunk therefore yields the whole record's beats except near its ends;
 * {@link QrsChunks} documents the margin that makes them equal and merges chunks.
 *
 * <p><b>Cost.</b> Linear in samples × leads; memory about 40 bytes per sample per lead while a call
 * runs. Process long records (Holter) in chunks.
 */
public final class QrsDetector {
  /** Sampling rates accepted, Hz. */
  public static final double MIN_FS_HZ = 50;
  public static final double MAX_FS_HZ = 20_000;
  /** Floor of the fused signal below which nothing is a candidate (a typical beat is 1). */
  static final double CANDIDATE_FLOOR = 0.02;
  /** Standard deviation of the Gaussian R wave that defines {@code minQrsMv}, s. */
  static final double REFERENCE_R_WAVE_SIGMA_S = 0.012;

  private final QrsDetectorConfig config;

  public QrsDetector(QrsDetectorConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("Cannot create a QRS detector without a config (use QrsDetectorConfig.defaults())");
    }
    this.config = config;
  }

  /** A detector with {@link QrsDetectorConfig#defaults()}. */
  public QrsDetector() {
    this(QrsDetectorConfig.defaults());
  }

  public QrsDetectorConfig config() {
    return config;
  }

  /**
   * Beats of leads that start at sample 0.
   *
   * @return fiducial sample indexes into the arrays, ascending
   * @see #detect(float[][], double, long)
   */
  public int[] detect(float[][] leads, double fsHz) {
    long[] abs = detect(leads, fsHz, 0L);
    int[] out = new int[abs.length];
    for (int i = 0; i < abs.length; i++) {
      out[i] = (int) abs[i];
    }
    return out;
  }

  /**
   * Beats of a stretch of a record.
   *
   * @param leads {@code [lead][sample]} in mV (physical units), all of one length; {@code NaN} marks
   *     invalid samples
   * @param fsHz sampling frequency, Hz
   * @param firstSample the record's sample number of {@code leads[*][0]} (0 for a whole record;
   *     the chunk's start for a chunk), so that block statistics align across chunks
   * @return fiducial sample numbers of the record ({@code firstSample + index}), ascending, distinct
   * @throws IllegalArgumentException for no leads, leads of different lengths, a sampling rate out
   *     of range or a negative first sample
   */
  public long[] detect(float[][] leads, double fsHz, long firstSample) {
    int n = checkInput(leads, fsHz, firstSample);
    if (n == 0) {
      return new long[0];
    }
    Blocks blocks = new Blocks(firstSample, n, Math.max(1, (int) Math.round(Fusion.BLOCK_S * fsHz)));
    SlopeEnergy.Widths widths = SlopeEnergy.Widths.of(config, fsHz);
    SlopeEnergy[] energies = new SlopeEnergy[leads.length];
    for (int l = 0; l < leads.length; l++) {
      energies[l] = SlopeEnergy.of(leads[l], widths, blocks);
    }
    double minBeatEnergy = minBeatEnergy(widths, fsHz);
    BeatDecider decider = new BeatDecider(config, fsHz);

    double[] g = Fusion.firstPass(energies, blocks, fsHz, minBeatEnergy);
    int[] beats = decider.decide(Candidates.find(g, fsHz, CANDIDATE_FLOOR), g, null);
    double[] noise = new double[n];
    double[][] weights = null;
    for (int pass = 0; pass < config.refinementPasses(); pass++) {
      weights = new double[leads.length][blocks.count()];
      g = Fusion.refine(energies, beats, blocks, fsHz, config, minBeatEnergy, noise, weights);
      beats = decider.decide(Candidates.find(g, fsHz, CANDIDATE_FLOOR), g, noise);
    }
    beats = BeatDecider.removeSplits(beats, g);

    long[] out = new long[beats.length];
    for (int k = 0; k < beats.length; k++) {
      out[k] = firstSample + fiducial(leads, energies, weights, blocks, beats[k], fsHz);
    }
    Arrays.sort(out);
    return distinct(out);
  }

  private static int checkInput(float[][] leads, double fsHz, long firstSample) {
    if (leads == null || leads.length == 0) {
      throw new IllegalArgumentException("Cannot detect QRS complexes: no leads given (pass at least one lead)");
    }
    for (int l = 0; l < leads.length; l++) {
      if (leads[l] == null) {
        throw new IllegalArgumentException("Cannot detect QRS complexes: lead " + l + " is null");
      }
      if (leads[l].length != leads[0].length) {
        throw new IllegalArgumentException("Cannot detect QRS complexes: lead " + l + " has " + leads[l].length
            + " samples but lead 0 has " + leads[0].length + " (all leads must cover the same samples)");
      }
    }
    if (!(fsHz >= MIN_FS_HZ && fsHz <= MAX_FS_HZ)) {
      throw new IllegalArgumentException("Cannot detect QRS complexes at a sampling frequency of " + fsHz
          + " Hz (supported: " + MIN_FS_HZ + " to " + MAX_FS_HZ + " Hz)");
    }
    if (firstSample < 0) {
      throw new IllegalArgumentException("Cannot detect QRS complexes from sample " + firstSample
          + " (sample numbers are >= 0)");
    }
    return leads[0].length;
  }

  /**
   * The slope energy at the peak of a Gaussian R wave of amplitude {@code minQrsMv} (standard
   * deviation {@value #REFERENCE_R_WAVE_SIGMA_S} s): a lead whose typical beat is below it is
   * treated as carrying no beats, so a flat line with a few digitisation steps stays silent.
   */
  private double minBeatEnergy(SlopeEnergy.Widths widths, double fsHz) {
    if (config.minQrsMv() == 0) {
      return 0.0;
    }
    int half = (int) Math.round(0.5 * fsHz);
    float[] pulse = new float[2 * half + 1];
    double sigma = REFERENCE_R_WAVE_SIGMA_S * fsHz;
    for (int i = 0; i < pulse.length; i++) {
      double t = (i - half) / sigma;
      pulse[i] = (float) (config.minQrsMv() * Math.exp(-0.5 * t * t));
    }
    double[] e = SlopeEnergy.of(pulse, widths, new Blocks(0, pulse.length, pulse.length)).energy();
    return Fusion.max(e, 0, e.length - 1);
  }

  /**
   * See step 5 of the class comment. The primary lead is the first one that is neither blanked at
   * the beat nor left out of the fusion there (weight 0: Gaussian, silent or without beats).
   */
  private int fiducial(float[][] leads, SlopeEnergy[] energies, double[][] weights, Blocks blocks, int c,
      double fsHz) {
    int block = blocks.of(c);
    int lead = 0;
    while (lead < leads.length
        && (energies[lead].blanked(c) || (weights != null && weights[lead][block] == 0))) {
      lead++;
    }
    if (lead == leads.length) {
      return c;
    }
    float[] x = leads[lead];
    int half = (int) Math.round(config.fiducialWindowS() * fsHz);
    int lo = Math.max(0, c - half);
    int hi = Math.min(x.length - 1, c + half);
    double sum = 0;
    int count = 0;
    for (int j = lo; j <= hi; j++) {
      if (Float.isFinite(x[j])) {
        sum += x[j];
        count++;
      }
    }
    if (count == 0) {
      return c;
    }
    double base = sum / count;
    int largest = c;
    double largestDev = -1;
    for (int j = lo; j <= hi; j++) {
      double dev = Math.abs(x[j] - base);
      if (Float.isFinite(x[j]) && dev > largestDev) {
        largestDev = dev;
        largest = j;
      }
    }
    for (int j = lo + 1; j < hi; j++) {
      double dev = Math.abs(x[j] - base);
      if (dev >= config.fiducialFraction() * largestDev
          && dev >= Math.abs(x[j - 1] - base)
          && dev >= Math.abs(x[j + 1] - base)) {
        return j;
      }
    }
    return largest;
  }

  private static long[] distinct(long[] sorted) {
    int count = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[count++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, count);
  }
}
