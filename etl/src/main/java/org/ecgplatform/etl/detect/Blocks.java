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
  /** Interpolation weight of each offset in a block: distance from the centre to the left, in blocks. */
  private final double[] fractions;

  Blocks(long firstSample, int samples, int length) {
    this.firstSample = firstSample;
    this.samples = samples;
    this.length = length;
    this.firstBlock = Math.floorDiv(firstSample, length);
    this.count = samples == 0 ? 0 : (int) (Math.floorDiv(firstSample + samples - 1, length) - firstBlock + 1);
    this.fractions = new double[length];
    for (int r = 0; r < length; r++) {
      double pos = (r + 0.5) / length - 0.5;
      fractions[r] = pos < 0 ? pos + 1 : pos;
    }
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
   * A per-block series at every local sample, interpolated linearly between block centres (held
   * constant before the first and after the last centre). The interpolation weight depends only
   * on the sample's offset in its absolute block, so it is the same in every chunk.
   */
  double[] interpolate(double[] perBlock) {
    double[] out = new double[samples];
    int centre = length / 2;
    for (int j = 0; j < count; j++) {
      long blockStart = (firstBlock + j) * length;
      double here = perBlock[j];
      double before = perBlock[clamp(j - 1)];
      double after = perBlock[clamp(j + 1)];
      for (int i = start(j), end = end(j); i < end; i++) {
        int r = (int) (firstSample + i - blockStart);
        // Samples before the centre lie between the previous centre and this one.
        out[i] = r < centre ? before + fractions[r] * (here - before) : here + fractions[r] * (after - here);
      }
    }
    return out;
  }

  /** A per-block series at every local sample, held constant over each block. */
  double[] hold(double[] perBlock) {
    double[] out = new double[samples];
    for (int j = 0; j < count; j++) {
      java.util.Arrays.fill(out, start(j), end(j), perBlock[j]);
    }
    return out;
  }

  private int clamp(int j) {
    return j < 0 ? 0 : (j >= count ? count - 1 : j);
  }
}
