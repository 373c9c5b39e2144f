package org.ecgplatform.etl.wfdb;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a single-segment record: for each signal file holding a chosen signal, the frames of the
 * range widened by the chosen signals' skews, then each signal's samples out of those frames.
 * Memory: the range's frames of the files involved, nothing proportional to the record.
 */
final class SingleSegmentReader implements SignalReader {
  private final String record;
  private final WfdbStorage storage;
  private final WfdbHeader header;
  private final List<SignalFile> files;
  private final int[] signals;
  /** Per chosen signal: index into {@link #files}, or -1 for a signal without a file. */
  private final int[] fileOf;
  /** Per chosen signal: its position within its file's signals. */
  private final int[] slotOf;
  private final FrameSource[] sources;
  /** Samples decoded per window when reading a range piecewise. */
  static final int WINDOW_SAMPLES = 1 << 16;

  private int[] window = new int[0];

  SingleSegmentReader(String record, WfdbStorage storage, WfdbHeader header, List<SignalFile> files, int[] signals) {
    this.record = record;
    this.storage = storage;
    this.header = header;
    this.files = files;
    this.signals = signals.clone();
    this.fileOf = new int[signals.length];
    this.slotOf = new int[signals.length];
    Arrays.fill(fileOf, -1);
    for (int j = 0; j < signals.length; j++) {
      for (int f = 0; f < files.size(); f++) {
        int[] members = files.get(f).signals();
        for (int k = 0; k < members.length; k++) {
          if (members[k] == signals[j]) {
            fileOf[j] = f;
            slotOf[j] = k;
          }
        }
      }
    }
    this.sources = new FrameSource[files.size()];
  }

  private FrameSource source(int f) {
    if (sources[f] == null) {
      sources[f] = FrameSource.open(record, storage, files.get(f));
    }
    return sources[f];
  }

  @Override
  public long availableFrames() {
    long frames = header.nSamples() > 0 ? header.nSamples() : Long.MAX_VALUE;
    boolean anyFile = false;
    for (int j = 0; j < signals.length; j++) {
      if (fileOf[j] >= 0) {
        anyFile = true;
        int skew = header.signals().get(signals[j]).skew();
        frames = Math.min(frames, Math.max(0, source(fileOf[j]).frameCount() - skew));
      }
    }
    return frames == Long.MAX_VALUE ? (anyFile ? 0 : header.nSamples()) : frames;
  }

  @Override
  public int[][] read(long fromFrame, long toFrame) {
    if (fromFrame < 0 || toFrame < fromFrame) {
      throw new IllegalArgumentException("Cannot read frames [" + fromFrame + ", " + toFrame + ") of record " + record
          + ": the range is empty or negative (from must be >= 0 and <= to)");
    }
    long n = toFrame - fromFrame;
    // Check the range against the files' real lengths (and the header's) before allocating for it.
    for (int j = 0; j < signals.length; j++) {
      if (fileOf[j] >= 0 && n > 0) {
        FrameSource src = source(fileOf[j]);
        long last = toFrame - 1 + header.signals().get(signals[j]).skew();
        if (last >= src.frameCount()) {
          throw src.shortFile(last);
        }
      }
    }
    if (header.nSamples() > 0 && toFrame > header.nSamples()) {
      throw new WfdbSignalException(record, record + ".hea", null, "Cannot read frame " + (toFrame - 1)
          + ": the header gives the record " + header.nSamples() + " frames (read at most availableFrames())");
    }
    int[][] out = new int[signals.length][];
    for (int j = 0; j < signals.length; j++) {
      SignalSpec spec = header.signals().get(signals[j]);
      long len = n * spec.sampsPerFrame();
      if (len > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("Cannot read " + n + " frames of record " + record
            + " at once: more than 2^31 samples per signal (read in chunks with WfdbRecord.reader())");
      }
      out[j] = new int[(int) len];
      if (fileOf[j] < 0) {
        Arrays.fill(out[j], spec.format().invalidValue());
      }
    }
    for (int f = 0; f < files.size(); f++) {
      int minSkew = Integer.MAX_VALUE;
      int maxSkew = Integer.MIN_VALUE;
      for (int j = 0; j < signals.length; j++) {
        if (fileOf[j] == f) {
          int skew = header.signals().get(signals[j]).skew();
          minSkew = Math.min(minSkew, skew);
          maxSkew = Math.max(maxSkew, skew);
        }
      }
      if (minSkew == Integer.MAX_VALUE || n == 0) {
        continue;
      }
      SignalFile file = files.get(f);
      // Windows of a few hundred KB keep decoding and de-interleaving in cache. Sources that
      // decode forward (FLAC, format 8) get one window when skews make windows overlap.
      boolean forwardOnly = file.format().isFlac() || file.format() == SignalFormat.FMT_8;
      long chunk = forwardOnly && maxSkew != minSkew ? n : Math.max(1, WINDOW_SAMPLES / file.samplesPerFrame());
      for (long at = fromFrame; at < toFrame; at += chunk) {
        long upto = Math.min(toFrame, at + chunk);
        readWindow(f, file, at, upto, minSkew, maxSkew, out, at - fromFrame);
      }
    }
    return out;
  }

