package org.ecgplatform.etl.wfdb;

import java.io.IOException;
import java.io.InputStream;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/**
 * Frames of a FLAC signal file (formats 508, 516, 524 of WFDB 10.7): one FLAC channel per signal
 * of the file, each channel holding that signal's samples at its own rate ({@code sampsPerFrame}
 * per frame, the same for every signal of the file). Decodes forward one FLAC block at a time,
 * so memory stays bounded by the range asked plus one block; asking for an earlier range
 * restarts from the beginning of the file.
 */
final class FlacFrameSource extends FrameSource {
  private static final int STREAM_BUFFER_BYTES = 1 << 16;

  private final WfdbStorage.Input in;
  private final int channels;
  private final int spf;
  private final long frameCount;
  private FLACDecoder decoder;
  private PositionedStream stream;
  /** Decoded block: channel c, sample j at block[c][j], for channel samples [blockStart, blockEnd). */
  private int[][] block;
  private long blockStart;
  private long blockEnd;

  FlacFrameSource(String record, SignalFile file, WfdbStorage.Input in) throws IOException {
    super(record, file);
    this.in = in;
    this.channels = file.signals().length;
    this.spf = file.sampsPerFrame()[0];
    StreamInfo info = restart();
    if (info.getChannels() != channels) {
      throw new WfdbSignalException(record, file.fileName(), "byte offset 0", "Cannot decode FLAC signal file: it has "
          + info.getChannels() + " channels but the header stores " + channels + " signals in it (check the header)");
    }
    if (info.getBitsPerSample() > file.format().bitsPerSample()) {
      throw new WfdbSignalException(record, file.fileName(), "byte offset 0", "Cannot decode FLAC signal file: "
          + info.getBitsPerSample() + " bits per sample do not fit format " + file.format().code() + " (check the header)");
    }
    this.frameCount = info.getTotalSamples() / spf;
  }

  private StreamInfo restart() throws IOException {
    stream = new PositionedStream(in, file.byteOffset());
    decoder = new FLACDecoder(stream);
    StreamInfo info;
    try {
      decoder.readMetadata();
      info = decoder.getStreamInfo();
    } catch (IOException | RuntimeException e) {
      throw new WfdbSignalException(record, file.fileName(), "byte offset " + stream.position,
          "Cannot decode FLAC signal file: bad stream header (" + e + ") (is the file FLAC?)", e);
    }
    if (info == null) {
      throw new WfdbSignalException(record, file.fileName(), "byte offset 0",
          "Cannot decode FLAC signal file: no STREAMINFO block (is the file FLAC?)");
    }
    block = new int[channels][0];
    blockStart = 0;
    blockEnd = 0;
    return info;
  }

  @Override
  long dataEnd() {
    try {
      return in.size();
    } catch (IOException e) {
      return stream.position;
    }
  }

  @Override
  long frameCount() {
    return frameCount;
  }

  @Override
  void readFrames(long first, int n, int[] dst) {
    if (first + n > frameCount) {
      throw shortFile(first + n - 1);
    }
    long from = first * spf;
    long to = (first + n) * spf;
    try {
      if (from < blockStart) {
        restart();
      }
      int fileSpf = file.samplesPerFrame();
      int[] offsets = file.slotOffset();
      long pos = from;
      while (pos < to) {
        while (pos >= blockEnd) {
          nextBlock();
        }
        long upto = Math.min(to, blockEnd);
        for (int c = 0; c < channels; c++) {
          int[] src = block[c];
          int off = offsets[c];
          for (long j = pos; j < upto; j++) {
            long rel = j - from;
            dst[(int) (rel / spf * fileSpf + off + rel % spf)] = src[(int) (j - blockStart)];
          }
        }
        pos = upto;
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof WfdbException) {
        throw (WfdbException) e;
      }
      throw new WfdbSignalException(record, file.fileName(), "byte offset " + stream.position,
          "Cannot decode FLAC signal file: " + e + " (the file is corrupt or truncated)", e);
    }
  }

  private void nextBlock() throws IOException {
    Frame frame = decoder.readNextFrame();
    if (frame == null) {
      throw shortFile(blockEnd / spf);
    }
    int size = frame.header.blockSize;
    org.jflac.ChannelData[] data = decoder.getChannelData();
    for (int c = 0; c < channels; c++) {
      if (block[c].length < size) {
        block[c] = new int[size];
      }
      System.arraycopy(data[c].getOutput(), 0, block[c], 0, size);
      SignalFormat f = file.format();
      if (f.storedInvalidValue() != f.invalidValue()) {
        int[] v = block[c];
        for (int j = 0; j < size; j++) {
          if (v[j] == f.storedInvalidValue()) {
            v[j] = f.invalidValue();
          }
        }
      }
    }
    blockStart = blockEnd;
    blockEnd = blockStart + size;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** An InputStream over positioned reads, buffered, that knows its byte position. */
  static final class PositionedStream extends InputStream {
    private final WfdbStorage.Input in;
    private final byte[] buf = new byte[STREAM_BUFFER_BYTES];
    private long bufAt;
    private int bufLen;
    private int bufPos;
    long position;

    PositionedStream(WfdbStorage.Input in, long start) {
      this.in = in;
      this.position = start;
      this.bufAt = start;
    }

    private boolean fill() throws IOException {
      bufAt = position;
      bufPos = 0;
      int r = in.read(position, buf, 0, buf.length);
      bufLen = Math.max(r, 0);
      return bufLen > 0;
    }

    @Override
    public int read() throws IOException {
      if (bufPos >= bufLen && !fill()) {
        return -1;
      }
      position++;
      return buf[bufPos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (bufPos >= bufLen && !fill()) {
        return -1;
      }
      int n = Math.min(len, bufLen - bufPos);
      System.arraycopy(buf, bufPos, b, off, n);
      bufPos += n;
      position += n;
      return n;
    }
  }
}
