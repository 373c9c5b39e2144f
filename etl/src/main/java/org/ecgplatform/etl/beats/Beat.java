package org.ecgplatform.etl.beats;

/**
 * One segmented beat: where it is, what it is, its RR features and its window.
 *
 * @param beatIndex position of the beat among the record's beat annotations (0-based, counting
 *     skipped edge beats too), stable across configurations with the same annotations
 * @param sample fiducial sample at the window's rate
 * @param sourceSample the annotation's sample in the source record, at the record's own rate
 * @param symbol the annotation mnemonic
 * @param aamiClass the AAMI EC57 class of {@code symbol}
 * @param rr RR-interval features, seconds
 * @param window {@code leadCount × windowSamples} floats, lead-major; the fiducial sample is at
 *     offset {@code samplesBefore} of each lead
 * @param leadCount number of leads in {@code window}
 */
public record Beat(
    int beatIndex,
    long sample,
    long sourceSample,
    String symbol,
    AamiClass aamiClass,
    RrFeatures rr,
    float[] window,
    int leadCount) {

  /** Samples per lead. */
  public int windowSamples() {
    return window.length / leadCount;
  }

  /** A copy of one lead's samples. */
  public float[] lead(int lead) {
    int w = windowSamples();
    float[] out = new float[w];
    System.arraycopy(window, lead * w, out, 0, w);
    return out;
  }
}