  /** Reads frames [from, to) of the chosen signals stored in file {@code f} into {@code out} at frame {@code outFrame}. */
  private void readWindow(int f, SignalFile file, long from, long to, int minSkew, int maxSkew, int[][] out, long outFrame) {
    long n = to - from;
    long windowFrames = n + maxSkew - minSkew;
    long windowLen = windowFrames * file.samplesPerFrame();
    if (windowLen > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Cannot read " + n + " frames of record " + record
          + " at once: the window exceeds 2^31 samples (read in chunks with WfdbRecord.reader())");
    }
    if (window.length < windowLen) {
      window = new int[(int) windowLen];
    }
    source(f).readFrames(from + minSkew, (int) windowFrames, window);
    int fileSpf = file.samplesPerFrame();
    int[] win = window;
    for (int j = 0; j < signals.length; j++) {
      if (fileOf[j] != f) {
        continue;
      }
      int k = slotOf[j];
      int spf = file.sampsPerFrame()[k];
      int base = (header.signals().get(signals[j]).skew() - minSkew) * fileSpf + file.slotOffset()[k];
      int[] dst = out[j];
      int d0 = (int) (outFrame * spf);
      if (spf == 1) {
        for (int i = 0, p = base; i < n; i++, p += fileSpf) {
          dst[d0 + i] = win[p];
        }
      } else {
        for (int i = 0, p = base, d = d0; i < n; i++, p += fileSpf, d += spf) {
          System.arraycopy(win, p, dst, d, spf);
        }
      }
    }
  }

  /**
   * Sums each stored signal, file by file, over the frames its header gives (the whole file when
   * it gives none), and judges the result by the WFDB library's rule ({@link ChecksumResult}).
   *
   * @param inMultiSegmentRecord whether the record is a segment of a multi-segment record
   */
  static List<ChecksumResult> checksums(String record, WfdbStorage storage, WfdbHeader header, List<SignalFile> files,
      boolean inMultiSegmentRecord) {
    ChecksumResult[] results = new ChecksumResult[header.nSignals()];
    for (SignalFile file : files) {
      try (FrameSource src = FrameSource.open(record, storage, file)) {
        long frames = header.nSamples() > 0 ? Math.min(header.nSamples(), src.frameCount()) : src.frameCount();
        int spf = file.samplesPerFrame();
        int chunk = Math.max(1, RawFrameSource.CHUNK_SAMPLES / spf);
        int[] buf = new int[chunk * spf];
        int m = file.signals().length;
        int[] sums = new int[m];
        int[] firsts = new int[m];
        int[] slotSignal = new int[spf];
        for (int k = 0; k < m; k++) {
          Arrays.fill(slotSignal, file.slotOffset()[k], file.slotOffset()[k] + file.sampsPerFrame()[k], k);
        }
        for (long at = 0; at < frames; at += chunk) {
          int c = (int) Math.min(chunk, frames - at);
          src.readFrames(at, c, buf);
          if (at == 0) {
            for (int k = 0; k < m; k++) {
              firsts[k] = buf[file.slotOffset()[k]];
            }
          }
          // Checksums are over stored values: map the in-memory invalid value back to the marker.
          int readInvalid = file.format().invalidValue();
          int storedInvalid = file.format().storedInvalidValue();
          for (int i = 0, len = c * spf; i < len; i++) {
            int v = buf[i];
            sums[slotSignal[i % spf]] += v == readInvalid ? storedInvalid : v;
          }
        }
        for (int k = 0; k < m; k++) {
          int s = file.signals()[k];
          SignalSpec spec = header.signals().get(s);
          ChecksumResult.Check check = ChecksumResult.Check.of(header.nSamples(), spec.checksum(), inMultiSegmentRecord);
          results[s] = new ChecksumResult(record, s, spec.description(), file.fileName(), check, spec.checksum(),
              (short) sums[k], spec.initValue(), firsts[k], frames, header.nSamples());
        }
      } catch (IOException e) {
        throw new WfdbSignalException(record, file.fileName(), null, "Cannot close signal file: " + e.getMessage(), e);
      }
    }
    return Arrays.stream(results).filter(r -> r != null).toList();
  }

  @Override
  public void close() {
    IOException failure = null;
    for (int f = 0; f < sources.length; f++) {
      if (sources[f] != null) {
        try {
          sources[f].close();
        } catch (IOException e) {
          failure = e;
        }
        sources[f] = null;
      }
    }
    if (failure != null) {
      throw new WfdbSignalException(record, "?", null, "Cannot close a signal file: " + failure.getMessage(), failure);
    }
  }
}
