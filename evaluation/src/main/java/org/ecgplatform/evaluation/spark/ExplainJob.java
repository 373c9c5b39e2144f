package org.ecgplatform.evaluation.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.evaluation.explain.BeatContext;
import org.ecgplatform.evaluation.explain.ConfusionCell;
import org.ecgplatform.evaluation.explain.ContextPlan;
import org.ecgplatform.evaluation.explain.ErrorBeat;
import org.ecgplatform.evaluation.explain.ExampleSelection;
import org.ecgplatform.evaluation.explain.Explainer;
import org.ecgplatform.evaluation.explain.Explanation;
import org.ecgplatform.evaluation.explain.ExplanationReport;
import org.ecgplatform.evaluation.explain.RecordBeat;
import org.ecgplatform.evaluation.explain.SaliencyChart;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.ModelKind;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.SaliencyMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error analysis of an evaluation: the remaining confusions, each with example beats as pictures
 * that show which samples drove the model's decision, for a cardiologist to judge.
 *
 * <ol>
 *   <li>Check inputs before any work: the output does not exist, the evaluation is a completed
 *       classification run, the model exists and its contract matches the dataset's.
 *   <li>Read the evaluation's misclassified beats from its predictions (Spark; a few thousand rows
 *       at most reach the driver) and choose the cells and their examples ({@link ExampleSelection}).
 *   <li>Read the examples' records from the evaluated split: first their beats' samples and times
 *       only, to place each example in its record ({@link ContextPlan}: the sequence the scorer
 *       classified it in, with the geometry of {@link BeatModel#scoringSpan}, and its neighbours);
 *       then the windows and RR features of just those beats.
 *   <li>On the driver: the model's probabilities and saliency for each example ({@link Explainer},
 *       which refuses probabilities that differ from the evaluation's).
 *   <li>Write a PNG and a trace CSV per example, {@code examples.csv}, {@code
 *       confusions_per_record.csv} and {@code index.md} ({@link ExplanationReport}) to a staging
 *       directory, published with a {@code _SUCCESS} marker ({@link RunOutput}).
 * </ol>
 */
public final class ExplainJob {
  private static final Logger LOG = LoggerFactory.getLogger(ExplainJob.class);

  private ExplainJob() {}

  public static ExplainResult run(SparkSession spark, ExplainConfig config) {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunOutput out = RunOutput.open(config.outputUri(), hadoop);
    LOG.info("Error analysis {}: {}", out.runId(), config);

    EvaluationOutput evaluation = EvaluationOutput.read(config.evaluationUri(), hadoop);
    BeatModel model = loadModel(config.modelUri(), hadoop);
    ModelMetadata meta = model.metadata();
    DatasetSchema schema = EvaluateJob.readSchema(config.datasetUri(), hadoop);
    schema.requireCompatible(ScorerSpec.of(meta).asDatasetSchema(), config.datasetUri());
    if (!meta.classes().equals(AamiClass.vocabulary())) {
      throw new DatasetContractException("Cannot explain with model " + config.modelUri() + ": its classes " + meta.classes()
          + " are not the AAMI classes " + AamiClass.vocabulary());
    }
    String evaluatedModel = evaluation.facts().getOrDefault("model", "");
    if (!evaluatedModel.isEmpty() && !sameLocation(evaluatedModel, config.modelUri())) {
      LOG.warn("The evaluation {} scored model {}, not {}: its probabilities will be checked against this one",
          config.evaluationUri(), evaluatedModel, config.modelUri());
    }

    List<ErrorBeat> errors = readErrors(spark, evaluation);
    List<ConfusionCell> cells = ExampleSelection.cells(errors, config.cells(), config.topCells());
    Map<ConfusionCell, List<ErrorBeat>> picked = ExampleSelection.examples(errors, cells, config.perConfusion());
    LOG.info("{} misclassified beats in {}; explaining cells {} with {} examples", errors.size(), config.evaluationUri(), cells,
        picked.values().stream().mapToInt(List::size).sum());

    List<ErrorBeat> all = new ArrayList<>();
    picked.values().forEach(all::addAll);
    long t = System.nanoTime();
    List<BeatContext> contexts = contexts(spark, config.datasetUri(), evaluation.split(), schema, model, all);
    LOG.info("Read the examples' beats in {} s", String.format("%.1f", seconds(t)));
    t = System.nanoTime();
    List<Explanation> explained = Explainer.explain(model, contexts, config.method(), config.integrationSteps());
    LOG.info("Saliency ({}) of {} examples in {} s", config.method().configName(), explained.size(), String.format("%.1f", seconds(t)));

    Map<ConfusionCell, List<Explanation>> byCell = new LinkedHashMap<>();
    cells.forEach(c -> byCell.put(c, new ArrayList<>()));
    explained.forEach(e -> byCell.get(e.error().cell()).add(e));
    ExplanationReport.Content content = new ExplanationReport.Content(facts(out, config, evaluation, meta),
        ExampleSelection.counts(errors), byCell, evaluation.perRecord(), meta);
    try (out) {
      write(out, content, meta);
      out.publish();
    }
    ExplainResult result = new ExplainResult(out.runId(), out.output().toString(), errors.size(), byCell, seconds(start));
    LOG.info("Error analysis {} written to {} in {} s", out.runId(), out.output(), String.format("%.1f", result.totalSeconds()));
    return result;
  }

  private static BeatModel loadModel(String uri, Configuration hadoop) {
    if (EnsembleScorerFactory.members(uri).size() > 1) {
      throw new EcgPlatformException("Cannot explain with " + uri + ": the error analysis traces one model's decisions"
          + " (give one model of the ensemble as --model)");
    }
    Path dir = new Path(uri);
    if (!HadoopFiles.exists(new Path(dir, ModelMetadata.FILE_NAME), hadoop)) {
      throw new EcgPlatformException("Cannot load model " + uri + ": no " + ModelMetadata.FILE_NAME
          + " (is it a training output? check --model)");
    }
    return BeatModel.load(uri, hadoop);
  }

  private static boolean sameLocation(String a, String b) {
    return new Path(a).toUri().getPath().replaceAll("/+$", "").equals(new Path(b).toUri().getPath().replaceAll("/+$", ""));
  }

  /** The evaluation's misclassified beats (reference ≠ predicted), with its probabilities. */
  static List<ErrorBeat> readErrors(SparkSession spark, EvaluationOutput evaluation) {
    List<Column> columns = new ArrayList<>(List.of(col(DatasetSchema.DATABASE), col(DatasetSchema.RECORD),
        col(DatasetSchema.SAMPLE).cast("long"), col(DatasetSchema.TIME_S).cast("double"), col(EvaluateJob.TRUE_LABEL),
        col(EvaluateJob.PREDICTED_LABEL)));
    for (String c : AamiClass.vocabulary()) {
      columns.add(col(EvaluateJob.PROBABILITY_PREFIX + c).cast("float"));
    }
    List<Row> rows;
    try {
      rows = spark.read().parquet(evaluation.predictions().toString())
          .filter(col(EvaluateJob.TRUE_LABEL).notEqual(col(EvaluateJob.PREDICTED_LABEL)))
          .select(columns.toArray(new Column[0]))
          .collectAsList();
    } catch (Exception e) {
      if (e instanceof org.apache.spark.sql.AnalysisException || e.getCause() instanceof org.apache.spark.sql.AnalysisException) {
        throw new EcgPlatformException("Cannot explain evaluation " + evaluation.uri() + ": its predictions are not readable"
            + " as the evaluation writes them (" + e.getMessage() + ")", e);
      }
      throw e;
    }
    List<ErrorBeat> errors = new ArrayList<>(rows.size());
    int classes = AamiClass.vocabulary().size();
    for (Row r : rows) {
      float[] p = new float[classes];
      for (int c = 0; c < classes; c++) {
        p[c] = r.getFloat(6 + c);
      }
      errors.add(new ErrorBeat(r.getString(0), r.getString(1), r.getLong(2), r.getDouble(3), AamiClass.ofIndex(r.getInt(4)),
          AamiClass.ofIndex(r.getInt(5)), p));
    }
    return errors;
  }

  /**
   * Each example's context: the record's beats in time order (samples only), the plan of which
   * beats are needed, then those beats' rows.
   */
  static List<BeatContext> contexts(SparkSession spark, String datasetUri, String split, DatasetSchema schema, BeatModel model,
      List<ErrorBeat> examples) {
    if (examples.isEmpty()) {
      return List.of();
    }
    Set<String> databases = new LinkedHashSet<>();
    Set<String> records = new LinkedHashSet<>();
    for (ErrorBeat e : examples) {
      databases.add(e.database());
      records.add(e.recordKey());
    }
    Column recordKey = concat_ws("/", col(DatasetSchema.DATABASE), col(DatasetSchema.RECORD));
    Dataset<Row> beats = readSplit(spark, datasetUri, split)
        .filter(col(DatasetSchema.DATABASE).isin(databases.toArray()).and(recordKey.isin(records.toArray())));

    Map<String, List<Row>> order = new TreeMap<>();
    for (Row r : beats.select(recordKey, col(DatasetSchema.SAMPLE).cast("long"), col(DatasetSchema.TIME_S).cast("double"))
        .collectAsList()) {
      order.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
    }
    // The evaluation streamed each record's beats in time order (EvaluateJob.readSplit).
    Map<String, long[]> samplesInOrder = new HashMap<>();
    order.forEach((key, rows) -> {
      rows.sort(Comparator.<Row>comparingDouble(r -> r.getDouble(2)).thenComparingLong(r -> r.getLong(1)));
      samplesInOrder.put(key, rows.stream().mapToLong(r -> r.getLong(1)).toArray());
    });
    List<ContextPlan> plans = new ArrayList<>(examples.size());
    Set<String> needed = new LinkedHashSet<>();
    for (ErrorBeat e : examples) {
      ContextPlan plan = ContextPlan.of(e, samplesInOrder.getOrDefault(e.recordKey(), new long[0]), model::scoringSpan);
      plans.add(plan);
      plan.samples().forEach(s -> needed.add(e.recordKey() + "/" + s));
    }

    List<Column> columns = new ArrayList<>(List.of(recordKey, col(DatasetSchema.SAMPLE).cast("long"),
        col(DatasetSchema.TIME_S).cast("double"),
        schema.columnNames().contains(DatasetSchema.SYMBOL) ? col(DatasetSchema.SYMBOL) : lit("")));
    for (String rr : schema.rrFeatures()) {
      columns.add(col(rr).cast("float"));
    }
    columns.add(col(DatasetSchema.WINDOW));
    Map<String, Map<Long, RecordBeat>> rows = new HashMap<>();
    int rrCount = schema.rrFeatures().size();
    for (Row r : beats.filter(concat_ws("/", recordKey, col(DatasetSchema.SAMPLE).cast("long")).isin(needed.toArray()))
        .select(columns.toArray(new Column[0])).collectAsList()) {
      float[] rr = new float[rrCount];
      for (int k = 0; k < rrCount; k++) {
        rr[k] = r.isNullAt(4 + k) ? Float.NaN : r.getFloat(4 + k);
      }
      List<Float> w = r.getList(4 + rrCount);
      float[] window = new float[w.size()];
      for (int i = 0; i < window.length; i++) {
        window[i] = w.get(i);
      }
      String symbol = r.isNullAt(3) ? "" : r.getString(3);
      rows.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getLong(1), new RecordBeat(r.getLong(1), r.getDouble(2),
          symbol, rr, window));
    }
    List<BeatContext> contexts = new ArrayList<>(plans.size());
    for (ContextPlan p : plans) {
      contexts.add(p.context(rows.getOrDefault(p.error().recordKey(), Map.of())));
    }
    return contexts;
  }

  private static Dataset<Row> readSplit(SparkSession spark, String datasetUri, String split) {
    Path beatsDir = new Path(datasetUri, DatasetSchema.BEATS_DIR);
    Path splitDir = new Path(beatsDir, DatasetSchema.SPLIT + "=" + split);
    if (!HadoopFiles.exists(splitDir, spark.sparkContext().hadoopConfiguration())) {
      throw new DatasetContractException("Cannot explain with dataset " + datasetUri + ": it has no split '" + split
          + "', the one the evaluation scored (no " + splitDir + "; is --dataset the evaluated dataset?)");
    }
    return spark.read().option("basePath", beatsDir.toString()).parquet(splitDir.toString());
  }

  private static Map<String, String> facts(RunOutput out, ExplainConfig config, EvaluationOutput evaluation, ModelMetadata m) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("evaluation", config.evaluationUri() + " (run " + evaluation.facts().getOrDefault("run_id", "?") + ")");
    String kind = m.network().kind() == ModelKind.SEQUENCE
        ? "beat sequences: " + m.network().direction().name().toLowerCase(java.util.Locale.ROOT) + ", " + m.network().sequenceLength()
            + " beats, overlap " + m.network().sequenceOverlap() + ", beat encoder "
            + m.network().beatEncoder().name().toLowerCase(java.util.Locale.ROOT)
        : "one beat at a time";
    f.put("model", config.modelUri() + " (" + kind + ")");
    f.put("dataset", config.datasetUri() + ", split " + evaluation.split());
    f.put("class mapping", evaluation.classMapping().configName());
    f.put("window", m.samplesBefore() + " + " + m.samplesAfter() + " samples at " + m.fsHz() + " Hz, channels " + m.leadNames());
    f.put("saliency", config.method() == SaliencyMethod.INTEGRATED_GRADIENTS
        ? "integrated gradients, " + config.integrationSteps() + " steps, baseline at the training means"
        : "gradient of log p(predicted class)");
    f.put("analysis", out.runId());
    return f;
  }

  private static void write(RunOutput out, ExplanationReport.Content content, ModelMetadata meta) {
    Path dir = out.staging();
    Configuration conf = out.fs().getConf();
    for (List<Explanation> list : content.examples().values()) {
      for (Explanation e : list) {
        HadoopFiles.writeBytes(new Path(dir, ExplanationReport.pngPath(e)), SaliencyChart.png(e, meta), conf);
        HadoopFiles.writeString(new Path(dir, ExplanationReport.tracePath(e)), ExplanationReport.traceCsv(e, meta), conf);
      }
    }
    HadoopFiles.writeString(new Path(dir, ExplanationReport.EXAMPLES_CSV), ExplanationReport.examplesCsv(content), conf);
    HadoopFiles.writeString(new Path(dir, ExplanationReport.PER_RECORD_CSV), ExplanationReport.perRecordCsv(content), conf);
    HadoopFiles.writeString(new Path(dir, ExplanationReport.INDEX_MD), ExplanationReport.indexMd(content), conf);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
