package org.ecgplatform.training.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Z-score normalisation of the model inputs, with statistics computed on the training split only:
 * one mean and standard deviation per lead (over every window sample of that lead) and one per RR
 * feature. Stored in {@link ModelMetadata} and applied identically in training and evaluation.
 *
 * <p>A standard deviation below {@link #MIN_STD} (a constant lead or feature) is replaced by 1 so
 * that the feature is only centred.
 *
 * <p>RR features arrive as the dataset's columns (seconds) and are first encoded with
 * {@link #rrEncoding()}; the RR statistics are those of the encoded vector.
 *
 * @param leadMean mean of each lead's samples
 * @param leadStd standard deviation of each lead's samples
 * @param rrMean mean of each RR feature, in the dataset's {@code rrFeatures} order
 * @param rrStd standard deviation of each RR feature
 * @param count training beats the statistics were computed on
 * @param rrEncoding how the dataset's RR columns become the network's RR input (absent in models
 *     written before it existed: {@link RrEncoding#SECONDS})
 * @param windowCut where each window ends before the next beat, applied before the statistics and
 *     before normalising (absent in models written before it existed: {@link WindowCut#OFF})
 * @param atrialMatch a further input computed from each beat's window and appended to its encoded RR
 *     features (absent in models written before it existed: {@link AtrialMatch#OFF})
 * @param recordAmplitude each window's channels divided by its record template's amplitude, applied
 *     before the statistics and before normalising (absent in models written before it existed:
 *     {@link RecordAmplitude#OFF})
 */
public record Normalizer(
    double[] leadMean, double[] leadStd, double[] rrMean, double[] rrStd, long count, RrEncoding rrEncoding,
    WindowCut windowCut, AtrialMatch atrialMatch, RecordAmplitude recordAmplitude)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Smallest standard deviation divided by; anything smaller is treated as 1. */
  public static final double MIN_STD = 1e-6;

  public Normalizer {
    if (leadMean.length != leadStd.length || rrMean.length != rrStd.length) {
      throw new IllegalArgumentException("Cannot build normaliser: mean and std lengths differ");
    }
    leadMean = leadMean.clone();
    leadStd = leadStd.clone();
    rrMean = rrMean.clone();
    rrStd = rrStd.clone();
    rrEncoding = rrEncoding == null ? RrEncoding.SECONDS : rrEncoding;
    windowCut = windowCut == null ? WindowCut.OFF : windowCut;
    atrialMatch = atrialMatch == null ? AtrialMatch.OFF : atrialMatch;
    recordAmplitude = recordAmplitude == null ? RecordAmplitude.OFF : recordAmplitude;
  }

  /** Statistics of windows at their recorded amplitude. */
  public Normalizer(
      double[] leadMean, double[] leadStd, double[] rrMean, double[] rrStd, long count, RrEncoding rrEncoding,
      WindowCut windowCut, AtrialMatch atrialMatch) {
    this(leadMean, leadStd, rrMean, rrStd, count, rrEncoding, windowCut, atrialMatch, RecordAmplitude.OFF);
  }

  /** Statistics without inputs computed from the window. */
  public Normalizer(
      double[] leadMean, double[] leadStd, double[] rrMean, double[] rrStd, long count, RrEncoding rrEncoding,
      WindowCut windowCut) {
    this(leadMean, leadStd, rrMean, rrStd, count, rrEncoding, windowCut, AtrialMatch.OFF);
  }

  /** Statistics of windows used as they are. */
  public Normalizer(double[] leadMean, double[] leadStd, double[] rrMean, double[] rrStd, long count, RrEncoding rrEncoding) {
    this(leadMean, leadStd, rrMean, rrStd, count, rrEncoding, WindowCut.OFF);
  }

  /** Statistics of RR features used as they are ({@link RrEncoding#SECONDS}). */
  public Normalizer(double[] leadMean, double[] leadStd, double[] rrMean, double[] rrStd, long count) {
    this(leadMean, leadStd, rrMean, rrStd, count, RrEncoding.SECONDS);
  }

  /** The identity (mean 0, std 1), for tests. */
  public static Normalizer identity(int leadCount, int rrFeatureCount) {
    double[] zl = new double[leadCount];
    double[] ol = new double[leadCount];
    double[] zr = new double[rrFeatureCount];
    double[] or = new double[rrFeatureCount];
    Arrays.fill(ol, 1);
    Arrays.fill(or, 1);
    return new Normalizer(zl, ol, zr, or, 0, RrEncoding.SECONDS);
  }

  public int leadCount() {
    return leadMean.length;
  }

  /**
   * Scales ({@link #recordAmplitude()}), cuts ({@link #windowCut()}) and normalises one beat's
   * lead-major window into {@code out} starting at {@code offset}.
   *
   * @param rrColumns the beat's raw RR columns, which place the next beat for the cut
   */
  public void normalizeWindow(float[] window, float[] rrColumns, float[] out, int offset) {
    int leads = leadMean.length;
    int samples = window.length / leads;
    if (samples * leads != window.length) {
      throw new IllegalArgumentException(
          "Cannot normalise window: " + window.length + " values is not a multiple of " + leads + " leads");
    }
    // Cut while normalising (no copy of the window): from the cut on, each channel holds the
    // normalised value just before it, as WindowCut.apply would give.
    int cut = windowCut.cutIndex(samples, rrColumns);
    float[] scale = recordAmplitude.enabled() ? recordAmplitude.factors(window, leads) : null;
    for (int l = 0; l < leads; l++) {
      float mean = (float) leadMean[l];
      float inv = (float) (1.0 / safe(leadStd[l]));
      int base = l * samples;
      // A factor of 1 leaves every float as it is, so unscaled windows normalise as before.
      float f = scale == null ? 1f : scale[l];
      for (int i = 0; i < cut; i++) {
        out[offset + base + i] = (window[base + i] * f - mean) * inv;
      }
      if (cut < samples) {
        Arrays.fill(out, offset + base + cut, offset + base + samples, out[offset + base + cut - 1]);
      }
    }
  }

  /**
   * Encodes ({@link #rrEncoding()}) and normalises one beat's RR columns into {@code out} starting at
   * {@code offset}; {@code rrMean().length} values are written. Only for a normaliser without inputs
   * computed from the window ({@link #atrialMatch()} off).
   */
  public void normalizeRr(float[] columns, float[] out, int offset) {
    normalizeRr(null, columns, out, offset);
  }

  /**
   * The beat's RR input before normalisation: its RR columns encoded ({@link #rrEncoding()}), then
   * the {@link #atrialMatch()} of its raw window when enabled.
   *
   * @param window the beat's raw lead-major window; may be null when {@link #atrialMatch()} is off
   */
  public float[] encodeRr(float[] window, float[] columns) {
    return encode(rrEncoding, atrialMatch, window, columns);
  }

  /** Names of the values {@link #encodeRr} gives, for the dataset's RR {@code columns}. */
  public List<String> rrFeatureNames(List<String> columns) {
    List<String> names = new ArrayList<>(rrEncoding.featureNames(columns));
    if (atrialMatch.enabled()) {
      names.add(AtrialMatch.FEATURE);
    }
    return names;
  }

  private static float[] encode(RrEncoding encoding, AtrialMatch atrial, float[] window, float[] columns) {
    float[] rr = encoding.encode(columns);
    if (!atrial.enabled()) {
      return rr;
    }
    if (window == null) {
      throw new IllegalArgumentException("Cannot encode RR features: the model's atrial-match input needs the beat's window");
    }
    float[] out = Arrays.copyOf(rr, rr.length + 1);
    out[rr.length] = atrial.value(window);
    return out;
  }

  /**
   * Encodes ({@link #encodeRr}) and normalises one beat's RR input into {@code out} starting at
   * {@code offset}; {@code rrMean().length} values are written.
   *
   * @param window the beat's raw lead-major window (before the cut); may be null when
   *     {@link #atrialMatch()} is off
   */
  public void normalizeRr(float[] window, float[] columns, float[] out, int offset) {
    float[] rr = encodeRr(window, columns);
    if (rr.length != rrMean.length) {
      throw new IllegalArgumentException(
          "Cannot normalise RR features: " + rr.length + " values after " + rrEncoding + " encoding"
              + (atrialMatch.enabled() ? " and the atrial match" : "") + ", expected " + rrMean.length);
    }
    for (int i = 0; i < rr.length; i++) {
      out[offset + i] = (float) ((rr[i] - rrMean[i]) / safe(rrStd[i]));
    }
  }

  private static double safe(double std) {
    return std < MIN_STD ? 1.0 : std;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalizer n
        && Arrays.equals(leadMean, n.leadMean) && Arrays.equals(leadStd, n.leadStd)
        && Arrays.equals(rrMean, n.rrMean) && Arrays.equals(rrStd, n.rrStd) && count == n.count
        && rrEncoding == n.rrEncoding && windowCut.equals(n.windowCut) && atrialMatch.equals(n.atrialMatch)
        && recordAmplitude.equals(n.recordAmplitude);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(leadMean) * 31 + Arrays.hashCode(rrMean) + Long.hashCode(count);
  }

  @Override
  public String toString() {
    return "Normalizer[leadMean=" + Arrays.toString(leadMean) + ", leadStd=" + Arrays.toString(leadStd)
        + ", rrMean=" + Arrays.toString(rrMean) + ", rrStd=" + Arrays.toString(rrStd) + ", count=" + count + ", rrEncoding=" + rrEncoding
        + ", windowCut=" + windowCut + ", atrialMatch=" + atrialMatch + ", recordAmplitude=" + recordAmplitude + "]";
  }

  /**
   * Sums for the statistics; mergeable, so Spark can aggregate partitions ({@code add} per beat,
   * {@code merge} across partitions, {@code finish} on the driver). Sums are in double precision,
   * which is exact enough for the 10⁸ samples of a full MIT-BIH training split.
   */
  public static final class Accumulator implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] leadSum;
    private final double[] leadSumSq;
    private final double[] rrSum;
    private final double[] rrSumSq;
    private final RrEncoding encoding;
    private final WindowCut cut;
    private final AtrialMatch atrial;
    private final RecordAmplitude amplitude;
    private long beats;
    private long samplesPerLead;

    /** Statistics of {@code rrFeatureCount} RR features used as they are. */
    public Accumulator(int leadCount, int rrFeatureCount) {
      this(leadCount, rrFeatureCount, RrEncoding.SECONDS);
    }

    /**
     * @param rrColumns RR columns per beat as given to {@link #add}
     * @param encoding applied to each beat's RR columns before they are summed
     */
    public Accumulator(int leadCount, int rrColumns, RrEncoding encoding) {
      this(leadCount, rrColumns, encoding, WindowCut.OFF);
    }

    /**
     * @param cut applied to each beat's window before it is summed, and stored in the normaliser
     */
    public Accumulator(int leadCount, int rrColumns, RrEncoding encoding, WindowCut cut) {
      this(leadCount, rrColumns, encoding, cut, AtrialMatch.OFF);
    }

    /**
     * @param atrial computed from each beat's raw window, appended to its encoded RR columns and
     *     summed with them; stored in the normaliser
     */
    public Accumulator(int leadCount, int rrColumns, RrEncoding encoding, WindowCut cut, AtrialMatch atrial) {
      this(leadCount, rrColumns, encoding, cut, atrial, RecordAmplitude.OFF);
    }

    /**
     * @param amplitude applied to each beat's raw window before the cut and the sums, and stored in
     *     the normaliser
     */
    public Accumulator(
        int leadCount, int rrColumns, RrEncoding encoding, WindowCut cut, AtrialMatch atrial, RecordAmplitude amplitude) {
      this.amplitude = amplitude;
      this.encoding = encoding;
      this.cut = cut;
      this.atrial = atrial;
      int rrFeatureCount = encoding.width(rrColumns) + atrial.width();
      leadSum = new double[leadCount];
      leadSumSq = new double[leadCount];
      rrSum = new double[rrFeatureCount];
      rrSumSq = new double[rrFeatureCount];
    }

    public Accumulator add(float[] window, float[] rrColumns) {
      float[] rr = encode(encoding, atrial, window, rrColumns);
      int leads = leadSum.length;
      int samples = window.length / leads;
      float[] scale = amplitude.factors(window, leads);
      window = cut.apply(window, leads, rrColumns);
      for (int l = 0; l < leads; l++) {
        double s = 0;
        double ss = 0;
        float f = scale[l];
        for (int i = l * samples, end = i + samples; i < end; i++) {
          float v = window[i] * f;
          s += v;
          ss += (double) v * v;
        }
        leadSum[l] += s;
        leadSumSq[l] += ss;
      }
      for (int i = 0; i < rrSum.length; i++) {
        rrSum[i] += rr[i];
        rrSumSq[i] += (double) rr[i] * rr[i];
      }
      beats++;
      samplesPerLead += samples;
      return this;
    }

    public Accumulator merge(Accumulator o) {
      for (int i = 0; i < leadSum.length; i++) {
        leadSum[i] += o.leadSum[i];
        leadSumSq[i] += o.leadSumSq[i];
      }
      for (int i = 0; i < rrSum.length; i++) {
        rrSum[i] += o.rrSum[i];
        rrSumSq[i] += o.rrSumSq[i];
      }
      beats += o.beats;
      samplesPerLead += o.samplesPerLead;
      return this;
    }

    public long beats() {
      return beats;
    }

    public Normalizer finish() {
      if (beats == 0) {
        throw new IllegalStateException("Cannot compute normalisation statistics: no training beats");
      }
      double[] lm = new double[leadSum.length];
      double[] ls = new double[leadSum.length];
      for (int i = 0; i < lm.length; i++) {
        lm[i] = leadSum[i] / samplesPerLead;
        ls[i] = Math.sqrt(Math.max(0, leadSumSq[i] / samplesPerLead - lm[i] * lm[i]));
      }
      double[] rm = new double[rrSum.length];
      double[] rs = new double[rrSum.length];
      for (int i = 0; i < rm.length; i++) {
        rm[i] = rrSum[i] / beats;
        rs[i] = Math.sqrt(Math.max(0, rrSumSq[i] / beats - rm[i] * rm[i]));
      }
      return new Normalizer(lm, ls, rm, rs, beats, encoding, cut, atrial, amplitude);
    }
  }
}
