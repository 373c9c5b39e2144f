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
 * {@code run_id, finished_utc, model, dataset, split, beats} then every named metric. A new run
 * is appended by rewriting the file through a temporary file and a rename, so a reader never sees a
 * half-written row. (The Parquet copy of the same rows is written by the Spark layer.)
 */
public final class MetricsHistory {
  public static final String CSV_FILE = "metrics_history.csv";
  public static final List<String> RUN_COLUMNS = List.of("run_id", "finished_utc", "model", "dataset", "split", "beats");

  private MetricsHistory() {}

  /** Appends one run; the metric columns are those of the first run written (missing ones left empty). */
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
    List<Object> row = new ArrayList<>();
    for (String col : header) {
      if (run.containsKey(col)) {
        row.add(run.get(col));
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
