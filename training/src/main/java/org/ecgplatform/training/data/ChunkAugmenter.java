package org.ecgplatform.training.data;

import java.util.SplittableRandom;
import org.ecgplatform.common.ConfigException;

/**
 * Training-time augmentation of a whole {@link Chunk}: each operation, when drawn, is applied to
 * every beat of the chunk consistently — one signal-to-noise ratio, one gain, one baseline-wander
 * sinusoid continuous in record time — so the sequence stays a plausible stretch of one recording.
 * Only the ECG channels change; record-template channels (the last {@code templateChannels} of each
 * window) are left alone, as in the ETL. The chunk itself is never modified: new windows are
 * returned. Draws come from a seed, so an epoch's augmentation is reproducible.
 *
 * <p>Operations: additive white Gaussian noise at an SNR drawn from {@code snrDb} (relative to the
 * chunk's RMS per lead); amplitude scaling by a gain drawn from {@code scaleRange}; baseline wander
 * {@code A·sin(2πft + φ)} with {@code A ≤ wanderMaxMv}, {@code f} from {@code wanderHz}.
 *
 * @param enabled false: chunks are used as recorded
 * @param gaussianProbability chance of noise per chunk
 * @param snrDb noise SNR range [low, high], dB
 * @param scaleProbability chance of scaling per chunk
 * @param scaleRange gain range [low, high]
 * @param wanderProbability chance of baseline wander per chunk
 * @param wanderMaxMv largest wander amplitude, mV
 * @param wanderHz wander frequency range [low, high], Hz
 */
public record ChunkAugmenter(
    boolean enabled,
    double gaussianProbability,
    double[] snrDb,
    double scaleProbability,
    double[] scaleRange,
    double wanderProbability,
    double wanderMaxMv,
    double[] wanderHz) implements java.io.Serializable {

  /** Bit of {@link Result#operations()}: Gaussian noise was added. */
  public static final int GAUSSIAN = 1;
  /** Bit of {@link Result#operations()}: the amplitude was scaled. */
  public static final int SCALE = 2;
  /** Bit of {@link Result#operations()}: baseline wander was added. */
  public static final int WANDER = 4;

  public ChunkAugmenter {
    probability("gaussian.probability", gaussianProbability);
    probability("scale.probability", scaleProbability);
    probability("wander.probability", wanderProbability);
    range("gaussian.snr-db", snrDb, Double.NEGATIVE_INFINITY);
    range("scale.range", scaleRange, 0);
    range("wander.hz", wanderHz, 0);
    if (!(wanderMaxMv >= 0)) {
      throw ConfigException.invalid("training.sequence.augment.wander.max-mv", wanderMaxMv, "a number >= 0");
    }
    snrDb = snrDb.clone();
    scaleRange = scaleRange.clone();
    wanderHz = wanderHz.clone();
  }

  /** No augmentation. */
  public static ChunkAugmenter none() {
    return new ChunkAugmenter(false, 0, new double[] {20, 20}, 0, new double[] {1, 1}, 0, 0, new double[] {0.1, 0.1});
  }

  /** Augmented windows of a chunk and the operations applied (a bit set of {@link #GAUSSIAN} ...). */
  public record Result(float[][] windows, int operations) {}

  /**
   * Draws and applies this chunk's operations.
   *
   * @param leads ECG channels at the start of each window (the rest are template channels)
   * @param channels channels per window in all
   * @param samplesBefore window samples before the fiducial point
   * @param fsHz sampling rate of the windows
   */
  public Result apply(Chunk chunk, int leads, int channels, int samplesBefore, int fsHz, long seed) {
    if (!enabled) {
      return new Result(chunk.windows(), 0);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    boolean noise = rnd.nextDouble() < gaussianProbability;
    boolean scale = rnd.nextDouble() < scaleProbability;
    boolean wander = rnd.nextDouble() < wanderProbability;
    if (!noise && !scale && !wander) {
      return new Result(chunk.windows(), 0);
    }
    int n = chunk.length();
    int samples = chunk.windows()[0].length / channels;
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = chunk.windows()[i].clone();
    }
    int ops = 0;
    if (scale) {
      float gain = (float) uniform(rnd, scaleRange);
      for (float[] w : out) {
        for (int j = 0; j < leads * samples; j++) {
          w[j] *= gain;
        }
      }
      ops |= SCALE;
    }
    if (wander) {
      double amp = rnd.nextDouble() * wanderMaxMv;
      double hz = uniform(rnd, wanderHz);
      double phase = rnd.nextDouble() * 2 * Math.PI;
      for (int i = 0; i < n; i++) {
        double t0 = chunk.timeS()[i] - (double) samplesBefore / fsHz;
        for (int j = 0; j < samples; j++) {
          float v = (float) (amp * Math.sin(2 * Math.PI * hz * (t0 + (double) j / fsHz) + phase));
          for (int l = 0; l < leads; l++) {
            out[i][l * samples + j] += v;
          }
        }
      }
      ops |= WANDER;
    }
    if (noise) {
      double snr = uniform(rnd, snrDb);
      for (int l = 0; l < leads; l++) {
        double sum = 0;
        for (float[] w : chunk.windows()) {
          for (int j = l * samples; j < (l + 1) * samples; j++) {
            sum += (double) w[j] * w[j];
          }
        }
        double rms = Math.sqrt(sum / ((double) n * samples));
        double sd = rms / Math.pow(10, snr / 20);
        for (float[] w : out) {
          for (int j = l * samples; j < (l + 1) * samples; j++) {
            w[j] += (float) (gaussian(rnd) * sd);
          }
        }
      }
      ops |= GAUSSIAN;
    }
    return new Result(out, ops);
  }

  private static double uniform(SplittableRandom rnd, double[] range) {
    return range[0] + rnd.nextDouble() * (range[1] - range[0]);
  }

  /** A standard normal draw (Box–Muller; SplittableRandom has no nextGaussian). */
  private static double gaussian(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static void probability(String key, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw ConfigException.invalid("training.sequence.augment." + key, p, "a probability in [0, 1]");
    }
  }

  private static void range(String key, double[] r, double min) {
    if (r == null || r.length != 2 || !(r[0] <= r[1]) || !(r[0] >= min)) {
      throw ConfigException.invalid("training.sequence.augment." + key, r == null ? "null" : java.util.Arrays.toString(r),
          "[low, high] with low <= high" + (min > Double.NEGATIVE_INFINITY ? " and low >= " + min : ""));
    }
  }
}
