package org.ecgplatform.etl.detect;

/**
 * Fixed blocks of samples aligned to absolute sample numbers ({@code floor(absolute / length)}),
 * not to the start of the array, so that a chunk of a record cut anywhere sees the same blocks as
 * the whole record: every block statistic computed from a block that lies inside both is
 * bit-identical. Local sample {@code i} is absolute sample {@code firstSample + i}.
 */
final class Blocks {
  private final long firstSample;
  private final int samples;
  private final int length;
  private final long firstBlock;
  private final int count;

  Blocks(long firstSample, int samples, int length) {
    this.firstSample = firstSample;
    this.samples = samples;
    this.length = length;
    this.firstBlock = Math.floorDiv(firstSample, length);
    this.count = samples == 0 ? 0 : (int) (Math.floorDiv(firstSample + samples - 1, length) - firstBlock + 1);
  }

  /** Number of (possibly partial) blocks the array touches. */
  int count() {
    return count;
  }

  /** Block length, samples. */
  int length() {
    return length;
  }

  /** First local sample of block {@code j} (clipped to the array). */
  int start(int j) {
    return (int) Math.max(0, (firstBlock + j) * length - firstSample);
  }

  /** One past the last local sample of block {@code j} (clipped to the array). */
  int end(int j) {
    return (int) Math.min(samples, (firstBlock + j + 1) * length - firstSample);
  }

  /** Block of local sample {@code i}. */
  int of(int i) {
    return (int) (Math.floorDiv(firstSample + i, length) - firstBlock);
  }

  /** Absolute sample number of local sample {@code i}. */
  long absolute(int i) {
    return firstSample + i;
  }

  /**
   * Value at local sample {@code i} of a per-block series, interpolated linearly between block
   * centres (held constant before the first and after the last centre). The interpolation weight
   * is computed from the absolute sample number, so it is the same in every chunk.
   */
  double interpolate(double[] perBlock, int i) {
    double pos = (firstSample + i + 0.5) / length - 0.5;
    long absBlock = (long) Math.floor(pos);
    double frac = pos - absBlock;
    int j0 = (int) (absBlock - firstBlock);
    int a = clamp(j0);
    int b = clamp(j0 + 1);
    return perBlock[a] + frac * (perBlock[b] - perBlock[a]);
  }

  private int clamp(int j) {
    return j < 0 ? 0 : (j >= count ? count - 1 : j);
  }
}
