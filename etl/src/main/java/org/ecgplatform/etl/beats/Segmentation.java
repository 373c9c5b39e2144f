package org.ecgplatform.etl.beats;

import java.util.List;

/**
 * The result of segmenting one record: the beats and what happened to every annotation.
 *
 * @param beats the windows, in time order
 * @param counts annotation accounting; {@code beatsIn = windowsOut + skippedAtEdges}
 */
public record Segmentation(List<Beat> beats, Counts counts) {
  public Segmentation {
    beats = List.copyOf(beats);
  }

  /**
   * Annotation accounting of one record.
   *
   * @param beatsIn beat annotations ({@link AamiClass#isBeat}) in the record
   * @param windowsOut beats whose window lies inside the record and were emitted
   * @param skippedAtEdges beats whose window would leave the record
   * @param nonBeatIgnored annotations that are not beats (rhythm changes, noise, comments, ...)
   */
  public record Counts(int beatsIn, int windowsOut, int skippedAtEdges, int nonBeatIgnored) {
    public Counts {
      if (beatsIn != windowsOut + skippedAtEdges) {
        throw new IllegalStateException(
            "Inconsistent beat counts: in " + beatsIn + " != out " + windowsOut + " + skipped " + skippedAtEdges);
      }
    }
  }
}
