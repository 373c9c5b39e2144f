package org.ecgplatform.etl.beats;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.ecgplatform.common.ConfigException;

/**
 * A seeded split by patient for any database: each patient's key ({@code database + patient}) is
 * hashed with the seed to a uniform number {@code u} in [0, 1); {@code u < train} goes to training,
 * {@code u < train + validation} to validation, the rest to test. Because the decision depends only
 * on the seed and the patient, every record of a patient lands on the same side, in any order and on
 * any executor; the realised fractions approach the configured ones as the number of patients grows.
 *
 * <p>Hash: 64-bit FNV-1a of the UTF-8 key, mixed with the seed through {@link SplittableRandom}'s
 * output function (stable across JVMs, unlike {@link Object#hashCode()} of other types).
 *
 * @param seed hash seed
 * @param trainFraction fraction of patients for training
 * @param validationFraction fraction of patients for validation
 * @param testFraction fraction of patients for test; the three sum to 1
 * @param patients record to patient mapping
 */
public record HashSplit(long seed, double trainFraction, double validationFraction, double testFraction,
    PatientMapper patients) implements SplitAssigner {
  /** Default fractions: 70 % train, 10 % validation, 20 % test. */
  public static final double DEFAULT_TRAIN = 0.7;
  public static final double DEFAULT_VALIDATION = 0.1;
  public static final double DEFAULT_TEST = 0.2;

  public HashSplit {
    check("etl.split.hash.train", trainFraction);
    check("etl.split.hash.val", validationFraction);
    check("etl.split.hash.test", testFraction);
    double sum = trainFraction + validationFraction + testFraction;
    if (Math.abs(sum - 1.0) > 1e-9) {
      throw ConfigException.invalid("etl.split.hash.test", testFraction,
          "fractions that sum to 1 (train + validation + test = " + sum + ")");
    }
    if (patients == null) {
      throw ConfigException.invalid("split.patients", null, "a PatientMapper");
    }
  }

  /** 70/10/20 with the default patient mapping. */
  public static HashSplit defaults(long seed) {
    return new HashSplit(seed, DEFAULT_TRAIN, DEFAULT_VALIDATION, DEFAULT_TEST, PatientMapper.DEFAULT);
  }

  @Override
  public Split assign(String database, String record) {
    double u = unitHash(seed, database + "/" + patients.patientOf(database, record));
    if (u < trainFraction) {
      return Split.TRAIN;
    }
    return u < trainFraction + validationFraction ? Split.VALIDATION : Split.TEST;
  }

  /** A uniform number in [0, 1) determined by the seed and key. */
  static double unitHash(long seed, String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return new SplittableRandom(seed ^ h).nextDouble();
  }

  private static void check(String key, double f) {
    if (!(f >= 0 && f <= 1)) {
      throw ConfigException.invalid(key, f, "a fraction in [0, 1]");
    }
  }
}
