package org.ecgplatform.etl.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to one record: its accounting ({@code beatAnnotations = windowsWritten +
 * skippedAtEdges}, nothing silently dropped), class counts, timings, and the reason when it was
 * quarantined.
 *
 * @param database database name
 * @param record record name
 * @param split assigned split
 * @param ok false when the record was quarantined
 * @param reason why it was quarantined (null when ok)
 * @param headerSha256 SHA-256 of the header file, for the manifest's input list
 * @param inputBytes total size of the record's header, signal and annotation files
 * @param sourceFsHz the record's own sampling rate
 * @param leads lead names taken, in window order
 * @param beatAnnotations beat annotations in the reference annotation file
 * @param nonBeatAnnotations other annotations (rhythm, noise, ...), not beats
 * @param windowsWritten original beats written
 * @param skippedAtEdges beats whose window leaves the record
 * @param augmentedWritten augmented copies written
 * @param classCounts original beats written per AAMI class
 * @param augmentedClassCounts augmented copies written per AAMI class
 * @param stageMillis time spent per stage on the executor
 * @param warnings problems a kept record has (a checksum mismatch under
 *     {@code etl.wfdb.checksum-mismatch = warn}), each naming record, signal and file
 */
public record RecordStats(
    String database,
    String record,
    String split,
    boolean ok,
    String reason,
    String headerSha256,
    long inputBytes,
    double sourceFsHz,
    String leads,
    long beatAnnotations,
    long nonBeatAnnotations,
    long windowsWritten,
    long skippedAtEdges,
    long augmentedWritten,
    Map<String, Long> classCounts,
    Map<String, Long> augmentedClassCounts,
    Map<String, Long> stageMillis,
    List<String> warnings)
    implements Serializable {

  public RecordStats {
    classCounts = new TreeMap<>(classCounts);
    augmentedClassCounts = new TreeMap<>(augmentedClassCounts);
    stageMillis = new TreeMap<>(stageMillis);
    warnings = List.copyOf(warnings);
  }

  /** A quarantined record. */
  public static RecordStats rejected(RecordTask t, String reason, Map<String, Long> stageMillis) {
    return new RecordStats(t.database(), t.record(), t.split(), false, reason, null, 0, 0, null, 0, 0, 0, 0, 0,
        Map.of(), Map.of(), stageMillis, List.of());
  }

  /** True when every beat annotation is accounted for. */
  public boolean balanced() {
    return !ok || beatAnnotations == windowsWritten + skippedAtEdges;
  }
}
