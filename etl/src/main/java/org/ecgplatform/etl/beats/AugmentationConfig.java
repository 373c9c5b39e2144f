package org.ecgplatform.etl.beats;

import java.util.EnumMap;
import java.util.Map;
import org.ecgplatform.common.ConfigException;

/**
 * What {@link Augmenter} does to training beats. Immutable; validated on construction.
 *
 * <p>Each augmented copy applies every operation whose probability is drawn (and, if none was, one
 * enabled operation chosen uniformly), in the order shift → scale → wander → Gaussian noise → stress
 * noise. An operation with probability 0 is off.
 *
 * <p>Defaults ({@link #defaults()}): seed 42; oversampling N×1, S×4, V×1, F×4, Q×1; Gaussian noise
 * p = 0.5 at 15..30 dB; NSTDB noise p = 0.5 at 6..24 dB; shift p = 0.5 up to ±5 samples (±14 ms at
 * 360 Hz); scaling p = 0.5 by 0.85..1.15; baseline wander p = 0.3 up to 0.2 mV at 0.1..0.5 Hz.
 *
 * @param seed root seed; per-beat seeds derive from it, the record and the beat's sample
 * @param oversampling factor per class: a beat of class c yields {@code factor(c) - 1} augmented
 *     copies (the caller keeps the original); classes missing from the map have factor 1
 * @param gaussian white Gaussian noise at an SNR drawn uniformly in [minSnrDb, maxSnrDb]
 * @param noiseStress real noise (NSTDB bw, em, ma) at an SNR drawn uniformly in [minSnrDb, maxSnrDb]
 * @param shift time shift by a whole number of samples drawn uniformly in [-maxSamples, maxSamples]
 * @param scale amplitude factor drawn uniformly in [min, max]
 * @param wander sinusoidal baseline wander, amplitude uniform in [0, maxAmplitude] (signal units),
 *     frequency uniform in [minHz, maxHz], random phase
 */
public record AugmentationConfig(
    long seed,
    Map<AamiClass, Integer> oversampling,
    Noise gaussian,
    Noise noiseStress,
    Shift shift,
    Scale scale,
    Wander wander) implements java.io.Serializable {

  /** Additive noise at a random SNR. */
  public record Noise(double probability, double minSnrDb, double maxSnrDb) implements java.io.Serializable {
    public Noise {
      checkProbability("etl.augment.gaussian|nstdb.probability", probability);
      if (!(minSnrDb <= maxSnrDb) || Double.isInfinite(minSnrDb) || Double.isInfinite(maxSnrDb)) {
        throw ConfigException.invalid("etl.augment.gaussian|nstdb.snr-db", "[" + minSnrDb + ", " + maxSnrDb + "]", "[low, high], finite, low <= high");
      }
    }
  }

  /** Time shift. */
  public record Shift(double probability, int maxSamples) implements java.io.Serializable {
    public Shift {
      checkProbability("etl.augment.shift.probability", probability);
      if (maxSamples < 0) {
        throw ConfigException.invalid("etl.augment.shift.max-s", maxSamples + " samples", "a duration >= 0");
      }
    }
  }

  /** Amplitude scaling. */
  public record Scale(double probability, double min, double max) implements java.io.Serializable {
    public Scale {
      checkProbability("etl.augment.scale.probability", probability);
      if (!(min > 0 && min <= max)) {
        throw ConfigException.invalid("etl.augment.scale.range", "[" + min + ", " + max + "]", "[low, high] with 0 < low <= high");
      }
    }
  }

  /** Sinusoidal baseline wander. */
  public record Wander(double probability, double maxAmplitude, double minHz, double maxHz) implements java.io.Serializable {
    public Wander {
      checkProbability("etl.augment.wander.probability", probability);
      if (!(maxAmplitude >= 0)) {
        throw ConfigException.invalid("etl.augment.wander.max-mv", maxAmplitude, "an amplitude >= 0");
      }
      if (!(minHz > 0 && minHz <= maxHz)) {
        throw ConfigException.invalid("etl.augment.wander.hz", "[" + minHz + ", " + maxHz + "]", "[low, high] with 0 < low <= high");
      }
    }
  }

  public AugmentationConfig {
    if (oversampling == null || gaussian == null || noiseStress == null || shift == null || scale == null
        || wander == null) {
      throw ConfigException.invalid("augment", "null", "every part of the augmentation config");
    }
    EnumMap<AamiClass, Integer> copy = new EnumMap<>(AamiClass.class);
    for (Map.Entry<AamiClass, Integer> e : oversampling.entrySet()) {
      if (e.getValue() == null || e.getValue() < 1 || e.getValue() > 100) {
        throw ConfigException.invalid("etl.augment.oversampling." + e.getKey(), e.getValue(), "a factor in 1..100");
      }
      copy.put(e.getKey(), e.getValue());
    }
    oversampling = Map.copyOf(copy);
  }

  public static AugmentationConfig defaults() {
    return new AugmentationConfig(
        42L,
        Map.of(AamiClass.N, 1, AamiClass.S, 4, AamiClass.V, 1, AamiClass.F, 4, AamiClass.Q, 1),
        new Noise(0.5, 15, 30),
        new Noise(0.5, 6, 24),
        new Shift(0.5, 5),
        new Scale(0.5, 0.85, 1.15),
        new Wander(0.3, 0.2, 0.1, 0.5));
  }

  /** The oversampling factor of a class (1 when not configured). */
  public int factor(AamiClass c) {
    return oversampling.getOrDefault(c, 1);
  }

  /** Same config with other oversampling factors. */
  public AugmentationConfig withOversampling(Map<AamiClass, Integer> factors) {
    return new AugmentationConfig(seed, factors, gaussian, noiseStress, shift, scale, wander);
  }

  /** Same config with another seed. */
  public AugmentationConfig withSeed(long value) {
    return new AugmentationConfig(value, oversampling, gaussian, noiseStress, shift, scale, wander);
  }

  private static void checkProbability(String key, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw ConfigException.invalid(key, p, "a probability in [0, 1]");
    }
  }
}
