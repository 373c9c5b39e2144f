package org.ecgplatform.evaluation.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.evaluation.metrics.RhythmSummary;

/**
 * The summary files of an annotation run ({@code submit-scripts/annotate.sh}), one row per record
 * and per hour of each record, with the figures of {@link RhythmSummary} (its Javadoc defines
 * them), and the records that were quarantined with their reasons:
 *
 * <ul>
 *   <li>{@value #SUMMARY_CSV}: {@code database, record, leads, fs_hz, beats, beats_n .. beats_q,
 *       unclassified_beats, duration_s, mean_hr_bpm, longest_v_run, s_runs, ectopy_burden,
 *       warnings};
 *   <li>{@value #HOURLY_CSV}: {@code database, record, hour, beats, beats_n .. beats_q,
 *       mean_hr_bpm, longest_v_run, s_runs, ectopy_burden};
 *   <li>{@value #SUMMARY_JSON}: the run's facts, each record with its hours, the quarantined records;
 *   <li>{@value #QUARANTINE_CSV}: {@code database, record, reason}.
 * </ul>
 *
 * <p>Undefined figures (the heart rate of a record with one beat) are empty cells and JSON nulls.
 */
public final class AnnotationSummaryFiles {
  public static final String SUMMARY_CSV = "summary.csv";
  public static final String HOURLY_CSV = "summary-hourly.csv";
  public static final String SUMMARY_JSON = "summary.json";
  public static final String QUARANTINE_CSV = "quarantine.csv";

  /** A record that could not be annotated, and why. */
  public record Quarantined(String database, String record, String reason) implements java.io.Serializable {}

  private AnnotationSummaryFiles() {}

  /**
   * Writes the four files into {@code dir}.
   *
   * @param run facts of the run (run id, model, annotator ...), written first into the JSON
   * @return the files written
   */
  public static List<Path> write(FileSystem fs, Path dir, Map<String, String> run, List<AnnotatedRecord> records,
      List<Quarantined> quarantined) {
    List<Path> written = new ArrayList<>();
    put(fs, dir, SUMMARY_CSV, summaryCsv(records), written);
    put(fs, dir, HOURLY_CSV, hourlyCsv(records), written);
    put(fs, dir, SUMMARY_JSON, json(run, records, quarantined), written);
    List<List<?>> rows = new ArrayList<>();
    for (Quarantined q : quarantined) {
      rows.add(List.of(q.database(), q.record(), q.reason()));
    }
    put(fs, dir, QUARANTINE_CSV, Csv.write(List.of("database", "record", "reason"), rows), written);
    return written;
  }

  static String summaryCsv(List<AnnotatedRecord> records) {
    List<String> header = new ArrayList<>(List.of("database", "record", "leads", "fs_hz", "beats"));
    header.addAll(classColumns());
    header.addAll(List.of("unclassified_beats", "duration_s", "mean_hr_bpm", "longest_v_run", "s_runs", "ectopy_burden",
        "warnings"));
    List<List<?>> rows = new ArrayList<>();
    for (AnnotatedRecord r : records) {
      RhythmSummary s = r.summary();
      List<Object> row = new ArrayList<>(List.of(r.database(), r.record(), String.join(" ", r.leads()), r.fsHz(), s.beats()));
      for (AamiClass c : AamiClass.values()) {
        row.add(s.count(c));
      }
      row.addAll(List.of(r.unclassifiedBeats(), s.durationS(), s.meanHeartRateBpm(), s.longestVRun(), s.sRuns(),
          s.ectopyBurden(), String.join("; ", r.warnings())));
      rows.add(row);
    }
    return Csv.write(header, rows);
  }

  static String hourlyCsv(List<AnnotatedRecord> records) {
    List<String> header = new ArrayList<>(List.of("database", "record", "hour", "beats"));
    header.addAll(classColumns());
    header.addAll(List.of("mean_hr_bpm", "longest_v_run", "s_runs", "ectopy_burden"));
    List<List<?>> rows = new ArrayList<>();
    for (AnnotatedRecord r : records) {
      for (RhythmSummary.Hour h : r.summary().hours()) {
        List<Object> row = new ArrayList<>(List.of(r.database(), r.record(), h.hour(), h.beats()));
        for (AamiClass c : AamiClass.values()) {
          row.add(h.perClass().getOrDefault(c, 0L));
        }
        row.addAll(List.of(h.meanHeartRateBpm(), h.longestVRun(), h.sRuns(), h.ectopyBurden()));
        rows.add(row);
      }
    }
    return Csv.write(header, rows);
  }

  static String json(Map<String, String> run, List<AnnotatedRecord> records, List<Quarantined> quarantined) {
    ObjectNode root = Json.object();
    ObjectNode facts = root.putObject("run");
    run.forEach(facts::put);
    ArrayNode recs = root.putArray("records");
    for (AnnotatedRecord r : records) {
      RhythmSummary s = r.summary();
      ObjectNode n = recs.addObject();
      n.put("database", r.database());
      n.put("record", r.record());
      ArrayNode leads = n.putArray("leads");
      r.leads().forEach(leads::add);
      n.put("fs_hz", r.fsHz());
      n.put("beats", s.beats());
      putClasses(n, s.perClass());
      n.put("unclassified_beats", r.unclassifiedBeats());
      Json.putNumber(n, "duration_s", s.durationS());
      Json.putNumber(n, "mean_hr_bpm", s.meanHeartRateBpm());
      n.put("longest_v_run", s.longestVRun());
      n.put("s_runs", s.sRuns());
      Json.putNumber(n, "ectopy_burden", s.ectopyBurden());
      ArrayNode warnings = n.putArray("warnings");
      r.warnings().forEach(warnings::add);
      ArrayNode hours = n.putArray("hours");
      for (RhythmSummary.Hour h : s.hours()) {
        ObjectNode hn = hours.addObject();
        hn.put("hour", h.hour());
        hn.put("beats", h.beats());
        putClasses(hn, h.perClass());
        Json.putNumber(hn, "mean_hr_bpm", h.meanHeartRateBpm());
        hn.put("longest_v_run", h.longestVRun());
        hn.put("s_runs", h.sRuns());
        Json.putNumber(hn, "ectopy_burden", h.ectopyBurden());
      }
    }
    ArrayNode q = root.putArray("quarantined");
    for (Quarantined x : quarantined) {
      q.addObject().put("database", x.database()).put("record", x.record()).put("reason", x.reason());
    }
    return Json.write(root);
  }

  private static void putClasses(ObjectNode n, Map<AamiClass, Long> perClass) {
    ObjectNode c = n.putObject("beats_per_class");
    for (AamiClass k : AamiClass.values()) {
      c.put(k.name(), perClass.getOrDefault(k, 0L));
    }
  }

  private static List<String> classColumns() {
    List<String> cols = new ArrayList<>();
    for (AamiClass c : AamiClass.values()) {
      cols.add("beats_" + c.name().toLowerCase(java.util.Locale.ROOT));
    }
    return cols;
  }

  private static void put(FileSystem fs, Path dir, String name, String text, List<Path> written) {
    Path p = new Path(dir, name);
    HadoopFiles.writeString(p, text, fs.getConf());
    written.add(p);
  }
}
