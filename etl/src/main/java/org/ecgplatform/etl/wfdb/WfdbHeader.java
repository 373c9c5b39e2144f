package org.ecgplatform.etl.wfdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed WFDB header (.hea): the record line, the signal (or segment) lines, comments and the
 * info strings found in them. Immutable.
 *
 * @param recordName record name from the record line
 * @param nSegments number of segments, 0 for a single-segment record
 * @param nSignals number of signals
 * @param fsHz frame frequency in frames per second (samples per second of a signal with one
 *     sample per frame)
 * @param counterFrequencyHz counter frequency (ticks per second); equals {@code fsHz} when absent
 * @param baseCounter counter value of sample 0
 * @param nSamples frames in the record (0 when the header does not say)
 * @param baseTime base time as written ("17:27:45", "19:46:25.757"), or "" when absent
 * @param baseDate base date as written ("15/08/1994"), or "" when absent
 * @param signals signal lines, in order (empty for a multi-segment header)
 * @param segments segment lines, in order (empty for a single-segment header)
 * @param comments comment lines without the leading '#', in order
 * @param info "key: value" info strings from the comments (age, sex, medications …), in order
 */
public record WfdbHeader(
    String recordName,
    int nSegments,
    int nSignals,
    double fsHz,
    double counterFrequencyHz,
    double baseCounter,
    long nSamples,
    String baseTime,
    String baseDate,
    List<SignalSpec> signals,
    List<Segment> segments,
    List<String> comments,
    Map<String, String> info) {

  public WfdbHeader {
    signals = List.copyOf(signals);
    segments = List.copyOf(segments);
    comments = List.copyOf(comments);
    info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
  }

  /** Whether the record is made of segments, each a record of its own. */
  public boolean isMultiSegment() {
    return nSegments > 0;
  }

  /** The largest samples-per-frame of any signal (the "high resolution" factor of rdsamp -H). */
  public int maxSampsPerFrame() {
    int m = 1;
    for (SignalSpec s : signals) {
      m = Math.max(m, s.sampsPerFrame());
    }
    return m;
  }

  /** Signal descriptions, in order. */
  public List<String> descriptions() {
    return signals.stream().map(SignalSpec::description).toList();
  }

  /** The index of the first signal with this description (trailing spaces ignored), or -1. */
  public int indexOf(String description) {
    for (int i = 0; i < signals.size(); i++) {
      if (signals.get(i).description().strip().equals(description.strip())) {
        return i;
      }
    }
    return -1;
  }
}
