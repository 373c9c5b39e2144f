package org.ecgplatform.etl.wfdb;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a single-segment record: one signal file {@code <record>.dat} holding every signal, one
 * sample per frame, in format 16 or 212, and a header {@code <record>.hea} whose initial values
 * and checksums match what was written. Frames are appended in chunks, so a long record never
 * needs to be in memory; the header is written by {@link #close()}.
 *
 * <pre>{@code
 * try (WfdbWriter w = WfdbWriter.create(storage, "rec", 360.0, SignalFormat.FMT_212, definitions)) {
 *   w.append(chunk);   // int[signal][sample], any number of times
 * }
 * }</pre>
 *
 * {@link SignalFormat#invalidValue()} is written as the format's invalid marker; any other value
 * outside the format's range is refused.
 */
public final class WfdbWriter implements AutoCloseable {
  private final WfdbStorage storage;
  private final String record;
  private final String datFile;
  private final double fsHz;
  private final SignalFormat format;
  private final List<SignalDefinition> signals;
  private final OutputStream out;
  private final int[] checksum;
  private final int[] initValue;
  private long frames;
  private int[] interleaved = new int[0];
  private byte[] bytes = new byte[0];
  private boolean hasCarry;
  private int carry;
  private boolean closed;

  private WfdbWriter(WfdbStorage storage, String record, double fsHz, SignalFormat format, List<SignalDefinition> signals) {
    this.storage = storage;
    this.record = record;
    this.datFile = record + ".dat";
    this.fsHz = fsHz;
    this.format = format;
    this.signals = List.copyOf(signals);
    this.checksum = new int[signals.size()];
    this.initValue = new int[signals.size()];
    try {
      this.out = new BufferedOutputStream(storage.create(datFile), 1 << 16);
    } catch (IOException | IllegalArgumentException e) {
      throw new WfdbSignalException(record, datFile, null, "Cannot create signal file " + storage.describe(datFile)
          + ": " + e.getMessage() + " (check the directory and permissions)", e);
    }
  }

  /**
   * Starts record {@code record} in {@code storage}.
   *
   * @param fsHz sampling frequency (> 0)
   * @param format {@link SignalFormat#FMT_16} or {@link SignalFormat#FMT_212}
   */
  public static WfdbWriter create(WfdbStorage storage, String record, double fsHz, SignalFormat format,
      List<SignalDefinition> signals) {
    if (!format.isWritable()) {
      throw new IllegalArgumentException("Cannot write format " + format.code() + " (the writer writes formats 16 and 212)");
    }
    if (!(fsHz > 0) || Double.isInfinite(fsHz)) {
      throw new IllegalArgumentException("Cannot write record " + record + ": sampling frequency " + fsHz + " is not positive");
    }
    if (signals.isEmpty()) {
      throw new IllegalArgumentException("Cannot write record " + record + ": no signals");
    }
    WfdbStorage.checkName(record + ".hea");
    return new WfdbWriter(storage, record, fsHz, format, signals);
  }

  /** Writes a whole record at once; returns its header. */
  public static WfdbHeader write(WfdbStorage storage, String record, double fsHz, SignalFormat format,
      List<SignalDefinition> signals, int[][] digital) {
    WfdbWriter w = create(storage, record, fsHz, format, signals);
    try {
      w.append(digital);
    } catch (RuntimeException e) {
      w.closed = true;
      try {
        w.out.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    w.close();
    return WfdbRecord.open(storage, record).header();
  }

  /** Appends frames: {@code digital[signal][i]}, every signal the same length. */
  public void append(int[][] digital) {
    int nsig = signals.size();
    if (digital.length != nsig) {
      throw new IllegalArgumentException("Cannot append to record " + record + ": " + digital.length
          + " signals given, " + nsig + " defined");
    }
    int n = digital[0].length;
    for (int s = 0; s < nsig; s++) {
      if (digital[s].length != n) {
        throw new IllegalArgumentException("Cannot append to record " + record + ": signal " + s + " has "
            + digital[s].length + " samples, signal 0 has " + n + " (all signals need the same count)");
      }
    }
    int lo = format.minValue();
    int hi = format.maxValue();
    int invalid = format.invalidValue();
    int stored = format.storedInvalidValue();
    int total = n * nsig + 1;
    if (interleaved.length < total) {
      interleaved = new int[total];
      bytes = new byte[total * 2 + 4];
    }
    int k = 0;
    if (hasCarry) {
      interleaved[k++] = carry;
    }
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < nsig; s++) {
        int v = digital[s][i];
        if (v != invalid && (v < lo || v > hi || v == stored)) {
          throw new WfdbSignalException(record, datFile, "sample " + (frames + i) + " of signal " + s,
              "Cannot write value " + v + " in format " + format.code() + ": the valid range is " + (lo + (stored == lo ? 1 : 0))
                  + ".." + hi + " (scale the signal or choose format 16)");
        }
        if (frames + i == 0) {
          initValue[s] = v;
        }
        checksum[s] += v == invalid ? stored : v;
        interleaved[k++] = v;
      }
    }
    int even = format == SignalFormat.FMT_212 ? k & ~1 : k;
    int len = SampleCodec.encode(format, interleaved, 0, even, bytes);
    hasCarry = even < k;
    if (hasCarry) {
      carry = interleaved[k - 1];
    }
    try {
      out.write(bytes, 0, len);
    } catch (IOException e) {
      throw new WfdbSignalException(record, datFile, null, "Cannot write signal file: " + e.getMessage(), e);
    }
    frames += n;
  }

  /** Frames appended so far. */
  public long frames() {
    return frames;
  }

  /** Flushes the signal file and writes the header. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (hasCarry) {
        int len = SampleCodec.encode(format, new int[] {carry}, 0, 1, bytes);
        out.write(bytes, 0, len);
      }
      out.close();
    } catch (IOException e) {
      throw new WfdbSignalException(record, datFile, null, "Cannot write signal file: " + e.getMessage(), e);
    }
    String headerFile = record + ".hea";
    try (OutputStream h = storage.create(headerFile)) {
      h.write(headerText().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new WfdbHeaderException(record, headerFile, null, "Cannot write header: " + e.getMessage(), e);
    }
  }

  private String headerText() {
    StringBuilder sb = new StringBuilder();
    sb.append(record).append(' ').append(signals.size()).append(' ').append(number(fsHz)).append(' ').append(frames).append('\n');
    for (int s = 0; s < signals.size(); s++) {
      SignalDefinition d = signals.get(s);
      sb.append(datFile).append(' ').append(format.code()).append(' ')
          .append(number(d.adcGain())).append('(').append(d.baseline()).append(")/").append(d.units()).append(' ')
          .append(d.adcResolution()).append(' ').append(d.adcZero()).append(' ')
          .append(initValue[s]).append(' ').append((short) checksum[s]).append(" 0 ").append(d.description()).append('\n');
    }
    return sb.toString();
  }

  private static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%s", v);
  }

  /**
   * Re-encodes {@code source} (single-segment, one sample per frame) as record {@code record} of
   * {@code target} in {@code format}, streaming {@code chunkFrames} frames at a time.
   */
  public static WfdbHeader copy(WfdbRecord source, WfdbStorage target, String record, SignalFormat format, int chunkFrames) {
    List<SignalDefinition> defs = new ArrayList<>();
    for (SignalSpec s : source.header().signals()) {
      if (s.sampsPerFrame() != 1) {
        throw new IllegalArgumentException("Cannot copy record " + source.name() + ": signal " + s.description()
            + " has " + s.sampsPerFrame() + " samples per frame (the writer writes one)");
      }
      defs.add(SignalDefinition.of(s));
    }
    long frames = source.availableFrames();
    try (SignalReader r = source.reader(); WfdbWriter w = create(target, record, source.header().fsHz(), format, defs)) {
      for (long at = 0; at < frames; at += chunkFrames) {
        w.append(r.read(at, Math.min(frames, at + chunkFrames)));
      }
    }
    return WfdbRecord.open(target, record).header();
  }
}
