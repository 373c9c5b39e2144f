package org.ecgplatform.etl.wfdb;

import java.io.IOException;

/**
 * Frames of a fixed-layout signal file (every format but FLAC): seeks to the packing block that
 * holds the first sample and decodes in bulk through {@link SampleCodec}, a bounded chunk at a
 * time. Format 8 (first differences) integrates per signal from the start of the file.
 */
final class RawFrameSource extends FrameSource {
  /** Samples decoded per chunk; a multiple of every format's samples per block. */
  static final int CHUNK_SAMPLES = 6 * 21_846;

  private final WfdbStorage.Input in;
  private final SignalFormat format;
  private final long frameCount;
  private byte[] bytes = new byte[0];
  private int[] samples = new int[0];

  // Format 8 state: the next frame to integrate and each slot's running value.
  private long diffNextFrame;
  private int[] diffRunning;
  private int[] slotSignal;
  private int[] diffScratch;

  RawFrameSource(String record, SignalFile file, WfdbStorage.Input in) throws IOException {
    super(record, file);
    this.in = in;
    this.format = file.format();
    long size = in.size();
    long dataBytes = Math.max(0, size - file.byteOffset());
    this.frameCount = format.samplesIn(dataBytes) / file.samplesPerFrame();
    if (format == SignalFormat.FMT_8) {
      slotSignal = new int[file.samplesPerFrame()];
      for (int k = 0; k < file.signals().length; k++) {
        for (int j = 0; j < file.sampsPerFrame()[k]; j++) {
          slotSignal[file.slotOffset()[k] + j] = k;
        }
      }
      resetDifferences();
    }
  }

  private void resetDifferences() {
    diffNextFrame = 0;
    diffRunning = file.initValue().clone();
  }

  @Override
  long dataEnd() {
    return file.byteOffset() + SampleCodec.bytesFor(format, frameCount * file.samplesPerFrame());
  }

  @Override
  long frameCount() {
    return frameCount;
  }

  @Override
  void readFrames(long first, int n, int[] dst) {
    if (first < 0 || n < 0) {
      throw new IllegalArgumentException("Cannot read frames from " + first + ": negative range");
    }
    int spf = file.samplesPerFrame();
    if (first + n > frameCount) {
      throw shortFile(first + n - 1);
    }
    if (format == SignalFormat.FMT_8) {
      readDifferences(first, n, dst);
      return;
    }
    decodeSamples(first * spf, (long) n * spf, dst, 0);
  }

  /** Decodes file samples {@code [start, start + count)} into {@code dst[dstOff ..]}. */
  private void decodeSamples(long start, long count, int[] dst, int dstOff) {
    int spb = format.samplesPerBlock();
    long pos = start - start % spb;
    long end = start + count;
    while (pos < end) {
      int len = (int) Math.min(CHUNK_SAMPLES, end - pos);
      int nBytes = (int) SampleCodec.bytesFor(format, len);
      long byteAt = file.byteOffset() + pos / spb * format.bytesPerBlock();
      if (bytes.length < nBytes + 4) {
        bytes = new byte[nBytes + 4];
      }
      readFully(byteAt, nBytes);
      long skip = Math.max(0, start - pos);
      if (skip == 0) {
        SampleCodec.decode(format, bytes, 0, dst, (int) (dstOff + (pos - start)), len);
      } else {
        if (samples.length < len) {
          samples = new int[len];
        }
        SampleCodec.decode(format, bytes, 0, samples, 0, len);
        System.arraycopy(samples, (int) skip, dst, dstOff, (int) (len - skip));
      }
      pos += len;
    }
  }

  private void readFully(long byteAt, int nBytes) {
    int got = 0;
    try {
      while (got < nBytes) {
        int r = in.read(byteAt + got, bytes, got, nBytes - got);
        if (r < 0) {
          throw new WfdbSignalException(record, file.fileName(), "byte offset " + (byteAt + got),
              "Cannot read signal file: it ended early (was it truncated while being read?)");
        }
        got += r;
      }
    } catch (IOException e) {
      throw ioError(byteAt, e);
    }
  }

  private void readDifferences(long first, int n, int[] dst) {
    int spf = file.samplesPerFrame();
    if (first < diffNextFrame) {
      resetDifferences();
    }
    int chunkFrames = Math.max(1, CHUNK_SAMPLES / spf);
    int[] tmp = diffScratch == null || diffScratch.length < chunkFrames * spf
        ? (diffScratch = new int[chunkFrames * spf]) : diffScratch;
    while (diffNextFrame < first) {
      int m = (int) Math.min(tmp.length / spf, first - diffNextFrame);
      decodeSamples(diffNextFrame * spf, (long) m * spf, tmp, 0);
      integrate(tmp, m * spf);
      diffNextFrame += m;
    }
    decodeSamples(first * spf, (long) n * spf, dst, 0);
    integrate(dst, n * spf);
    diffNextFrame = first + n;
  }

  private void integrate(int[] buf, int count) {
    int spf = slotSignal.length;
    int[] running = diffRunning;
    int[] slot = slotSignal;
    for (int i = 0; i < count; i++) {
      int k = slot[i % spf];
      buf[i] = running[k] += buf[i];
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
