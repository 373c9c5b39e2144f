package org.ecgplatform.etl.wfdb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An opened WFDB record: its header and access to its samples. Opening reads only the header
 * (and, for a multi-segment record, its layout segment's header); samples are read on demand for
 * a frame range, seeking in the signal files, so memory is bounded by the range.
 *
 * <pre>{@code
 * WfdbRecord rec = WfdbRecord.open(new LocalWfdbStorage(Path.of("mitdb")), "100");
 * double fsHz = rec.header().fsHz();
 * int[][] digital = rec.readDigital(0, 3600, 0, 1);   // 10 s of both signals
 * float[][] mv = rec.readPhysical(0, 3600, 0);         // signal 0 in its units
 * }</pre>
 *
 * Frames: a frame holds {@code sampsPerFrame} samples of each signal; with one sample per frame
 * (most records) frame numbers are sample numbers. Instances are immutable and may be shared;
 * each read opens and closes its files (use {@link #reader} to keep them open while streaming).
 */
public final class WfdbRecord {
  private final WfdbStorage storage;
  private final String name;
  private final WfdbHeader header;
  private final List<SignalFile> files;
  /** For a multi-segment record: the segments' opened records (null for null and layout segments). */
  private final List<WfdbRecord> segmentRecords;
  private final boolean variableLayout;

  private WfdbRecord(WfdbStorage storage, String name, WfdbHeader header, List<SignalFile> files,
      List<WfdbRecord> segmentRecords, boolean variableLayout) {
    this.storage = storage;
    this.name = name;
    this.header = header;
    this.files = files;
    this.segmentRecords = segmentRecords;
    this.variableLayout = variableLayout;
  }

  /**
   * Opens record {@code name} (header {@code name.hea}) of {@code storage}.
   *
   * @throws WfdbHeaderException when the header is missing or malformed
   */
  public static WfdbRecord open(WfdbStorage storage, String name) {
    String headerFile = name + ".hea";
    try {
      WfdbStorage.checkName(headerFile);
    } catch (IllegalArgumentException e) {
      throw new WfdbHeaderException(name, headerFile, null, "Cannot open record: " + e.getMessage());
    }
    if (name.contains("/")) {
      throw new WfdbHeaderException(name, headerFile, null, "Cannot open record '" + name + "': a record name is a"
          + " plain name in the storage's directory (open a storage on the directory that holds the record)");
    }
    WfdbHeader header = HeaderParser.parse(name, headerFile, readHeaderBytes(storage, name, headerFile));
    if (!header.isMultiSegment()) {
      return new WfdbRecord(storage, name, header, SignalFile.of(name, headerFile, header), List.of(), false);
    }
    List<WfdbRecord> segs = new ArrayList<>();
    WfdbHeader layout = null;
    boolean variable = false;
    for (int i = 0; i < header.segments().size(); i++) {
      Segment s = header.segments().get(i);
      if (s.isNull()) {
        segs.add(null);
        continue;
      }
      String segHeaderFile = s.recordName() + ".hea";
      WfdbHeader segHeader = HeaderParser.parse(s.recordName(), segHeaderFile,
          readHeaderBytes(storage, s.recordName(), segHeaderFile));
      WfdbRecord seg = new WfdbRecord(storage, s.recordName(), segHeader,
          segHeader.isMultiSegment() ? List.of() : SignalFile.of(s.recordName(), segHeaderFile, segHeader), List.of(), false);
      if (segHeader.isMultiSegment()) {
        throw new WfdbHeaderException(name, headerFile, null, "Cannot open segment " + s.recordName()
            + ": a segment may not itself have segments (check the header)");
      }
      if (i == 0 && s.nSamples() == 0) {
        variable = true;
        layout = seg.header;
        segs.add(null);
        continue;
      }
      if (layout == null) {
        layout = seg.header;
      }
      segs.add(seg);
    }
    List<SignalSpec> signals = layout == null ? List.of() : layout.signals();
    if (signals.size() != header.nSignals()) {
      throw new WfdbHeaderException(name, headerFile, null, "Cannot open multi-segment record: the header announces "
          + header.nSignals() + " signals but its layout segment has " + signals.size() + " (check the segment headers)");
    }
    long total = header.segments().stream().mapToLong(Segment::nSamples).sum();
    WfdbHeader merged = new WfdbHeader(header.recordName(), header.nSegments(), header.nSignals(), header.fsHz(),
        header.counterFrequencyHz(), header.baseCounter(), header.nSamples() > 0 ? header.nSamples() : total,
        header.baseTime(), header.baseDate(), signals, header.segments(), header.comments(), header.info());
    return new WfdbRecord(storage, name, merged, List.of(), segs, variable);
  }

  private static byte[] readHeaderBytes(WfdbStorage storage, String name, String headerFile) {
    try (WfdbStorage.Input in = storage.open(headerFile)) {
      long size = in.size();
      if (size > HeaderParser.MAX_HEADER_BYTES) {
        throw new WfdbHeaderException(name, headerFile, null, "Cannot open record: the header is " + size
            + " bytes, more than the " + HeaderParser.MAX_HEADER_BYTES + " a header may hold (is this really a .hea file?)");
      }
      return in.readFully((int) size);
    } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
      throw new WfdbHeaderException(name, headerFile, null, "Cannot open record: " + storage.describe(headerFile)
          + " does not exist (check the record name and directory)", e);
    } catch (IOException e) {
      throw new WfdbHeaderException(name, headerFile, null, "Cannot read header " + storage.describe(headerFile) + ": "
          + e.getMessage() + " (check the storage URI and permissions)", e);
    }
  }

  /** The record name, as opened. */
  public String name() {
    return name;
  }

  /** The storage the record was opened from. */
  public WfdbStorage storage() {
    return storage;
  }

  /**
   * The header. For a multi-segment record, its signals are those of the layout segment (or of
   * the first segment) and {@code nSamples} the sum of the segments'.
   */
  public WfdbHeader header() {
    return header;
  }

  /** Signal indexes {@code 0 .. nSignals - 1}. */
  public int[] allSignals() {
    return IntStream.range(0, header.nSignals()).toArray();
  }

  /**
   * Frames that can be read of all signals: the header's count, or fewer when a signal file is
   * shorter or a skew reaches past its end (as {@code rdsamp} stops there).
   */
  public long availableFrames() {
    try (SignalReader r = reader()) {
      return r.availableFrames();
    }
  }

  /**
   * Opens a reader over the given signals (all when none given) that keeps files open between
   * reads; for streaming long records in ascending chunks.
   */
  public SignalReader reader(int... signals) {
    int[] chosen = signals.length == 0 ? allSignals() : signals.clone();
    for (int s : chosen) {
      if (s < 0 || s >= header.nSignals()) {
        throw new IllegalArgumentException("Cannot read signal " + s + " of record " + name + ": it has "
            + header.nSignals() + " signals (indexes 0.." + (header.nSignals() - 1) + ")");
      }
    }
    if (header.isMultiSegment()) {
      return new MultiSegmentReader(this, chosen);
    }
    return new SingleSegmentReader(name, storage, header, files, chosen);
  }

  /**
   * Digital (ADC) values of frames {@code [fromFrame, toFrame)} of the given signals (all when
   * none given); see {@link SignalReader#read}.
   */
  public int[][] readDigital(long fromFrame, long toFrame, int... signals) {
    try (SignalReader r = reader(signals)) {
      return r.read(fromFrame, toFrame);
    }
  }

  /**
   * Physical values ({@code (digital - baseline) / adcGain}, in each signal's units) of frames
   * {@code [fromFrame, toFrame)}; invalid samples read as {@code NaN}.
   */
  public float[][] readPhysical(long fromFrame, long toFrame, int... signals) {
    int[] chosen = signals.length == 0 ? allSignals() : signals;
    int[][] digital = readDigital(fromFrame, toFrame, chosen);
    float[][] out = new float[digital.length][];
    for (int j = 0; j < digital.length; j++) {
      SignalSpec spec = header.signals().get(chosen[j]);
      int[] d = digital[j];
      float[] p = new float[d.length];
      double gain = spec.adcGain();
      int baseline = spec.baseline();
      int invalid = spec.format().invalidValue();
      for (int i = 0; i < d.length; i++) {
        p[i] = d[i] == invalid ? Float.NaN : (float) ((d[i] - baseline) / gain);
      }
      out[j] = p;
    }
    return out;
  }

  /**
   * Like {@link #readPhysical}, in millivolts whatever each signal's units ({@link
   * SignalSpec#millivoltsPerUnit}): the form every beat pipeline of the platform reads.
   */
  public float[][] readMillivolts(long fromFrame, long toFrame, int... signals) {
    int[] chosen = signals.length == 0 ? allSignals() : signals;
    float[][] out = readPhysical(fromFrame, toFrame, chosen);
    for (int j = 0; j < out.length; j++) {
      float f = header.signals().get(chosen[j]).millivoltsPerUnit();
      if (f != 1f) {
        float[] x = out[j];
        for (int i = 0; i < x.length; i++) {
          x[i] *= f;
        }
      }
    }
    return out;
  }

  /**
   * Checks every stored signal against its header as the WFDB library does when it reads the
   * record from start to end, one result per signal (per segment signal for a multi-segment
   * record): a file shorter than the header's length, and a checksum mismatch, only where the
   * library looks for them (see {@link ChecksumResult} for the rule). Problems are reported, not
   * thrown; see {@link #requireValidChecksums()}.
   */
  public List<ChecksumResult> verifyChecksums() {
    if (!header.isMultiSegment()) {
      return SingleSegmentReader.checksums(name, storage, header, files, false);
    }
    List<ChecksumResult> all = new ArrayList<>();
    for (WfdbRecord seg : segmentRecords) {
      if (seg != null) {
        all.addAll(SingleSegmentReader.checksums(seg.name, storage, seg.header, seg.files, true));
      }
    }
    return all;
  }

  /**
   * Like {@link #verifyChecksums()}, but throws on the first signal whose file is shorter than
   * its header says or whose checksum disagrees with it.
   */
  public List<ChecksumResult> requireValidChecksums() {
    List<ChecksumResult> results = verifyChecksums();
    for (ChecksumResult r : results) {
      if (!r.ok()) {
        throw new WfdbSignalException(r.record(), r.fileName(), null, "Cannot verify " + r.problem()
            + " (the signal file is corrupt, truncated or does not belong to this header)");
      }
    }
    return results;
  }

  List<WfdbRecord> segmentRecords() {
    return segmentRecords;
  }

  boolean variableLayout() {
    return variableLayout;
  }

  @Override
  public String toString() {
    return "WfdbRecord[" + name + " in " + storage + "]";
  }
}
