package org.ecgplatform.evaluation.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgplatform.evaluation.metrics.BeatClass;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.metrics.DetectionStatistic;
import org.ecgplatform.evaluation.metrics.DetectionSummary;
import org.ecgplatform.evaluation.metrics.MatchMatrix;
import org.ecgplatform.evaluation.metrics.MatchSettings;
import org.ecgplatform.evaluation.metrics.RecordComparison;

/**
 * The machine-readable files of a detection-mode run (annotation files scored beat by beat against
 * reference annotations). Every one names the class mapping; {@code metrics.json} also the mode.
 *
 * <ul>
 *   <li>{@code metrics.json}: {@code formatVersion}, {@code mode} ({@value #MODE}), {@code
 *       classMapping}, {@code settings} (match window, start), {@code run} facts, {@code records},
 *       {@code metrics} (the named scalars of {@link #flat}, fractions, null when undefined), {@code
 *       gross} (numerator and denominator of each statistic), {@code average} (sum and number of
 *       records), {@code perRecord} (bxb's line-format counts, statistics, RR error, shutdown, the
 *       full matrix), {@code skipped} (records not scored, with the reason);
 *   <li>{@code metrics.csv}: {@code metric,value,class_mapping};
 *   <li>{@code metrics_per_record.csv}: one row per record: beats, bxb's 19 line-format counts,
 *       statistics (fractions), RR error (ms), shutdown (s), beats missed in shutdown per class;
 *   <li>{@code bxb_matrix.csv} / {@code .json} / {@code _per_record.csv}: the N S V F Q O X × n s v
 *       f q o x tallies (the O/X × o/x cells do not exist and are empty);
 *   <li>{@code records_skipped.csv}: {@code record,reason,class_mapping}.
 * </ul>
 *
 * Gross and average figures follow sumstats, per-record figures bxb ({@link DetectionStatistic}).
 */
public final class DetectionFiles {
  /** The {@code mode} of detection runs in reports and the history. */
  public static final String MODE = "detection";
  /** The average RMS RR interval error, milliseconds, in {@link #flat}. */
  public static final String RR_ERROR_MS = "avgRrErrorMs";

  private DetectionFiles() {}

  /**
   * The named scalars: gross statistics ({@code qrsSe, qrsPpv, vebSe, vebPpv, vebFpr, svebSe,
   * svebPpv}), their averages over records ({@code avgQrsSe …}) and {@value #RR_ERROR_MS}; fractions
   * except the RR error, NaN when undefined.
   */
  public static Map<String, Double> flat(DetectionSummary s) {
    Map<String, Double> f = new LinkedHashMap<>();
    for (DetectionStatistic st : DetectionStatistic.values()) {
      f.put(st.metricName(), s.gross().get(st).value());
    }
    for (DetectionStatistic st : DetectionStatistic.values()) {
      f.put(averageName(st), s.average().get(st).mean());
    }
    f.put(RR_ERROR_MS, s.rrErrorMs().mean());
    return f;
  }

  static String averageName(DetectionStatistic st) {
    String n = st.metricName();
    return "avg" + Character.toUpperCase(n.charAt(0)) + n.substring(1);
  }

