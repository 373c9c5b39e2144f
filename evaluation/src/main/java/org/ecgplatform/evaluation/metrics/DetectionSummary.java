package org.ecgplatform.evaluation.metrics;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Gross and average statistics over the records of a beat-by-beat comparison, as PhysioNet's
 * {@code sumstats} derives them from bxb's line-format table (ANSI/AAMI EC57 section 3.5.2-3.5.3).
 *
 * <ul>
 *   <li><b>gross</b>: each statistic computed from the tallies summed over all records (each beat
 *       weighs the same);
 *   <li><b>average</b>: the mean of the per-record values (each record weighs the same), over the
 *       records where the statistic is defined; a record without reference V beats does not enter
 *       the average VEB sensitivity. sumstats prints "-" when no record defines it;
 *   <li><b>RMS RR interval error</b>: only an average, of the per-record values as bxb printed them
 *       (two decimals: sumstats reads them back from the text), over the records that have one.
 * </ul>
 *
 * SVEB +P follows sumstats' own formula ({@link DetectionStatistic#summaryOf}). VEB FPR, which
 * sumstats gives only for bxb's table without SVEB columns, follows that table's rules (the same
 * as bxb's per-record FPR).
 *
 * @param classMapping the class mapping of every record's tallies
 * @param perRecord the records, in the order they are summed (sorted by name)
 * @param total the tallies summed over the records
 * @param gross statistics of {@code total}
 * @param average per-record statistics averaged
 * @param rrErrorMs average RMS RR interval error, milliseconds
 */
public record DetectionSummary(
    ClassMapping classMapping,
    List<RecordComparison> perRecord,
    MatchMatrix total,
    Map<DetectionStatistic, Ratio> gross,
    Map<DetectionStatistic, Average> average,
    Average rrErrorMs) implements Serializable {

  /**
   * A mean of per-record values kept as the sum and the count, so that a report can redo
   * sumstats' arithmetic to the last bit.
   *
   * @param sum sum of the per-record values (fractions, or milliseconds for the RR error)
   * @param records records that entered the sum
   */
  public record Average(double sum, int records) implements Serializable {
    /** The mean; NaN when no record entered it. */
    public double mean() {
      return records == 0 ? Double.NaN : sum / records;
    }

    public boolean isDefined() {
      return records > 0;
    }
  }

  public DetectionSummary {
    perRecord = List.copyOf(perRecord);
    gross = Collections.unmodifiableMap(new EnumMap<>(gross));
    average = Collections.unmodifiableMap(new EnumMap<>(average));
  }

  /**
   * Summarises records compared with one class mapping.
   *
   * @throws IllegalArgumentException when the records used different class mappings
   */
  public static DetectionSummary of(ClassMapping mapping, List<RecordComparison> records) {
    List<RecordComparison> sorted = new ArrayList<>(records);
    sorted.sort((a, b) -> a.record().compareTo(b.record()));
    MatchMatrix total = new MatchMatrix();
    for (RecordComparison r : sorted) {
      if (r.classMapping() != mapping) {
        throw new IllegalArgumentException("Cannot summarise record " + r.record() + ": it was compared with class mapping "
            + r.classMapping() + ", the summary uses " + mapping);
      }
      total = total.merge(r.matrix());
    }
    Map<DetectionStatistic, Ratio> gross = new EnumMap<>(DetectionStatistic.class);
    Map<DetectionStatistic, Average> average = new EnumMap<>(DetectionStatistic.class);
    for (DetectionStatistic s : DetectionStatistic.values()) {
      gross.put(s, s.summaryOf(total));
      double sum = 0;
      int n = 0;
      for (RecordComparison r : sorted) {
        Ratio q = s.summaryOf(r.matrix());
        if (q.isDefined()) {
          sum += q.numerator() / (double) q.denominator();
          n++;
        }
      }
      average.put(s, new Average(sum, n));
    }
    double rrSum = 0;
    int rrRecords = 0;
    for (RecordComparison r : sorted) {
      OptionalDouble e = r.rrErrorMs();
      if (e.isPresent()) {
        rrSum += asPrinted(e.getAsDouble());
        rrRecords++;
      }
    }
    return new DetectionSummary(mapping, sorted, total, gross, average, new Average(rrSum, rrRecords));
  }

  /** A value as bxb prints it with two decimals ({@code %.2f}: the exact binary value rounded half-even) and read back. */
  static double asPrinted(double value) {
    return Double.parseDouble(new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString());
  }

  /** Reference beats of all records (sumstats' "Total QRS complexes"). */
  public long referenceBeats() {
    return total.sum(BeatClass.BEATS, List.of(BeatClass.values()));
  }

  /** Reference beats of a class in all records ("Total VEBs": V, "Total SVEBs": S). */
  public long referenceBeats(BeatClass c) {
    return total.referenceTotal(c);
  }
}
