package org.ecgplatform.evaluation.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.evaluation.metrics.EvaluationMetrics;
import org.ecgplatform.evaluation.report.ConfusionExample;
import org.ecgplatform.evaluation.report.HeatMap;
import org.ecgplatform.evaluation.report.HtmlReport;
import org.ecgplatform.evaluation.report.MetricDelta;
import org.ecgplatform.evaluation.report.MetricsFiles;
import org.ecgplatform.evaluation.report.MetricsHistory;
import org.ecgplatform.evaluation.report.RegressionGate;
import org.ecgplatform.evaluation.report.ReportWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Evaluates a beat classifier on one split of a beat dataset, distributed.
 *
 * <ol>
 *   <li>Check inputs before any work: the output does not exist, the model exists, the dataset's
 *       {@code schema.json} is readable and compatible with the model ({@link ScorerSpec}), the
 *       baseline (if any) is a completed run, the split has beats.
 *   <li>Score on the executors: the model's bytes are broadcast once, each partition is scored in
 *       batches ({@link ScorePartition}); predictions are written as Parquet.
 *   <li>Count: per-record confusion matrices are built per partition and merged with {@code
 *       reduceByKey}; only the matrices (25 counts per record) reach the driver.
 *   <li>Report: metrics, confusion examples (a few small queries on the predictions), baseline
 *       deltas and gate, annotations per record, every report file.
 *   <li>Publish: everything is written to a staging directory beside the output, which is renamed
 *       to the output; a {@value #SUCCESS} marker is written into it last. A failed run leaves no
 *       output; readers of an output (the baseline reader) require the marker, so a half-copied
 *       output on an object store (where rename is a copy) never passes for a complete one.
 *   <li>Append the run to the history table (CSV and Parquet).
 * </ol>
 *
 * <p>Numbers are deterministic: the scorer is deterministic and counts do not depend on
 * partitioning.
 */
public final class EvaluateJob {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

  public static final String PREDICTIONS_DIR = "predictions";
  public static final String SUCCESS = "_SUCCESS";
  public static final String HISTORY_PARQUET = "metrics_history.parquet";

  // Prediction columns (besides database, record, sample, time_s of the dataset contract).
  public static final String TRUE_LABEL = "true_label";
  public static final String TRUE_CLASS = "true_class";
  public static final String PREDICTED_LABEL = "predicted_label";
  public static final String PREDICTED_CLASS = "predicted_class";
  public static final String PROBABILITY_PREFIX = "prob_";

  private EvaluateJob() {}

  /** Runs with the scorer factory found on the classpath and the interim CSV annotations. */
  public static EvaluateResult run(SparkSession spark, EvaluateConfig config) {
    return run(spark, config, ScorerFactory.forUri(config.modelUri()), new WfdbAnnotationSink());
  }

  public static EvaluateResult run(SparkSession spark, EvaluateConfig config, ScorerFactory factory, AnnotationSink sink) {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    LOG.info("Evaluation {}: {}", runId, config);

    Path output = new Path(config.outputUri());
    FileSystem outFs = HadoopFiles.fs(output, hadoop);
    if (HadoopFiles.exists(output, hadoop)) {
      throw new EcgPlatformException(
          "Cannot write evaluation to " + output + ": it already exists (choose a new --output, or delete it)");
    }
    Path modelPath = new Path(config.modelUri());
    if (!HadoopFiles.exists(modelPath, hadoop)) {
      throw new EcgPlatformException("Cannot load model " + config.modelUri() + ": no such file or directory (check --model)");
    }
    DatasetSchema schema = readSchema(config.datasetUri(), hadoop);
    schema.requireReadable(config.datasetUri());
    BeatScorer scorer = factory.load(config.modelUri(), hadoop);
    ScorerSpec spec = scorer.spec();
    schema.requireCompatible(spec.asDatasetSchema(), config.datasetUri());
    if (!spec.classes().equals(AamiClass.vocabulary())) {
      throw new DatasetContractException(
          "Cannot evaluate model " + config.modelUri() + ": its classes " + spec.classes() + " are not the AAMI classes "
              + AamiClass.vocabulary());
    }
    Optional<Map<String, Double>> baseline = config.baselineUri().map(b -> readBaseline(b, hadoop));
    Dataset<Row> beats = readSplit(spark, config, schema, hadoop);

    Path staging = new Path(output.getParent(), "." + output.getName() + ".inprogress-" + runId);
    Broadcast<byte[]> model = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(scorer.toBytes());
    EvaluateResult result;
    try {
      long scoreStart = System.nanoTime();
      JavaRDD<Row> scored = beats.javaRDD().mapPartitions(new ScorePartition(factory, model, spec, config.batchSize()));
      Path predictionsPath = new Path(staging, PREDICTIONS_DIR);
      spark.createDataFrame(scored, predictionSchema(spec)).write().parquet(predictionsPath.toString());
      double scoringSeconds = seconds(scoreStart);
      Dataset<Row> predictions = spark.read().parquet(predictionsPath.toString());

      Map<String, ConfusionMatrix> perRecord = countPerRecord(predictions);
      EvaluationMetrics metrics = EvaluationMetrics.compute(perRecord);
      LOG.info("Scored {} beats of {} records in {} s ({} beats/s)", metrics.beats(), perRecord.size(),
          String.format("%.1f", scoringSeconds), String.format("%.0f", metrics.beats() / scoringSeconds));

      if (config.writeAnnotations()) {
        writeAnnotations(predictions, sink, staging.toString(), config.annotator());
      }
      List<ConfusionExample> examples = examples(predictions, metrics.overall(), config);
      List<MetricDelta> deltas = baseline.map(b -> RegressionGate.compare(b, metrics.flat())).orElse(List.of());
      Optional<RegressionGate.Result> gate = baseline.map(b -> new RegressionGate(config.gateRules()).check(b, metrics.flat()));
      gate.ifPresent(g -> LOG.info("{}", g.message()));

      Map<String, String> run = runFacts(runId, config, spec);
      HtmlReport.Content content = new HtmlReport.Content(
          "ECG beat classification: evaluation " + runId, run, metrics,
          HeatMap.png(metrics.overall(), "Confusion matrix (" + config.split() + " split)"), examples, deltas, gate);
      ReportWriter.write(outFs, staging, content);
      publish(outFs, staging, output);
      // Last, after the rename: on object stores a rename is a copy, and a reader must not see the
      // marker before every file has arrived.
      HadoopFiles.writeString(new Path(output, SUCCESS), runId + "\n", hadoop);

      Path history = config.historyDir().map(Path::new).orElse(new Path(output.getParent(), "history"));
      appendHistory(spark, hadoop, history, run, metrics);
      result = new EvaluateResult(runId, output.toString(), history.toString(), metrics, gate, scoringSeconds, seconds(start));
    } finally {
      model.destroy();
      try {
        if (outFs.exists(staging)) {
          outFs.delete(staging, true);
        }
      } catch (IOException e) {
        LOG.warn("Cannot remove staging directory {}: {}", staging, e.getMessage());
      }
    }
    LOG.info("Evaluation {} written to {} in {} s", runId, output, String.format("%.1f", result.totalSeconds()));
    return result;
  }

  /** Columns of the predictions Parquet. */
  public static StructType predictionSchema(ScorerSpec spec) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField(DatasetSchema.DATABASE, DataTypes.StringType, false));
    f.add(DataTypes.createStructField(DatasetSchema.RECORD, DataTypes.StringType, false));
    f.add(DataTypes.createStructField(DatasetSchema.SAMPLE, DataTypes.LongType, false));
    f.add(DataTypes.createStructField(DatasetSchema.TIME_S, DataTypes.DoubleType, false));
    f.add(DataTypes.createStructField(TRUE_LABEL, DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField(TRUE_CLASS, DataTypes.StringType, false));
    f.add(DataTypes.createStructField(PREDICTED_LABEL, DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField(PREDICTED_CLASS, DataTypes.StringType, false));
    for (String c : spec.classes()) {
      f.add(DataTypes.createStructField(PROBABILITY_PREFIX + c, DataTypes.FloatType, false));
    }
    return DataTypes.createStructType(f);
  }

  static DatasetSchema readSchema(String datasetUri, Configuration hadoop) {
    Path file = new Path(datasetUri, DatasetSchema.FILE_NAME);
    if (!HadoopFiles.exists(file, hadoop)) {
      throw new DatasetContractException(
          "Cannot read dataset " + datasetUri + ": no " + DatasetSchema.FILE_NAME + " (is it an ETL output? check --dataset)");
    }
    return DatasetSchema.fromJson(HadoopFiles.readString(file, hadoop), file.toString());
  }

  private static Dataset<Row> readSplit(SparkSession spark, EvaluateConfig config, DatasetSchema schema, Configuration hadoop) {
    Path beatsDir = new Path(config.datasetUri(), DatasetSchema.BEATS_DIR);
    Path splitDir = new Path(beatsDir, DatasetSchema.SPLIT + "=" + config.split());
    if (!HadoopFiles.exists(splitDir, hadoop)) {
      throw new DatasetContractException(
          "Cannot evaluate dataset " + config.datasetUri() + ": it has no split '" + config.split() + "' (no "
              + splitDir + "; set " + EvaluateConfig.ROOT + "." + EvaluateConfig.KEY_SPLIT + ")");
    }
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    columns.add(col(DatasetSchema.DATABASE).cast("string"));
    columns.add(col(DatasetSchema.RECORD).cast("string"));
    columns.add(col(DatasetSchema.SAMPLE).cast("long"));
    columns.add(col(DatasetSchema.TIME_S).cast("double"));
    columns.add(col(DatasetSchema.LABEL).cast("int"));
    for (String rr : schema.rrFeatures()) {
      columns.add(col(rr).cast("float"));
    }
    columns.add(col(DatasetSchema.WINDOW));
    Dataset<Row> beats;
    try {
      beats = spark.read().option("basePath", beatsDir.toString()).parquet(splitDir.toString())
          .select(columns.toArray(new org.apache.spark.sql.Column[0]));
    } catch (Exception e) {
      if (e instanceof AnalysisException || e.getCause() instanceof AnalysisException) {
        throw new DatasetContractException(
            "Cannot evaluate dataset " + config.datasetUri() + ": split '" + config.split() + "' holds no readable beats ("
                + e.getMessage() + ")");
      }
      throw e;
    }
    if (beats.isEmpty()) {
      throw new DatasetContractException(
          "Cannot evaluate dataset " + config.datasetUri() + ": split '" + config.split() + "' holds no beats");
    }
    return beats;
  }

  private static Map<String, Double> readBaseline(String baselineUri, Configuration hadoop) {
    Path dir = new Path(baselineUri);
    if (!HadoopFiles.exists(new Path(dir, SUCCESS), hadoop)) {
      throw new EcgPlatformException(
          "Cannot use baseline " + baselineUri + ": no " + SUCCESS + " marker (not a completed evaluation output; check --baseline)");
    }
    Path metrics = new Path(dir, ReportWriter.METRICS_JSON);
    return MetricsFiles.readFlat(HadoopFiles.readString(metrics, hadoop), metrics.toString());
  }

  /** Per-record matrices: counted per partition on the executors, merged by key; only matrices are collected. */
  static Map<String, ConfusionMatrix> countPerRecord(Dataset<Row> predictions) {
    Map<String, ConfusionMatrix> collected =
        predictions
            .select(DatasetSchema.DATABASE, DatasetSchema.RECORD, TRUE_LABEL, PREDICTED_LABEL)
            .javaRDD()
            .mapPartitionsToPair(
                (Iterator<Row> rows) -> {
                  Map<String, ConfusionMatrix> local = new HashMap<>();
                  while (rows.hasNext()) {
                    Row r = rows.next();
                    local.computeIfAbsent(r.getString(0) + "/" + r.getString(1), k -> new ConfusionMatrix())
                        .add(r.getInt(2), r.getInt(3), 1);
                  }
                  List<Tuple2<String, ConfusionMatrix>> out = new ArrayList<>(local.size());
                  local.forEach((k, v) -> out.add(new Tuple2<>(k, v)));
                  return out.iterator();
                })
            .reduceByKey(ConfusionMatrix::merge)
            .collectAsMap();
    return new TreeMap<>(collected);
  }

  private static void writeAnnotations(Dataset<Row> predictions, AnnotationSink sink, String outputDir, String annotator) {
    predictions
        .select(DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.SAMPLE, DatasetSchema.TIME_S, TRUE_LABEL, PREDICTED_LABEL)
        .repartition(col(DatasetSchema.DATABASE), col(DatasetSchema.RECORD))
        .sortWithinPartitions(DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.SAMPLE)
        .javaRDD()
        .foreachPartition(
            rows -> {
              String database = null;
              String record = null;
              List<PredictedBeat> beats = new ArrayList<>();
              while (rows.hasNext()) {
                Row r = rows.next();
                if (!r.getString(0).equals(database) || !r.getString(1).equals(record)) {
                  if (record != null) {
                    sink.write(outputDir, database, record, annotator, beats);
                  }
                  database = r.getString(0);
                  record = r.getString(1);
                  beats = new ArrayList<>();
                }
                beats.add(new PredictedBeat(r.getLong(2), r.getDouble(3), AamiClass.ofIndex(r.getInt(5)), AamiClass.ofIndex(r.getInt(4))));
              }
              if (record != null) {
                sink.write(outputDir, database, record, annotator, beats);
              }
            });
  }

  /** The most frequent off-diagonal cells, each with its earliest beats. */
  private static List<ConfusionExample> examples(Dataset<Row> predictions, ConfusionMatrix overall, EvaluateConfig config) {
    List<int[]> cells = new ArrayList<>();
    for (int r = 0; r < ConfusionMatrix.SIZE; r++) {
      for (int p = 0; p < ConfusionMatrix.SIZE; p++) {
        if (r != p && overall.count(r, p) > 0) {
          cells.add(new int[] {r, p});
        }
      }
    }
    cells.sort(Comparator.<int[]>comparingLong(c -> -overall.count(c[0], c[1])).thenComparingInt(c -> c[0]).thenComparingInt(c -> c[1]));
    List<ConfusionExample> out = new ArrayList<>();
    for (int[] c : cells.subList(0, Math.min(config.topConfusions(), cells.size()))) {
      List<ConfusionExample.Beat> beats = new ArrayList<>();
      if (config.examplesPerConfusion() > 0) {
        for (Row r : predictions
            .filter(col(TRUE_LABEL).equalTo(c[0]).and(col(PREDICTED_LABEL).equalTo(c[1])))
            .select(DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.SAMPLE, DatasetSchema.TIME_S)
            .orderBy(DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.SAMPLE)
            .limit(config.examplesPerConfusion())
            .collectAsList()) {
          beats.add(new ConfusionExample.Beat(r.getString(0), r.getString(1), r.getLong(2), r.getDouble(3)));
        }
      }
      out.add(new ConfusionExample(AamiClass.ofIndex(c[0]).name(), AamiClass.ofIndex(c[1]).name(), overall.count(c[0], c[1]), beats));
    }
    return out;
  }

  private static Map<String, String> runFacts(String runId, EvaluateConfig config, ScorerSpec spec) {
    Map<String, String> run = new LinkedHashMap<>();
    run.put("run_id", runId);
    run.put("finished_utc", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    run.put("model", config.modelUri());
    run.put("dataset", config.datasetUri());
    run.put("split", config.split());
    run.put("baseline", config.baselineUri().orElse(""));
    run.put("window", spec.samplesBefore() + "+" + spec.samplesAfter() + " samples at " + spec.fsHz() + " Hz, " + spec.leadCount() + " lead(s)");
    return run;
  }

  private static void publish(FileSystem fs, Path staging, Path output) {
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
  }

  private static void appendHistory(SparkSession spark, Configuration hadoop, Path history, Map<String, String> run, EvaluationMetrics metrics) {
    Map<String, String> facts = new LinkedHashMap<>();
    for (String c : MetricsHistory.RUN_COLUMNS) {
      facts.put(c, c.equals("beats") ? Long.toString(metrics.beats()) : run.getOrDefault(c, ""));
    }
    Map<String, Double> flat = metrics.flat();
    MetricsHistory.appendCsv(HadoopFiles.fs(history, hadoop), history, facts, flat);

    List<StructField> fields = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (Map.Entry<String, String> e : facts.entrySet()) {
      boolean beats = e.getKey().equals("beats");
      fields.add(DataTypes.createStructField(e.getKey(), beats ? DataTypes.LongType : DataTypes.StringType, false));
      values.add(beats ? (Object) metrics.beats() : e.getValue());
    }
    for (Map.Entry<String, Double> e : flat.entrySet()) {
      fields.add(DataTypes.createStructField(e.getKey(), DataTypes.DoubleType, true));
      values.add(Double.isNaN(e.getValue()) ? null : e.getValue());
    }
    spark.createDataFrame(List.of(RowFactory.create(values.toArray())), DataTypes.createStructType(fields))
        .coalesce(1)
        .write()
        .mode(SaveMode.Append)
        .parquet(new Path(history, HISTORY_PARQUET).toString());
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
