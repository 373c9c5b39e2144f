package org.ecgplatform.etl.beats;

import java.util.Arrays;
import org.ecgplatform.common.EcgPlatformException;

/**
 * A record's annotations as parallel arrays, with the positions at the signal's (target) rate and
 * in the source record.
 *
 * @param samples positions at the rate of the signals being segmented, non-decreasing
 * @param symbols annotation mnemonics, one per position
 * @param sourceSamples positions in the source record (equal to {@code samples} without resampling)
 * @param sourceFsHz rate of {@code sourceSamples}; RR features are computed from these, so resampling
 *     does not round them
 */
public record Annotations(long[] samples, String[] symbols, long[] sourceSamples, double sourceFsHz) {
  public Annotations {
    if (samples.length != symbols.length || samples.length != sourceSamples.length) {
      throw new EcgPlatformException(
          "Cannot use annotations: " + samples.length + " samples, " + symbols.length + " symbols and "
              + sourceSamples.length + " source samples differ in length (pass parallel arrays)");
    }
    if (!(sourceFsHz > 0)) {
      throw new EcgPlatformException("Cannot use annotations: source rate must be > 0 Hz, was " + sourceFsHz);
    }
    for (int i = 1; i < samples.length; i++) {
      if (samples[i] < samples[i - 1] || sourceSamples[i] < sourceSamples[i - 1]) {
        throw new EcgPlatformException(
            "Cannot use annotations: sample " + sourceSamples[i] + " at index " + i + " precedes sample "
                + sourceSamples[i - 1] + " (annotations must be in time order, as WFDB writes them)");
      }
    }
  }

  /** Annotations of a signal that was not resampled. */
  public static Annotations atSourceRate(long[] samples, String[] symbols, double fsHz) {
    return new Annotations(samples, symbols, samples, fsHz);
  }

  public int size() {
    return samples.length;
  }

  @Override
  public String toString() {
    return "Annotations[" + samples.length + " at " + sourceFsHz + " Hz, first " + Arrays.toString(
        Arrays.copyOf(symbols, Math.min(5, symbols.length))) + "]";
  }
}