  public static String metricsJson(DetectionSummary s, MatchSettings settings, Map<String, String> run, List<SkippedRecord> skipped) {
    ObjectNode root = Json.object();
    root.put("formatVersion", MetricsFiles.FORMAT_VERSION);
    root.put("mode", MODE);
    root.put(MetricsFiles.CLASS_MAPPING_KEY, s.classMapping().configName());
    root.put("classMappingDescription", s.classMapping().description());
    ObjectNode set = root.putObject("settings");
    set.put("matchWindowS", settings.matchWindowS());
    set.put("startS", settings.startS());
    set.put("standard", "ANSI/AAMI EC57 beat-by-beat comparison as PhysioNet bxb (per record) and sumstats (gross, average)");
    ObjectNode r = root.putObject("run");
    run.forEach(r::put);
    root.put("records", s.perRecord().size());
    root.put("referenceBeats", s.referenceBeats());
    root.put("referenceVebs", s.referenceBeats(BeatClass.V));
    root.put("referenceSvebs", s.referenceBeats(BeatClass.S));
    ObjectNode flat = root.putObject("metrics");
    flat(s).forEach((k, v) -> Json.putNumber(flat, k, v));
    ObjectNode gross = root.putObject("gross");
    s.gross().forEach((st, ratio) -> gross.set(st.metricName(), Json.ratio(ratio)));
    ObjectNode avg = root.putObject("average");
    s.average().forEach((st, a) -> average(avg.putObject(st.metricName()), a));
    average(avg.putObject("rrErrorMs"), s.rrErrorMs());
    ObjectNode per = root.putObject("perRecord");
    for (RecordComparison c : s.perRecord()) {
      ObjectNode n = per.putObject(c.record());
      n.put("referenceBeats", c.referenceBeats());
      n.put("testBeats", c.testBeats());
      ObjectNode counts = n.putObject("counts");
      for (BxbLineColumn col : BxbLineColumn.values()) {
        counts.put(col.heading(), col.of(c.matrix()));
      }
      ObjectNode stats = n.putObject("statistics");
      for (DetectionStatistic st : DetectionStatistic.values()) {
        stats.set(st.metricName(), Json.ratio(c.statistic(st)));
      }
      Json.putNumber(n, "rrErrorMs", c.rrErrorMs().orElse(Double.NaN));
      n.put("shutdownSeconds", c.shutdownSeconds());
      n.set("matrix", matrix(c.matrix()));
      ArrayNode w = n.putArray("warnings");
      c.warnings().forEach(w::add);
    }
    ArrayNode sk = root.putArray("skipped");
    for (SkippedRecord k : skipped) {
      ObjectNode o = sk.addObject();
      o.put("record", k.record());
      o.put("reason", k.reason());
    }
    return Json.write(root);
  }

  private static void average(ObjectNode n, DetectionSummary.Average a) {
    Json.putNumber(n, "mean", a.mean());
    n.put("sum", a.sum());
    n.put("records", a.records());
  }

  public static String metricsCsv(DetectionSummary s) {
    return MetricsFiles.toCsv(flat(s), s.classMapping());
  }

  /** Column names of {@link #perRecordCsv}. */
  public static List<String> perRecordHeader() {
    List<String> h = new ArrayList<>(List.of("record", "reference_beats", "test_beats"));
    for (BxbLineColumn col : BxbLineColumn.values()) {
      h.add(col.heading());
    }
    for (DetectionStatistic st : DetectionStatistic.values()) {
      h.add(st.metricName());
    }
    h.addAll(List.of("rrErrorMs", "shutdownS", "Nx", "Sx", "Vx", "Fx", "Qx", MetricsFiles.CLASS_MAPPING_COLUMN));
    return h;
  }

  public static String perRecordCsv(DetectionSummary s) {
    List<List<?>> rows = new ArrayList<>();
    for (RecordComparison c : s.perRecord()) {
      List<Object> row = new ArrayList<>(List.of(c.record(), c.referenceBeats(), c.testBeats()));
      for (BxbLineColumn col : BxbLineColumn.values()) {
        row.add(col.of(c.matrix()));
      }
      for (DetectionStatistic st : DetectionStatistic.values()) {
        row.add(c.statistic(st).value());
      }
      row.add(c.rrErrorMs().orElse(Double.NaN));
      row.add(c.shutdownSeconds());
      for (BeatClass r : BeatClass.BEATS) {
        row.add(c.matrix().count(r, BeatClass.X));
      }
      row.add(s.classMapping().configName());
      rows.add(row);
    }
    return Csv.write(perRecordHeader(), rows);
  }

