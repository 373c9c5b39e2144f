package org.ecgplatform.etl.synth;

import java.util.SplittableRandom;

/**
 * Seeds derived from (database seed, record index, stream): each record, and each random stream
 * inside it (patient traits, tachogram, beat types, noise, wander), gets its own generator, so a record does not
 * depend on which other records are generated or in what order, and changing the noise level does
 * not move a single beat.
 */
final class Seeds {
  static final int STREAM_TACHOGRAM = 1;
  static final int STREAM_BEATS = 2;
  static final int STREAM_NOISE = 3;
  static final int STREAM_WANDER = 4;
  static final int STREAM_PATIENT = 5;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** A generator for one stream of one record. */
  static SplittableRandom stream(long seed, int recordIndex, int stream) {
    long s = mix64(seed);
    s = mix64(s + GOLDEN * (recordIndex + 1L));
    s = mix64(s ^ (GOLDEN * stream));
    return new SplittableRandom(s);
  }

  /** SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mix. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
