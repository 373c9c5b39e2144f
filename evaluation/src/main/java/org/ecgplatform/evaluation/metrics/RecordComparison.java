package org.ecgplatform.evaluation.metrics;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The outcome of comparing one record's test beat annotations with its reference annotations
 * ({@link BeatMatcher}): bxb's tallies and the few figures it keeps beside them.
 *
 * @param record record name
 * @param settings how the comparison ran (class mapping, window, start)
 * @param matrix reference × test tallies, O and X included
 * @param rrErrorSumSquares sum of squared differences between reference and test RR intervals,
 *     samples², over the pairs where both intervals were valid
 * @param rrErrorCount number of those pairs
 * @param samplesPerSecond the record's rate as WFDB rounds it ({@code strtim("1")})
 * @param shutdownSeconds total time the test annotator declared itself shut down, whole seconds,
 *     rounded as bxb rounds it
 * @param warnings what bxb would have printed on its standard error (an unterminated shutdown)
 */
public record RecordComparison(
    String record,
    MatchSettings settings,
    MatchMatrix matrix,
    double rrErrorSumSquares,
    long rrErrorCount,
    long samplesPerSecond,
    long shutdownSeconds,
    List<String> warnings) implements Serializable {

  public RecordComparison {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(matrix, "matrix");
    warnings = List.copyOf(warnings);
  }

  /** The class mapping the tallies follow. */
  public ClassMapping classMapping() {
    return settings.classMapping();
  }

  /** A statistic as bxb computes it for this record. */
  public Ratio statistic(DetectionStatistic s) {
    return s.of(matrix);
  }

  /** Root mean square of the RR interval errors, milliseconds; empty when no pair had two valid intervals. */
  public OptionalDouble rrErrorMs() {
    return rrErrorCount == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(Math.sqrt(rrErrorSumSquares / rrErrorCount) * 1000. / samplesPerSecond);
  }

  /** Reference beats in the compared interval (matched or missed). */
  public long referenceBeats() {
    return matrix.sum(BeatClass.BEATS, List.of(BeatClass.values()));
  }

  /** Test beats in the compared interval (matching or extra). */
  public long testBeats() {
    return matrix.sum(List.of(BeatClass.values()), BeatClass.BEATS);
  }
}
