package org.ecgplatform.evaluation.spark;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.evaluation.report.MetricsHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one evaluation output directory, the same in every mode of the evaluation job:
 *
 * <ol>
 *   <li>{@link #open}: the output must not exist; a run id ({@code <UTC time>-<8 hex>}) is drawn
 *       and the files are written to a staging directory beside the output, {@code
 *       .<name>.inprogress-<run id>};
 *   <li>{@link #publish}: the staging directory is renamed to the output, then the {@value
 *       #SUCCESS} marker is written into it, last: on object stores a rename is a copy, and a reader
 *       (the baseline reader) must not see the marker before every file has arrived;
 *   <li>{@link #appendHistory}: the run's row is appended to the history table (CSV and Parquet);
 *   <li>{@link #close}: a failed run leaves no staging directory behind.
 * </ol>
 */
final class RunOutput implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunOutput.class);

  static final String SUCCESS = "_SUCCESS";
  static final String HISTORY_PARQUET = "metrics_history.parquet";

  private final String runId;
  private final Path output;
  private final Path staging;
  private final FileSystem fs;

  private RunOutput(String runId, Path output, FileSystem fs) {
    this.runId = runId;
    this.output = output;
    this.fs = fs;
    this.staging = new Path(output.getParent(), "." + output.getName() + ".inprogress-" + runId);
  }

  /** Checks that {@code outputUri} does not exist yet and prepares the staging location (nothing is written). */
  static RunOutput open(String outputUri, Configuration hadoop) {
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    Path output = new Path(outputUri);
    FileSystem fs = fs(output, hadoop);
    if (HadoopFiles.exists(output, fs.getConf())) {
      throw new EcgPlatformException(
          "Cannot write evaluation to " + output + ": it already exists (choose a new --output, or delete it)");
    }
    return new RunOutput(runId, output, fs);
  }

  String runId() {
    return runId;
  }

  Path output() {
    return output;
  }

  /** Where the run's files are written until {@link #publish}. */
  Path staging() {
    return staging;
  }

  FileSystem fs() {
    return fs;
  }

  /** The history directory: the configured one, else {@code <output>/../history}. */
  Path historyDir(java.util.Optional<String> configured) {
    return configured.map(Path::new).orElse(new Path(output.getParent(), "history"));
  }

  /** Renames the staging directory to the output and writes the {@value #SUCCESS} marker. */
  void publish() {
    try {
      if (output.getParent() != null) {
        fs.mkdirs(output.getParent());
      }
      if (!fs.rename(staging, output)) {
        throw new EcgPlatformException("Cannot publish evaluation output " + output + ": rename from " + staging + " failed");
      }
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot publish evaluation output " + output + ": " + e.getMessage(), e);
    }
    HadoopFiles.writeString(new Path(output, SUCCESS), runId + "\n", fs.getConf());
  }

  /** Run facts every mode records first: run id and finish time. */
  Map<String, String> facts() {
    Map<String, String> run = new LinkedHashMap<>();
    run.put("run_id", runId);
    run.put("finished_utc", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    return run;
  }

  /**
   * Appends one row to the history in {@code history}: the {@link MetricsHistory#RUN_COLUMNS} taken
   * from {@code run} ({@code beats} from the argument), then the named metrics.
   */
  static void appendHistory(SparkSession spark, Path history, Map<String, String> run, long beats, Map<String, Double> metrics) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<String, String> facts = new LinkedHashMap<>();
    for (String c : MetricsHistory.RUN_COLUMNS) {
      facts.put(c, c.equals("beats") ? Long.toString(beats) : run.getOrDefault(c, ""));
    }
    MetricsHistory.appendCsv(fs(history, hadoop), history, facts, metrics);

    List<StructField> fields = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (Map.Entry<String, String> e : facts.entrySet()) {
      boolean isBeats = e.getKey().equals("beats");
      fields.add(DataTypes.createStructField(e.getKey(), isBeats ? DataTypes.LongType : DataTypes.StringType, false));
      values.add(isBeats ? (Object) beats : e.getValue());
    }
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      fields.add(DataTypes.createStructField(e.getKey(), DataTypes.DoubleType, true));
      values.add(Double.isNaN(e.getValue()) ? null : e.getValue());
    }
    spark.createDataFrame(List.of(RowFactory.create(values.toArray())), DataTypes.createStructType(fields))
        .coalesce(1)
        .write()
        .mode(SaveMode.Append)
        .parquet(new Path(history, HISTORY_PARQUET).toString());
  }

  /** Removes the staging directory if the run did not publish it. */
  @Override
  public void close() {
    try {
      if (fs.exists(staging)) {
        fs.delete(staging, true);
      }
    } catch (IOException e) {
      LOG.warn("Cannot remove staging directory {}: {}", staging, e.getMessage());
    }
  }

  static FileSystem fs(Path p, Configuration conf) {
    try {
      return p.getFileSystem(conf);
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot open file system of " + p + ": " + e.getMessage(), e);
    }
  }
}
