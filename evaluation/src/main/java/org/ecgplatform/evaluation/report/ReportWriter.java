package org.ecgplatform.evaluation.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.etl.io.HadoopFiles;

/**
 * Writes every report file of one run into a directory (any Hadoop URI). File names are the
 * constants below; {@code baseline_delta.csv} and {@code gate.json} only when there is a baseline.
 */
public final class ReportWriter {
  public static final String CONFUSION_CSV = "confusion_matrix.csv";
  public static final String CONFUSION_PER_RECORD_CSV = "confusion_matrix_per_record.csv";
  public static final String CONFUSION_JSON = "confusion_matrix.json";
  public static final String METRICS_JSON = "metrics.json";
  public static final String METRICS_CSV = "metrics.csv";
  public static final String METRICS_PER_RECORD_CSV = "metrics_per_record.csv";
  public static final String HEAT_MAP_PNG = "confusion_matrix.png";
  public static final String REPORT_HTML = "report.html";
  public static final String DELTA_CSV = "baseline_delta.csv";
  public static final String GATE_JSON = "gate.json";

  private ReportWriter() {}

  /** Writes the files; returns their paths. */
  public static List<Path> write(FileSystem fs, Path dir, HtmlReport.Content c) {
    List<Path> written = new ArrayList<>();
    var m = c.metrics();
    put(fs, dir, CONFUSION_CSV, ConfusionMatrixFiles.toCsv(m.overall(), m.classMapping()), written);
    put(fs, dir, CONFUSION_PER_RECORD_CSV, ConfusionMatrixFiles.perRecordToCsv(m.perRecord(), m.classMapping()), written);
    put(fs, dir, CONFUSION_JSON, ConfusionMatrixFiles.toJson(m.overall(), m.perRecord(), m.classMapping()), written);
    put(fs, dir, METRICS_JSON, MetricsFiles.toJson(m, c.run()), written);
    put(fs, dir, METRICS_CSV, MetricsFiles.toCsv(m), written);
    put(fs, dir, METRICS_PER_RECORD_CSV, MetricsFiles.perRecordToCsv(m), written);
    Path png = new Path(dir, HEAT_MAP_PNG);
    HadoopFiles.writeBytes(png, c.heatMapPng(), fs.getConf());
    written.add(png);
    if (!c.deltas().isEmpty()) {
      put(fs, dir, DELTA_CSV, RegressionGate.deltaCsv(c.deltas()), written);
    }
    c.gate().ifPresent(g -> put(fs, dir, GATE_JSON, g.toJson(), written));
    put(fs, dir, REPORT_HTML, HtmlReport.render(c), written);
    return written;
  }

  private static void put(FileSystem fs, Path dir, String name, String text, List<Path> written) {
    Path p = new Path(dir, name);
    HadoopFiles.writeString(p, text, fs.getConf());
    written.add(p);
  }
}
