package org.ecgplatform.evaluation.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.evaluation.metrics.EvaluationMetrics;
import org.ecgplatform.evaluation.metrics.RunLengthSensitivity;
import org.ecgplatform.evaluation.report.ConfusionExample;
import org.ecgplatform.evaluation.report.HeatMap;
import org.ecgplatform.evaluation.report.HtmlReport;
import org.ecgplatform.evaluation.report.MetricDelta;
import org.ecgplatform.evaluation.report.MetricsFiles;
import org.ecgplatform.evaluation.report.RecordBootstrap;
import org.ecgplatform.evaluation.report.RecordIntervalFiles;
import org.ecgplatform.evaluation.report.RegressionGate;
import org.ecgplatform.evaluation.report.ReportWriter;
import org.ecgplatform.evaluation.report.RunLengthFiles;
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
 *   <li>Score on the executors: the model's bytes are broadcast once, the beats are grouped by
 *       record and sorted in time, and each partition streams its records through the model
 *       ({@link ScorePartition}); predictions are written as Parquet, and their number must equal
 *       the split's beats.
 *   <li>Count: per-record confusion matrices are built per partition and merged with {@code
 *       reduceByKey}; only the matrices (25 counts per record) reach the driver. The reference class
 *       follows {@code evaluation.class-mapping} ({@link #referenceLabel}).
 *   <li>Report: metrics, confusion examples (a few small queries on the predictions), baseline
 *       deltas and gate, annotations per record, every report file.
 *   <li>Publish ({@link RunOutput}, shared with {@link DetectionJob}): everything is written to a
 *       staging directory beside the output, which is renamed to the output; a {@code _SUCCESS}
 *       marker is written into it last. A failed run leaves no output; readers of an output (the
 *       baseline reader) require the marker, so a half-copied output on an object store (where
 *       rename is a copy) never passes for a complete one.
 *   <li>Append the run to the history table (CSV and Parquet).
 * </ol>
 *
 * <p>Numbers are deterministic: the scorer is deterministic and counts do not depend on
 * partitioning.
 */
public final class EvaluateJob {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

  public static final String PREDICTIONS_DIR = "predictions";
  public static final String SUCCESS = RunOutput.SUCCESS;
  public static final String HISTORY_PARQUET = RunOutput.HISTORY_PARQUET;
  /** The {@code mode} of this job's runs in reports and the history. */
  public static final String MODE = "classification";

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
    RunOutput out = RunOutput.open(config.outputUri(), hadoop);
    LOG.info("Evaluation {}: {}", out.runId(), config);

    for (String member : EnsembleScorerFactory.members(config.modelUri())) {
      if (!HadoopFiles.exists(new Path(member), hadoop)) {
        throw new EcgPlatformException("Cannot load model " + member + ": no such file or directory (check --model)");
      }
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
    Optional<Map<String, Double>> baseline = config.baselineUri().map(b -> readBaseline(b, config.classMapping(), hadoop));
    Dataset<Row> split = readSplit(spark, config, schema, hadoop);
    long beatCount = split.count(); // before the shuffle below: Parquet's row counts, no column read
    if (beatCount == 0) {
      throw new DatasetContractException(
          "Cannot evaluate dataset " + config.datasetUri() + ": split '" + config.split() + "' holds no beats");
    }
    // Whole records per partition, each in time order: models that look at neighbouring beats
    // score a record as a stream (ScorePartition).
    Dataset<Row> beats = split.repartition(col(DatasetSchema.DATABASE), col(DatasetSchema.RECORD))
        .sortWithinPartitions(DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.TIME_S);

    Path staging = out.staging();
    Broadcast<byte[]> model = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(scorer.toBytes());
    EvaluateResult result;
    try (out) {
      long scoreStart = System.nanoTime();
      LongAccumulator gated = spark.sparkContext().longAccumulator("beats in an irregular rhythm");
      LongAccumulator changed = spark.sparkContext().longAccumulator("S predictions the AF gate changed");
      LongAccumulator otherChanged = spark.sparkContext().longAccumulator("other predictions the AF gate changed to N");
      LongAccumulator svtChanged = spark.sparkContext().longAccumulator("N predictions the SVT-run rule changed to S");
      NetworkTime network = NetworkTime.register(spark.sparkContext());
      // Spark's internal rows, not Rows: a Row would hold each window as a list of boxed Floats
      // (converting them was the executors' largest Java method, training/README.md).
      JavaRDD<Row> scored = beats.queryExecution().toRdd().toJavaRDD().mapPartitions(
          new ScorePartition(factory, model, spec, config.batchSize(), config.afGate(), config.svtRun(),
              config.decisionWeights(), gated, changed, otherChanged, svtChanged, network));
      Path predictionsPath = new Path(staging, PREDICTIONS_DIR);
      spark.createDataFrame(scored, predictionSchema(spec)).write().parquet(predictionsPath.toString());
      double scoringSeconds = seconds(scoreStart);
      Dataset<Row> predictions = spark.read().parquet(predictionsPath.toString());

      Map<String, ConfusionMatrix> perRecord = countPerRecord(predictions);
      EvaluationMetrics metrics = EvaluationMetrics.compute(config.classMapping(), perRecord);
      if (metrics.beats() != beatCount) {
        throw new EcgPlatformException("Cannot evaluate " + config.datasetUri() + ": " + beatCount + " beats in split '"
            + config.split() + "' but " + metrics.beats() + " predictions (every beat must be scored exactly once)");
      }
      LOG.info("Scored {} beats of {} records in {} s ({} beats/s), class mapping {}", metrics.beats(), perRecord.size(),
          String.format("%.1f", scoringSeconds), String.format("%.0f", metrics.beats() / scoringSeconds), config.classMapping());
      LOG.info("Scoring: {}", NetworkTime.describe(metrics.beats(), scoringSeconds, network.seconds(), network.beatsComputed()));

      if (config.writeAnnotations()) {
        writeAnnotations(predictions, sink, staging.toString(), config.annotator());
      }
      List<ConfusionExample> examples = examples(predictions, metrics.overall(), config);
      List<MetricDelta> deltas = baseline.map(b -> RegressionGate.compare(b, metrics.flat())).orElse(List.of());
      Optional<RegressionGate.Result> gate = baseline.map(b -> new RegressionGate(config.gateRules()).check(b, metrics.flat()));
      gate.ifPresent(g -> LOG.info("{}", g.message()));

      Map<String, String> run = runFacts(out, config, spec);
      if (config.afGate().enabled()) {
        // written once (a retried task may add twice to an accumulator; the counts are a report, not a check)
        String facts = String.format(java.util.Locale.ROOT,
            "%s: %d of %d beats in an irregular rhythm, %d predictions of S changed, %d of another class changed to N",
            config.afGate().describe(spec), gated.value(), metrics.beats(), changed.value(), otherChanged.value());
        LOG.info("AF gate {}", facts);
        run.put("af_gate", facts);
      } else {
        run.put("af_gate", "off");
      }
      if (config.svtRun().enabled()) {
        String facts = String.format(java.util.Locale.ROOT, "%s: %d predictions of N changed to S", config.svtRun().describe(),
            svtChanged.value());
        LOG.info("SVT-run rule {}", facts);
        run.put("svt_run", facts);
      } else {
        run.put("svt_run", "off");
      }
      run.put("decision", config.decisionWeights().describe());
      HtmlReport.Content content = new HtmlReport.Content(
          "ECG beat classification: evaluation " + out.runId(), run, metrics,
          HeatMap.png(metrics.overall(), "Confusion matrix (" + config.split() + " split, " + config.classMapping() + " mapping)"),
          examples, deltas, gate);
      ReportWriter.write(out.fs(), staging, content);
      RunLengthSensitivity runs = sensitivityByRunLength(predictions);
      for (AamiClass c : RunLengthSensitivity.CLASSES) {
        LOG.info("Sensitivity by run length (reference runs of the class): {}", runs.describe(c));
      }
      HadoopFiles.writeString(new Path(staging, RunLengthFiles.FILE_NAME), RunLengthFiles.toCsv(runs, config.classMapping()), hadoop);
      RecordIntervalFiles overRecords = RecordIntervalFiles.of(perRecord, RecordBootstrap.DEFAULT_SAMPLES);
      LOG.info("Over the records drawn again: {}", overRecords.describe());
      HadoopFiles.writeString(new Path(staging, RecordIntervalFiles.FILE_NAME), overRecords.toCsv(config.classMapping()), hadoop);
      out.publish();

      Path history = out.historyDir(config.historyDir());
      RunOutput.appendHistory(spark, history, run, metrics.beats(), metrics.flat());
      result = new EvaluateResult(out.runId(), out.output().toString(), history.toString(), metrics, gate, scoringSeconds,
          network.seconds(), network.beatsComputed(), seconds(start));
    } finally {
      model.destroy();
    }
    LOG.info("Evaluation {} written to {} in {} s", out.runId(), out.output(), String.format("%.1f", result.totalSeconds()));
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

  private static FileSystem fs(Path p, Configuration conf) {
    return RunOutput.fs(p, conf);
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
    columns.add(referenceLabel(config, schema));
    for (String rr : schema.rrFeatures()) {
      columns.add(col(rr).cast("float"));
    }
    columns.add(col(DatasetSchema.WINDOW).cast("array<float>"));
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
    return beats;
  }

  /**
   * The reference label under the configured class mapping. {@code aami}: the dataset's own label
   * (the ETL labels with that table). Another mapping: re-derived from the beat's original
   * annotation symbol (column {@code symbol}) by the mapping's table; a symbol the mapping does not
   * classify keeps the dataset's label.
   */
  static org.apache.spark.sql.Column referenceLabel(EvaluateConfig config, DatasetSchema schema) {
    org.apache.spark.sql.Column label = col(DatasetSchema.LABEL).cast("int");
    ClassMapping mapping = config.classMapping();
    if (mapping == ClassMapping.AAMI) {
      return label;
    }
    if (!schema.columnNames().contains(DatasetSchema.SYMBOL)) {
      throw new DatasetContractException("Cannot evaluate dataset " + config.datasetUri() + " with class mapping " + mapping
          + ": it has no '" + DatasetSchema.SYMBOL + "' column to re-derive the reference class from (set "
          + EvaluateConfig.ROOT + "." + EvaluateConfig.KEY_CLASS_MAPPING + "=aami, or rebuild the dataset with the ETL)");
    }
    org.apache.spark.sql.Column mapped = null;
    for (AamiClass c : AamiClass.values()) {
      List<String> symbols = new ArrayList<>();
      mapping.table().keySet().forEach(s -> {
        if (mapping.aamiClassOf(s).equals(Optional.of(c))) {
          symbols.add(s);
        }
      });
      org.apache.spark.sql.Column is = col(DatasetSchema.SYMBOL).isin(symbols.toArray());
      mapped = mapped == null ? functions.when(is, c.ordinal()) : mapped.when(is, c.ordinal());
    }
    return mapped.otherwise(label).as(DatasetSchema.LABEL);
  }

  /** The baseline's metrics; refused when it is incomplete or used another class mapping (its SVEB figures would not compare). */
  private static Map<String, Double> readBaseline(String baselineUri, ClassMapping mapping, Configuration hadoop) {
    Path dir = new Path(baselineUri);
    if (!HadoopFiles.exists(new Path(dir, SUCCESS), hadoop)) {
      throw new EcgPlatformException(
          "Cannot use baseline " + baselineUri + ": no " + SUCCESS + " marker (not a completed evaluation output; check --baseline)");
    }
    Path metrics = new Path(dir, ReportWriter.METRICS_JSON);
    String json = HadoopFiles.readString(metrics, hadoop);
    ClassMapping baselineMapping = MetricsFiles.readClassMapping(json, metrics.toString());
    if (baselineMapping != mapping) {
      throw new EcgPlatformException("Cannot compare with baseline " + baselineUri + ": its figures use class mapping "
          + baselineMapping + ", this run's " + mapping + " (set " + EvaluateConfig.ROOT + "." + EvaluateConfig.KEY_CLASS_MAPPING
          + "=" + baselineMapping + ", or choose a baseline evaluated with " + mapping + ")");
    }
    return MetricsFiles.readFlat(json, metrics.toString());
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

  /**
   * The S and V beats' sensitivity by the run of their class they stand in: each record's
   * predictions in time order ({@link RunLengthSensitivity#addRecord}), counted where the record's
   * partition is and summed.
   */
  static RunLengthSensitivity sensitivityByRunLength(Dataset<Row> predictions) {
    return predictions
        .select(DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.SAMPLE, TRUE_LABEL, PREDICTED_LABEL)
        .repartition(col(DatasetSchema.DATABASE), col(DatasetSchema.RECORD))
        .sortWithinPartitions(DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.SAMPLE)
        .javaRDD()
        .mapPartitions(
            (Iterator<Row> rows) -> {
              RunLengthSensitivity local = new RunLengthSensitivity();
              List<Integer> truth = new ArrayList<>();
              List<Integer> predicted = new ArrayList<>();
              String current = null;
              while (rows.hasNext()) {
                Row r = rows.next();
                String record = r.getString(0) + "/" + r.getString(1);
                if (!record.equals(current)) {
                  addRecord(local, truth, predicted);
                  current = record;
                }
                truth.add(r.getInt(3));
                predicted.add(r.getInt(4));
              }
              addRecord(local, truth, predicted);
              return List.of(local).iterator();
            })
        .fold(new RunLengthSensitivity(), RunLengthSensitivity::merge);
  }

  private static void addRecord(RunLengthSensitivity counts, List<Integer> truth, List<Integer> predicted) {
    counts.addRecord(truth.stream().mapToInt(Integer::intValue).toArray(), predicted.stream().mapToInt(Integer::intValue).toArray());
    truth.clear();
    predicted.clear();
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

  private static Map<String, String> runFacts(RunOutput out, EvaluateConfig config, ScorerSpec spec) {
    Map<String, String> run = out.facts();
    run.put("mode", MODE);
    run.put("class_mapping", config.classMapping().configName());
    run.put("model", config.modelUri());
    run.put("dataset", config.datasetUri());
    run.put("split", config.split());
    run.put("baseline", config.baselineUri().orElse(""));
    run.put("window", spec.samplesBefore() + "+" + spec.samplesAfter() + " samples at " + spec.fsHz() + " Hz, " + spec.leadCount() + " lead(s)");
    return run;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
