package org.ecgplatform.etl.wfdb;

import java.util.Arrays;
import java.util.List;

/**
 * Reads a multi-segment record by delegating each part of the range to its segment. In a
 * fixed-layout record segment signals match by index; in a variable-layout record (first segment
 * of length 0, the layout) they match by description, and a signal a segment lacks reads as
 * invalid, as do all signals of a null segment ("~").
 */
final class MultiSegmentReader implements SignalReader {
  private final WfdbRecord record;
  private final int[] signals;
  private final long[] segmentStart;
  private final SignalReader[] readers;
  private final int[][] mapped;

  MultiSegmentReader(WfdbRecord record, int[] signals) {
    this.record = record;
    this.signals = signals;
    List<Segment> segments = record.header().segments();
    this.segmentStart = new long[segments.size() + 1];
    for (int i = 0; i < segments.size(); i++) {
      segmentStart[i + 1] = segmentStart[i] + segments.get(i).nSamples();
    }
    this.readers = new SignalReader[segments.size()];
    this.mapped = new int[segments.size()][];
  }

  private int[] mapping(int seg) {
    if (mapped[seg] == null) {
      WfdbRecord r = record.segmentRecords().get(seg);
      int[] m = new int[signals.length];
      for (int j = 0; j < signals.length; j++) {
        SignalSpec spec = record.header().signals().get(signals[j]);
        int idx = record.variableLayout() ? r.header().indexOf(spec.description()) : signals[j];
        if (idx >= r.header().nSignals()) {
          idx = -1;
        }
        if (idx >= 0 && r.header().signals().get(idx).sampsPerFrame() != spec.sampsPerFrame()) {
          throw new WfdbHeaderException(r.name(), r.name() + ".hea", null, "Cannot read segment " + r.name()
              + ": signal " + spec.description().strip() + " has " + r.header().signals().get(idx).sampsPerFrame()
              + " samples per frame, the layout " + spec.sampsPerFrame() + " (segments must agree with the layout)");
        }
        m[j] = idx;
      }
      mapped[seg] = m;
    }
    return mapped[seg];
  }

  /** Frames up to the first segment whose files hold fewer frames than its segment line says. */
  @Override
  public long availableFrames() {
    for (int seg = 0; seg < readers.length; seg++) {
      WfdbRecord r = record.segmentRecords().get(seg);
      long length = segmentStart[seg + 1] - segmentStart[seg];
      if (r != null && length > 0 && Arrays.stream(mapping(seg)).anyMatch(x -> x >= 0)) {
        long held = reader(seg, r).availableFrames();
        if (held < length) {
          return segmentStart[seg] + held;
        }
      }
    }
    return segmentStart[segmentStart.length - 1];
  }

  @Override
  public int[][] read(long fromFrame, long toFrame) {
    if (fromFrame < 0 || toFrame < fromFrame) {
      throw new IllegalArgumentException("Cannot read frames [" + fromFrame + ", " + toFrame + ") of record "
          + record.name() + ": the range is empty or negative");
    }
    if (toFrame > segmentStart[segmentStart.length - 1]) {
      throw new WfdbSignalException(record.name(), record.name() + ".hea", null, "Cannot read frame " + (toFrame - 1)
          + ": the record's segments hold " + segmentStart[segmentStart.length - 1] + " frames");
    }
    long n = toFrame - fromFrame;
    // Each segment's files must hold its part of the range before anything is allocated for it.
    for (int seg = 0; seg < readers.length; seg++) {
      long a = Math.max(fromFrame, segmentStart[seg]);
      long b = Math.min(toFrame, segmentStart[seg + 1]);
      WfdbRecord r = record.segmentRecords().get(seg);
      if (a < b && r != null && Arrays.stream(mapping(seg)).anyMatch(x -> x >= 0)) {
        long held = reader(seg, r).availableFrames();
        if (b - segmentStart[seg] > held) {
          throw new WfdbSignalException(record.name(), r.name() + ".hea", null, "Cannot read frame " + (b - 1)
              + ": segment " + r.name() + " holds only " + held + " of its " + (segmentStart[seg + 1] - segmentStart[seg])
              + " frames (its signal files are shorter than the headers say)");
        }
      }
    }
    int[][] out = new int[signals.length][];
    for (int j = 0; j < signals.length; j++) {
      out[j] = new int[Math.toIntExact(n * record.header().signals().get(signals[j]).sampsPerFrame())];
    }
    for (int seg = 0; seg < readers.length; seg++) {
      long a = Math.max(fromFrame, segmentStart[seg]);
      long b = Math.min(toFrame, segmentStart[seg + 1]);
      if (a >= b) {
        continue;
      }
      WfdbRecord r = record.segmentRecords().get(seg);
      int[] m = r == null ? null : mapping(seg);
      int[][] part = null;
      if (r != null) {
        boolean any = Arrays.stream(m).anyMatch(x -> x >= 0);
        part = any ? reader(seg, r).read(a - segmentStart[seg], b - segmentStart[seg]) : null;
      }
      int p = 0;
      for (int j = 0; j < signals.length; j++) {
        SignalSpec spec = record.header().signals().get(signals[j]);
        int spf = spec.sampsPerFrame();
        int dstOff = (int) ((a - fromFrame) * spf);
        int len = (int) ((b - a) * spf);
        if (part == null || m[j] < 0) {
          Arrays.fill(out[j], dstOff, dstOff + len, spec.format().invalidValue());
        } else {
          System.arraycopy(part[p++], 0, out[j], dstOff, len);
        }
      }
    }
    return out;
  }

  /** The segment's reader over the chosen signals it has (none: an empty selection). */
  private SignalReader reader(int seg, WfdbRecord r) {
    if (readers[seg] == null) {
      int[] present = Arrays.stream(mapping(seg)).filter(x -> x >= 0).toArray();
      readers[seg] = r.reader(present.length == 0 ? new int[] {0} : present);
    }
    return readers[seg];
  }

  @Override
  public void close() {
    for (int i = 0; i < readers.length; i++) {
      if (readers[i] != null) {
        readers[i].close();
        readers[i] = null;
      }
    }
  }
}
