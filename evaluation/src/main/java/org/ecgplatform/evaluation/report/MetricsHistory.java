package org.ecgplatform.evaluation.report;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.io.HadoopFiles;

/**
 * The metrics history as CSV ({@value #CSV_FILE} in the history directory): one row per run with
 * {@code run_id, finished_utc, model, dataset, split, beats, mode, class_mapping} then every named
 * metric. {@code mode} is {@code classification} (a model classified a dataset's reference beats)
 * or {@code detection} (annotation files were scored beat by beat against reference annotations);
 * {@code class_mapping} is the class mapping of the run's figures. A row with a column the file
 * does not have yet adds that column (older rows leave it empty), so runs of both modes, and runs
 * written before a column existed, share one table. A new run is appended by rewriting the file
 * through a temporary file and a rename, so a reader never sees a half-written row. (The Parquet
 * copy of the same rows is written by the Spark layer.)
 */
public final class MetricsHistory {
  public static final String CSV_FILE = "metrics_history.csv";
  public static final List<String> RUN_COLUMNS =
      List.of("run_id", "finished_utc", "model", "dataset", "split", "beats", "mode", "class_mapping");

  private MetricsHistory() {}

  /** Appends one run; columns the file lacks are added at the end, cells the run lacks are left empty. */
  public static void appendCsv(FileSystem fs, Path historyDir, Map<String, String> run, Map<String, Double> metrics) {
    Path file = new Path(historyDir, CSV_FILE);
    List<String> header = new ArrayList<>(RUN_COLUMNS);
    header.addAll(metrics.keySet());
    List<List<?>> rows = new ArrayList<>();
    if (HadoopFiles.exists(file, fs.getConf())) {
      try (CSVParser p = Csv.FORMAT.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(new StringReader(HadoopFiles.readString(file, fs.getConf())))) {
        header = new ArrayList<>(p.getHeaderNames());
        for (CSVRecord r : p) {
          rows.add(r.toList());
        }
      } catch (IOException e) {
        throw new EcgPlatformException("Cannot read metrics history " + file + ": " + e.getMessage(), e);
      }
    }
    for (String col : RUN_COLUMNS) {
      if (!header.contains(col)) {
        header.add(col);
      }
    }
    for (String col : metrics.keySet()) {
      if (!header.contains(col)) {
        header.add(col);
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      List<Object> padded = new ArrayList<>(rows.get(i));
      while (padded.size() < header.size()) {
        padded.add("");
      }
      rows.set(i, padded);
    }
    List<Object> row = new ArrayList<>();
    for (String col : header) {
      if (run.containsKey(col)) {
        row.add(run.get(col));
      } else if (RUN_COLUMNS.contains(col)) {
        row.add("");
      } else {
        row.add(metrics.getOrDefault(col, Double.NaN));
      }
    }
    rows.add(row);
    Path tmp = new Path(historyDir, "." + CSV_FILE + ".tmp");
    HadoopFiles.writeString(tmp, Csv.write(header, rows), fs.getConf());
    try {
      fs.delete(file, false);
      if (!fs.rename(tmp, file)) {
        throw new EcgPlatformException("Cannot update metrics history " + file + ": rename from " + tmp + " failed");
      }
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot update metrics history " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the history rows (header names → cell text), oldest first. */
  public static List<Map<String, String>> readCsv(FileSystem fs, Path historyDir) {
    Path file = new Path(historyDir, CSV_FILE);
    try (CSVParser p = Csv.FORMAT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(HadoopFiles.readString(file, fs.getConf())))) {
      List<Map<String, String>> out = new ArrayList<>();
      for (CSVRecord r : p) {
        out.add(r.toMap());
      }
      return out;
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot read metrics history " + file + ": " + e.getMessage(), e);
    }
  }
}