  /** Column names of the matrix CSV: the test classes in lower case. */
  static List<String> testNames() {
    return java.util.Arrays.stream(BeatClass.values()).map(BeatClass::testName).toList();
  }

  static List<String> referenceNames() {
    return java.util.Arrays.stream(BeatClass.values()).map(BeatClass::name).toList();
  }

  /** The counts with -1 where bxb has no cell (O/X × o/x). */
  static long[][] cells(MatchMatrix m) {
    long[][] a = m.toArray();
    for (BeatClass r : BeatClass.PSEUDO) {
      for (BeatClass t : BeatClass.PSEUDO) {
        a[r.ordinal()][t.ordinal()] = -1;
      }
    }
    return a;
  }

  public static String matrixCsv(MatchMatrix m, ClassMapping mapping) {
    List<String> header = new ArrayList<>();
    header.add("reference");
    header.addAll(testNames());
    header.add(MetricsFiles.CLASS_MAPPING_COLUMN);
    List<List<?>> rows = new ArrayList<>();
    long[][] a = cells(m);
    for (BeatClass r : BeatClass.values()) {
      List<Object> row = new ArrayList<>();
      row.add(r.name());
      for (long c : a[r.ordinal()]) {
        row.add(c < 0 ? "" : c);
      }
      row.add(mapping.configName());
      rows.add(row);
    }
    return Csv.write(header, rows);
  }

  public static String matrixPerRecordCsv(DetectionSummary s) {
    List<List<?>> rows = new ArrayList<>();
    for (RecordComparison c : s.perRecord()) {
      for (BeatClass r : BeatClass.values()) {
        for (BeatClass t : BeatClass.values()) {
          long n = c.matrix().count(r, t);
          if (n > 0) {
            rows.add(List.of(c.record(), r.name(), t.testName(), n, s.classMapping().configName()));
          }
        }
      }
    }
    return Csv.write(List.of("record", "reference", "test", "count", MetricsFiles.CLASS_MAPPING_COLUMN), rows);
  }

  public static String matrixJson(DetectionSummary s) {
    ObjectNode root = Json.object();
    root.put(MetricsFiles.CLASS_MAPPING_KEY, s.classMapping().configName());
    ArrayNode rows = root.putArray("rows");
    referenceNames().forEach(rows::add);
    ArrayNode cols = root.putArray("columns");
    testNames().forEach(cols::add);
    root.put("absentCells", "O/X rows x o/x columns are not counted (null)");
    root.set("total", matrix(s.total()));
    ObjectNode per = root.putObject("perRecord");
    s.perRecord().forEach(c -> per.set(c.record(), matrix(c.matrix())));
    return Json.write(root);
  }

  private static ArrayNode matrix(MatchMatrix m) {
    ArrayNode rows = Json.MAPPER.createArrayNode();
    for (long[] row : cells(m)) {
      ArrayNode r = rows.addArray();
      for (long c : row) {
        if (c < 0) {
          r.addNull();
        } else {
          r.add(c);
        }
      }
    }
    return rows;
  }

  public static String skippedCsv(List<SkippedRecord> skipped, ClassMapping mapping) {
    List<List<?>> rows = new ArrayList<>();
    skipped.forEach(k -> rows.add(List.of(k.record(), k.reason(), mapping.configName())));
    return Csv.write(List.of("record", "reason", MetricsFiles.CLASS_MAPPING_COLUMN), rows);
  }

  /** A percentage as bxb prints it ("98.68"), or "-" when undefined. */
  static String percent(org.ecgplatform.evaluation.metrics.Ratio r) {
    return r.isDefined() ? CFormat.fixed((100. * r.numerator()) / r.denominator(), 0, 2) : "-";
  }

  static String percentOfMean(DetectionSummary.Average a) {
    return a.isDefined() ? CFormat.fixed(100. * a.sum() / a.records(), 0, 2) : "-";
  }

  static String format(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
  }
}
