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
 * sample per frame, in any format with a file except FLAC ({@link SignalFormat#isWritable()}), and
 * a header {@code <record>.hea} whose initial values and checksums match what was written. Frames are appended in chunks, so a long record never
 * needs to be in memory; the header is written by {@link #close()}.
 *
 * <pre>{@code
 * try (WfdbWriter w = WfdbWriter.create(storage, "rec", 360.0, SignalFormat.FMT_212, definitions)) {
 *   w.append(chunk);   // int[signal][sample], any number of times
 * }
 * }</pre>
 *
 * {@link SignalFormat#invalidValue()} is written as the format's invalid marker; any other value
 * outside the format's range is refused. Format 8 stores first differences: a value may be
 * anything, but it must differ from the previous sample of its signal by -128..127 (WFDB's
 * writer would clip the slope and drift; this one refuses), and invalid samples cannot be stored.
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
  /** Format 8: the previous sample of each signal. */
  private final int[] previous;
  private long frames;
  private int[] interleaved = new int[0];
  private byte[] bytes = new byte[0];
  /** Stored values of a packing block not yet complete (212, 310, 311), written by the next append or close. */
  private final int[] carry;
  private int carried;
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
    this.previous = new int[signals.size()];
    this.carry = new int[format.samplesPerBlock()];
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
   * @param format a format the writer writes ({@link SignalFormat#isWritable()})
   */
  public static WfdbWriter create(WfdbStorage storage, String record, double fsHz, SignalFormat format,
      List<SignalDefinition> signals) {
    if (!format.isWritable()) {
      throw new IllegalArgumentException("Cannot write format " + format.code()
          + " (the writer writes formats 8, 16, 24, 32, 61, 80, 160, 212, 310 and 311)");
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
    boolean differences = format == SignalFormat.FMT_8;
    int total = n * nsig + carried;
    if (interleaved.length < total) {
      interleaved = new int[total];
      bytes = new byte[(int) SampleCodec.bytesFor(format, total) + format.bytesPerBlock()];
    }
    System.arraycopy(carry, 0, interleaved, 0, carried);
    int k = carried;
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < nsig; s++) {
        int v = digital[s][i];
        if (frames + i == 0) {
          initValue[s] = v;
          previous[s] = v;
        }
        if (differences) {
          int step = v - previous[s];
          if (v == invalid || step < lo || step > hi) {
            throw new WfdbSignalException(record, datFile, "sample " + (frames + i) + " of signal " + s,
                "Cannot write value " + v + " in format 8: " + (v == invalid ? "format 8 cannot store an invalid sample"
                    : "it differs from the previous sample by " + step + ", outside the 8-bit difference range -128..127")
                    + " (choose format 16)");
          }
          previous[s] = v;
          checksum[s] += v;
          interleaved[k++] = step;
          continue;
        }
        if (v != invalid && (v < lo || v > hi || v == stored)) {
          throw new WfdbSignalException(record, datFile, "sample " + (frames + i) + " of signal " + s,
              "Cannot write value " + v + " in format " + format.code() + ": the valid range is " + (lo + (stored == lo ? 1 : 0))
                  + ".." + hi + " (scale the signal or choose format 16)");
        }
        int value = v == invalid ? stored : v;
        checksum[s] += value;
        interleaved[k++] = value;
      }
    }
    // Whole packing blocks now; the rest waits for the next append (or close), so a block never
    // spans two writes.
    int whole = k - k % format.samplesPerBlock();
    int len = SampleCodec.encode(format, interleaved, 0, whole, bytes);
    carried = k - whole;
    System.arraycopy(interleaved, whole, carry, 0, carried);
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
      if (carried > 0) {
        byte[] tail = new byte[format.bytesPerBlock()];
        int len = SampleCodec.encode(format, carry, 0, carried, tail);
        out.write(tail, 0, len);
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
