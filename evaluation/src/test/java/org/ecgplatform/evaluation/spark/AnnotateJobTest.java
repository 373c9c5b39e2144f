package org.ecgplatform.evaluation.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.Beat;
import org.ecgplatform.etl.beats.BeatExtractor;
import org.ecgplatform.etl.beats.ExtractionConfig;
import org.ecgplatform.etl.beats.WindowConfig;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.spark.EtlConfig;
import org.ecgplatform.etl.spark.EtlJob;
import org.ecgplatform.etl.synth.SynthConfig;
import org.ecgplatform.etl.synth.SynthRecord;
import org.ecgplatform.etl.synth.SynthWfdb;
import org.ecgplatform.etl.synth.SyntheticEcgGenerator;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.etl.wfdb.SignalDefinition;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.etl.wfdb.WfdbWriter;
import org.ecgplatform.evaluation.metrics.RhythmSummary;
import org.ecgplatform.evaluation.report.AnnotatedRecord;
import org.ecgplatform.evaluation.rhythm.AtrialActivity;
import org.ecgplatform.evaluation.report.AnnotationSummaryFiles;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.testing.TestData;
import org.ecgplatform.training.model.AtrialMatch;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.BeatNetwork;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.model.RrEncoding;
import org.ecgplatform.training.model.SequenceDirection;
import org.ecgplatform.training.model.SequenceNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The annotation job end to end on synthetic records written as WFDB files without their
 * reference annotations, with real (untrained, seeded) DL4J models of both kinds whose input
 * contract is that of the ETL's default windows: what is checked is the plumbing (every detected
 * beat annotated once, files that read back, summaries that agree with the Parquet rows, the
 * quarantine), not the classes a trained model would give.
 */
@ExtendWith(SharedSpark.class)
class AnnotateJobTest {
  private static final double DURATION_S = 90;
  private static final List<String> GOOD = List.of("s0000", "s0001");
  private static final String NO_ECG = "s0002";
  /** The window channels of the ETL's default dataset: MLII and its record template. */
  private static final List<String> CHANNELS = List.of("MLII", DatasetSchema.templateChannel("MLII"));

  @TempDir static Path shared;
  @TempDir Path tmp;

  private static Path input;
  /** Reference beat samples of the good records (the deleted .atr files). */
  private static final Map<String, long[]> REFERENCE = new HashMap<>();
  private static String beatModel;
  private static String sequenceModel;
  /** The same network as {@link #sequenceModel}, other initial weights. */
  private static String sequenceModel2;

  @BeforeAll
  static void recordsAndModels() throws IOException {
    input = Files.createDirectories(shared.resolve("in/synthdb"));
    LocalWfdbStorage storage = new LocalWfdbStorage(input);
    SyntheticEcgGenerator generator = generator();
    for (int i = 0; i < GOOD.size(); i++) {
      SynthRecord r = generator.generate(i);
      SynthWfdb.write(r, storage);
      Files.delete(input.resolve(r.name() + "." + SynthWfdb.ANNOTATOR));
      REFERENCE.put(r.name(), r.beats().stream().mapToLong(b -> b.sample()).toArray());
    }
    // A record whose signals are not ECG: quarantined, the others annotated.
    SynthRecord bad = generator.generate(2);
    List<SignalDefinition> notEcg = new ArrayList<>();
    for (String name : List.of("ABP", "RESP")) {
      notEcg.add(new SignalDefinition(name, bad.gainAdcPerMv(), 0, "mV", bad.format().bitsPerSample(), 0));
    }
    WfdbWriter.write(storage, NO_ECG, bad.fsHz(), bad.format(), notEcg, bad.digitalSignal());
    SynthWfdb.writeRecordsFile(storage, List.of("s0000", "s0001", NO_ECG));

    ExtractionConfig etl = AnnotateConfig.defaults("m", List.of("i"), "o").extraction();
    NetworkConfig cfg = NetworkConfig.reference(2, etl.samplesBefore() + etl.samplesAfter(), 5, 1e-3, 7);
    beatModel = saveModel("beat-model", new BeatModel(BeatNetwork.build(cfg, null), metadata(cfg, etl)));
    NetworkConfig seq = cfg.asSequence(SequenceDirection.BIDIRECTIONAL, 8, 2, 1);
    sequenceModel = saveModel("sequence-model", new BeatModel(SequenceNetwork.build(seq, null), metadata(seq, etl)));
    NetworkConfig seq2 = NetworkConfig.reference(2, etl.samplesBefore() + etl.samplesAfter(), 5, 1e-3, 8)
        .asSequence(SequenceDirection.BIDIRECTIONAL, 8, 2, 1);
    sequenceModel2 = saveModel("sequence-model-2", new BeatModel(SequenceNetwork.build(seq2, null), metadata(seq2, etl)));
  }

  /** The metadata of a model trained on the ETL's default dataset (MLII and its record template). */
  private static ModelMetadata metadata(NetworkConfig cfg, ExtractionConfig etl) {
    DatasetSchema schema = DatasetSchema.current(etl.targetFsHz(), etl.samplesBefore(), etl.samplesAfter(), 2);
    return metadata(cfg, etl, Normalizer.identity(2, schema.rrFeatures().size()));
  }

  private static ModelMetadata metadata(NetworkConfig cfg, ExtractionConfig etl, Normalizer normalizer) {
    DatasetSchema schema = DatasetSchema.current(etl.targetFsHz(), etl.samplesBefore(), etl.samplesAfter(), 2,
        etl.window().longRr()).withSettings(etl.contractSettings());
    return new ModelMetadata(ModelMetadata.CURRENT_VERSION, AamiClass.vocabulary(), schema.fsHz(), schema.samplesBefore(),
        schema.samplesAfter(), 2, CHANNELS, schema.rrFeatures(), normalizer, schema, "fixture",
        null, cfg, Map.of(), List.of(), 0, "test", "2026-12-01T00:00:00Z");
  }

  private static String saveModel(String name, BeatModel model) {
    String uri = shared.resolve(name).toString();
    model.save(uri, new Configuration());
    return uri;
  }

  private AnnotateConfig config(String model, Path out, String... overrides) {
    return config(model, input, out, overrides);
  }

  private static AnnotateConfig config(String model, Path in, Path out, String... overrides) {
    return AnnotateConfig.from(ConfigLoader.load(null, List.of(overrides), "evaluation", "etl"), model,
        List.of(in.toString()), out.toString());
  }

  private static SyntheticEcgGenerator generator() {
    return new SyntheticEcgGenerator(SynthConfig.defaultConfig().with(SynthConfig.DURATION_S, DURATION_S)
        .with(SynthConfig.FRACTION_V, 0.1).with(SynthConfig.FRACTION_S, 0.1));
  }

  @Test
  void annotatesEveryRecordQuarantinesTheOneWithoutEcgAndTheFilesAgree(SparkSession spark) throws IOException {
    Path out = tmp.resolve("run");
    AnnotateResult r = AnnotateJob.run(spark, config(beatModel, out));

    assertThat(r.records()).extracting(AnnotatedRecord::record).containsExactlyInAnyOrderElementsOf(GOOD);
    assertThat(r.quarantined()).singleElement().satisfies(q -> {
      assertThat(q.record()).isEqualTo(NO_ECG);
      assertThat(q.reason()).contains("no ECG lead", "ABP");
    });
    assertThat(out.resolve(NO_ECG + ".ann")).doesNotExist();
    assertThat(out.resolve(AnnotateJob.SUCCESS)).exists();

    Dataset<Row> beats = spark.read().parquet(out.resolve(AnnotateJob.BEATS_DIR).toString());
    for (AnnotatedRecord a : r.records()) {
      String rec = a.record();
      // The MIT file reads back with the project's reader; one annotation per detected beat.
      List<Annotation> ann = Annotations.read(new LocalWfdbStorage(out), rec, "ann");
      assertThat(ann).hasSize((int) a.detectedBeats());
      assertThat(ann).extracting(Annotation::sample).isSorted().doesNotHaveDuplicates();
      assertThat(ann).extracting(Annotation::symbol).isSubsetOf("N", "A", "V", "F", "Q");

      // The detector finds the synthetic beats: count within 2 %, nearly all within 150 ms of one.
      long[] ref = REFERENCE.get(rec);
      assertThat((double) ann.size()).isCloseTo(ref.length, within(0.02 * ref.length));
      long matched = ann.stream().filter(x -> nearest(ref, x.sample()) <= 0.15 * 360).count();
      assertThat(matched).isGreaterThanOrEqualTo((long) (0.97 * ref.length));

      // Parquet rows = annotations = summary, class by class.
      Dataset<Row> mine = beats.filter(beats.col("record").equalTo(rec));
      assertThat(mine.count()).isEqualTo(a.detectedBeats()).isEqualTo(a.summary().beats());
      RhythmSummary s = a.summary();
      for (AamiClass c : AamiClass.values()) {
        long rows = mine.filter(mine.col("class").equalTo(c.name())).count();
        long symbols = ann.stream().filter(x -> x.symbol().equals(PredictedBeat.MIT_SYMBOL.get(c))).count();
        assertThat(rows).as("%s %s", rec, c).isEqualTo(s.count(c)).isEqualTo(symbols);
      }
      assertThat(mine.filter(mine.col("probabilities").isNull()).count()).isEqualTo(a.unclassifiedBeats());
      for (Row row : mine.filter(mine.col("probabilities").isNotNull()).limit(20).collectAsList()) {
        List<Float> p = row.getList(row.fieldIndex("probabilities"));
        assertThat(p).hasSize(5);
        assertThat(p.stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1.0, within(1e-3));
      }
      assertThat(s.meanHeartRateBpm()).isBetween(40.0, 150.0);
      java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve(AnnotateJob.PLOTS_DIR).resolve(rec + ".png").toFile());
      assertThat(png.getWidth()).isEqualTo(org.ecgplatform.evaluation.report.RhythmChart.WIDTH_PX);
    }

    List<String> csv = Files.readAllLines(out.resolve(AnnotationSummaryFiles.SUMMARY_CSV));
    assertThat(csv).hasSize(1 + GOOD.size());
    assertThat(csv.get(0)).startsWith("database,record,leads,fs_hz,beats,beats_n,beats_s,beats_v,beats_f,beats_q");
    assertThat(Files.readAllLines(out.resolve(AnnotationSummaryFiles.HOURLY_CSV))).hasSize(1 + GOOD.size());
    assertThat(Files.readString(out.resolve(AnnotationSummaryFiles.QUARANTINE_CSV))).contains(NO_ECG, "no ECG lead");
    JsonNode json = new ObjectMapper().readTree(out.resolve(AnnotationSummaryFiles.SUMMARY_JSON).toFile());
    assertThat(json.get("records")).hasSize(GOOD.size());
    assertThat(json.get("quarantined").get(0).get("record").asText()).isEqualTo(NO_ECG);
  }

  @Test
  void aSequenceModelClassifiesEveryDetectedBeatExactlyOnce(SparkSession spark) {
    Path out = tmp.resolve("seq");
    AnnotateResult r = AnnotateJob.run(spark, config(sequenceModel, out, "evaluation.batch-size=20",
        "evaluation.annotate.write-plots=false"));
    assertThat(out.resolve(AnnotateJob.PLOTS_DIR)).doesNotExist();

    assertThat(r.records()).hasSize(GOOD.size());
    Dataset<Row> beats = spark.read().parquet(out.resolve(AnnotateJob.BEATS_DIR).toString());
    assertThat(beats.count()).isEqualTo(r.beats());
    assertThat(beats.select("record", "sample").distinct().count()).isEqualTo(r.beats());
    for (AnnotatedRecord a : r.records()) {
      assertThat(a.unclassifiedBeats()).isLessThan(3);
      assertThat(beats.filter(beats.col("record").equalTo(a.record()).and(beats.col("probabilities").isNotNull())).count())
          .isEqualTo(a.detectedBeats() - a.unclassifiedBeats());
    }
  }

  @Test
  void twoSequenceModelsAnnotateAsOneEnsembleWithTheMeanOfTheirProbabilities(SparkSession spark) {
    String[] settings = {"evaluation.batch-size=20", "evaluation.annotate.write-plots=false"};
    Map<String, float[]> a = probabilities(spark, AnnotateJob.run(spark, config(sequenceModel, tmp.resolve("a"), settings)), tmp.resolve("a"));
    Map<String, float[]> b = probabilities(spark, AnnotateJob.run(spark, config(sequenceModel2, tmp.resolve("b"), settings)), tmp.resolve("b"));
    Path out = tmp.resolve("ab");
    AnnotateResult r = AnnotateJob.run(spark, config(sequenceModel + "," + sequenceModel2, out, settings));
    Map<String, float[]> ab = probabilities(spark, r, out);

    assertThat(ab.keySet()).isEqualTo(a.keySet()).isEqualTo(b.keySet());
    assertThat(ab).isNotEmpty();
    int differ = 0;
    for (Map.Entry<String, float[]> e : ab.entrySet()) {
      float[] pa = a.get(e.getKey());
      float[] pb = b.get(e.getKey());
      for (int c = 0; c < pa.length; c++) {
        assertThat(e.getValue()[c]).as("%s class %d", e.getKey(), c).isCloseTo((pa[c] + pb[c]) / 2, within(1e-5f));
        differ += Math.abs(pa[c] - pb[c]) > 1e-3 ? 1 : 0;
      }
    }
    assertThat(differ).as("the two members give other probabilities").isPositive();
  }

  /** Per classified beat ({@code record@sample}), its probabilities in an annotation output. */
  private static Map<String, float[]> probabilities(SparkSession spark, AnnotateResult r, Path out) {
    assertThat(r.records()).hasSize(GOOD.size());
    Map<String, float[]> m = new HashMap<>();
    for (Row row : spark.read().parquet(out.resolve(AnnotateJob.BEATS_DIR).toString()).filter("probabilities is not null").collectAsList()) {
      List<Float> p = row.getList(row.fieldIndex("probabilities"));
      float[] f = new float[p.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = p.get(i);
      }
      assertThat(m.put(row.<String>getAs("record") + "@" + row.<Long>getAs("sample"), f)).isNull();
    }
    return m;
  }

  @Test
  void everySparkJobIsNamedAfterItsPassInTheOrderOfThePasses(SparkSession spark) throws InterruptedException {
    List<String> descriptions = Collections.synchronizedList(new ArrayList<>());
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart job) {
        descriptions.add(job.properties() == null ? null : job.properties().getProperty("spark.job.description"));
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      AnnotateJob.run(spark, config(beatModel, tmp.resolve("named"), "evaluation.annotate.write-plots=false"));
      long deadline = System.nanoTime() + 30_000_000_000L; // listeners hear of jobs asynchronously
      while (!descriptions.contains(AnnotateJob.Pass.WRITE.description()) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    List<AnnotateJob.Pass> passes = new ArrayList<>();
    synchronized (descriptions) {
      for (String d : descriptions) {
        AnnotateJob.Pass p = AnnotateJob.Pass.ofDescription(d);
        assertThat(p).as("the pass of a Spark job described as %s", d).isNotNull();
        if (passes.isEmpty() || passes.get(passes.size() - 1) != p) {
          passes.add(p);
        }
      }
    }
    assertThat(passes).containsExactly(AnnotateJob.Pass.values());
    assertThat(spark.sparkContext().getLocalProperty("spark.job.description")).as("left behind for the caller's jobs").isNull();
  }

  @Test
  void withTheReferenceBeatsEveryBeatGetsThePredictionOfTheEtlsWindow(SparkSession spark) {
    sameProbabilitiesAsTheEvaluationJob(spark, beatModel);
  }

  @Test
  void aModelWithTheAtrialMatchInputGetsItFromTheAnnotationJobsWindowsAsFromTheEtls(SparkSession spark) {
    // training.atrial-match: one more input computed from each window's pre-QRS segment and its
    // record-template channel, which the annotation job builds from each chunk's own beats.
    ExtractionConfig etl = AnnotateConfig.defaults("m", List.of("i"), "o").extraction();
    AtrialMatch atrial = AtrialMatch.of(true, etl.targetFsHz(), etl.samplesBefore(), CHANNELS, "fixture");
    NetworkConfig ref = NetworkConfig.reference(2, etl.samplesBefore() + etl.samplesAfter(), 5, 1e-3, 9);
    NetworkConfig cfg = new NetworkConfig(ref.leadCount(), ref.windowSamples(), ref.rrFeatureCount() + 1,
        ref.classCount(), ref.conv1Filters(), ref.conv1Kernel(), ref.conv2Filters(), ref.conv2Kernel(), ref.poolSize(),
        ref.lstmUnits(), ref.denseUnits(), ref.learningRate(), ref.l2(), ref.seed(), ref.kind(), ref.direction(),
        ref.sequenceLength(), ref.sequenceOverlap(), ref.conv1Stride(), ref.dropout());
    Normalizer id = metadata(cfg, etl).normalizer();
    // a mean and spread like those of DS1's N beats (0.8; 0.05 keeps beat-to-beat differences in
    // the input large after normalising), not the identity, so that a wrong value shows
    double[] rrMean = Arrays.copyOf(id.rrMean(), id.rrMean().length + 1);
    double[] rrStd = Arrays.copyOf(id.rrStd(), id.rrStd().length + 1);
    rrMean[rrMean.length - 1] = 0.8;
    rrStd[rrStd.length - 1] = 0.05;
    Normalizer withInput = new Normalizer(id.leadMean(), id.leadStd(), rrMean, rrStd, 0, id.rrEncoding(),
        id.windowCut(), atrial);
    String model = saveModel("atrial-match-model", new BeatModel(BeatNetwork.build(cfg, null),
        metadata(cfg, etl, withInput)));
    sameProbabilitiesAsTheEvaluationJob(spark, model);
  }

  @Test
  void aModelWithTheLongerRrAverageGetsItFromTheAnnotationJobAsFromTheEtl(SparkSession spark) {
    // etl.window.long-rr-intervals: a fifth RR column, rr_long_s, and under rr-encoding relative two
    // more ratios (prev/long, local/long), which the annotation job computes from the beats it holds.
    String longer = "etl.window.long-rr-intervals=24";
    ExtractionConfig etl = AnnotateConfig.defaults("m", List.of("i"), "o").extraction();
    etl = new ExtractionConfig(etl.cleaning(), etl.resampling(), new WindowConfig(etl.window().beforeS(),
        etl.window().afterS(), etl.window().localRrIntervals(), 24));
    int width = RrEncoding.RELATIVE.width(5);
    NetworkConfig ref = NetworkConfig.reference(2, etl.samplesBefore() + etl.samplesAfter(), 5, 1e-3, 9);
    NetworkConfig cfg = new NetworkConfig(ref.leadCount(), ref.windowSamples(), width,
        ref.classCount(), ref.conv1Filters(), ref.conv1Kernel(), ref.conv2Filters(), ref.conv2Kernel(), ref.poolSize(),
        ref.lstmUnits(), ref.denseUnits(), ref.learningRate(), ref.l2(), ref.seed(), ref.kind(), ref.direction(),
        ref.sequenceLength(), ref.sequenceOverlap(), ref.conv1Stride(), ref.dropout());
    // spreads like DS1's (rr_long_s 0.8 ± 0.05 s, its ratios 1 ± 0.05), so that a wrong value shows
    double[] rrMean = new double[width];
    double[] rrStd = new double[width];
    Arrays.fill(rrStd, 1);
    rrMean[4] = 0.8;
    rrStd[4] = 0.05;
    for (int k = width - 2; k < width; k++) {
      rrMean[k] = 1;
      rrStd[k] = 0.05;
    }
    Normalizer norm = new Normalizer(new double[2], new double[] {1, 1}, rrMean, rrStd, 0, RrEncoding.RELATIVE);
    ModelMetadata meta = metadata(cfg, etl, norm);
    assertThat(meta.rrFeatures()).endsWith(DatasetSchema.RR_LONG);
    String model = saveModel("long-rr-model", new BeatModel(BeatNetwork.build(cfg, null), meta));
    sameProbabilitiesAsTheEvaluationJob(spark, model, longer);
  }

  private void sameProbabilitiesAsTheEvaluationJob(SparkSession spark, String model, String... etlSettings) {
    // The same records with their reference annotations: the ETL writes them as a dataset (all in
    // the test split) and the evaluation job scores it; the annotation job, given the reference
    // beats, must hand the model the same windows and RR features, so the same probabilities.
    Path db = tmp.resolve("with-atr/synthdb");
    LocalWfdbStorage storage = new LocalWfdbStorage(db);
    for (int i = 0; i < GOOD.size(); i++) {
      SynthWfdb.write(generator().generate(i), storage);
    }
    Path dataset = tmp.resolve("dataset");
    List<String> etlConfig = new ArrayList<>(List.of("etl.inputs=[\"" + db + "\"]",
        "etl.output=\"" + dataset + "\"", "etl.split.hash.train=0", "etl.split.hash.val=0", "etl.split.hash.test=1",
        "etl.split.validation.count=0", "etl.augment.enabled=false"));
    etlConfig.addAll(List.of(etlSettings));
    EtlJob.run(spark, EtlConfig.from(ConfigLoader.load(null, etlConfig, "etl")));
    Path evaluation = tmp.resolve("evaluation");
    // the model's own probabilities (the AF gate off): the gate decides from the beats each job
    // holds, and the dataset lacks the beats the ETL drops at a record's edges
    EvaluateJob.run(spark, EvaluateConfig.from(ConfigLoader.load(null, List.of("evaluation.af-gate.enabled=false"), "evaluation"),
        model, dataset.toString(), evaluation.toString(), null));
    Path out = tmp.resolve("annotated");
    List<String> annotateConfig = new ArrayList<>(List.of("evaluation.annotate.beats-from=atr",
        "evaluation.annotate.write-plots=false", "evaluation.af-gate.enabled=false"));
    annotateConfig.addAll(List.of(etlSettings));
    AnnotateJob.run(spark, config(model, db, out, annotateConfig.toArray(new String[0])));

    Map<String, float[]> annotated = new HashMap<>();
    for (Row r : spark.read().parquet(out.resolve(AnnotateJob.BEATS_DIR).toString()).filter("probabilities is not null")
        .collectAsList()) {
      List<Float> p = r.getList(r.fieldIndex("probabilities"));
      float[] a = new float[p.size()];
      for (int k = 0; k < a.length; k++) {
        a[k] = p.get(k);
      }
      annotated.put(r.getString(r.fieldIndex("record")) + "@" + r.getLong(r.fieldIndex("sample")), a);
    }
    List<Row> predictions = spark.read().parquet(evaluation.resolve(EvaluateJob.PREDICTIONS_DIR).toString()).collectAsList();
    assertThat(predictions).hasSizeGreaterThan(100).hasSameSizeAs(annotated.entrySet());
    for (Row r : predictions) {
      String key = r.getString(r.fieldIndex("record")) + "@" + r.getLong(r.fieldIndex("sample"));
      assertThat(annotated).containsKey(key);
      float[] a = annotated.get(key);
      List<String> classes = AamiClass.vocabulary();
      for (int k = 0; k < classes.size(); k++) {
        assertThat(a[k]).as("%s %s", key, classes.get(k))
            .isCloseTo(r.getFloat(r.fieldIndex("prob_" + classes.get(k))), within(1e-5f));
      }
    }
  }

  @Test
  void shortChunksGiveTheBeatsClassesAndProbabilitiesOfOneChunk(SparkSession spark) {
    // 90 s records: chunks of 20 s with 20 s margins against one chunk over the whole record, with
    // the sequence model, whose context crosses the chunks' seams (the per-beat model: next test).
    Path whole = tmp.resolve("whole");
    Path chunked = tmp.resolve("chunked");
    AnnotateJob.run(spark, config(sequenceModel, whole, "evaluation.annotate.write-plots=false"));
    AnnotateJob.run(spark, config(sequenceModel, chunked, "evaluation.annotate.write-plots=false",
        "evaluation.annotate.detect-chunk-s=20", "evaluation.annotate.detect-margin-s=20"));
    assertSameAnnotations(spark, whole, chunked, GOOD);
  }

  @Test
  void decisionWeightsChangeTheClassesAsInClassificationModeAndNotTheProbabilities(SparkSession spark) {
    Path plain = tmp.resolve("plain");
    Path weighted = tmp.resolve("weighted");
    AnnotateJob.run(spark, config(beatModel, plain, "evaluation.annotate.write-plots=false"));
    AnnotateJob.run(spark, config(beatModel, weighted, "evaluation.annotate.write-plots=false",
        "evaluation.decision-weights.S=20"));
    Map<String, Row> before = new HashMap<>();
    for (Row r : spark.read().parquet(plain.resolve(AnnotateJob.BEATS_DIR).toString()).collectAsList()) {
      before.put(r.<String>getAs("record") + "@" + r.<Long>getAs("sample"), r);
    }
    List<Row> after = spark.read().parquet(weighted.resolve(AnnotateJob.BEATS_DIR).toString()).collectAsList();
    assertThat(after).hasSize(before.size());
    float[] w = {1, 20, 1, 1, 1};
    assertThat(AamiClass.vocabulary().get(1)).isEqualTo("S");
    int changed = 0;
    for (Row r : after) {
      Row b = before.get(r.<String>getAs("record") + "@" + r.<Long>getAs("sample"));
      assertThat(b).isNotNull();
      if (r.isNullAt(r.fieldIndex("probabilities"))) {
        assertThat(b.isNullAt(b.fieldIndex("probabilities"))).isTrue();
        continue;
      }
      List<Float> p = r.getList(r.fieldIndex("probabilities"));
      assertThat(p).isEqualTo(b.getList(b.fieldIndex("probabilities")));
      float[] f = new float[p.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = p.get(i);
      }
      assertThat(r.<String>getAs("class")).isEqualTo(AamiClass.vocabulary().get(org.ecgplatform.training.model.Probabilities.argMax(f, w)));
      assertThat(b.<String>getAs("class")).isEqualTo(AamiClass.vocabulary().get(org.ecgplatform.training.model.Probabilities.argMax(f)));
      changed += r.<String>getAs("class").equals(b.<String>getAs("class")) ? 0 : 1;
    }
    assertThat(changed).as("beats whose class the weight changed").isPositive();
  }

  @Test
  void aMitdbRecordInTwoMinuteChunksGetsTheBeatsAndClassesOfTheWholeRecord(SparkSession spark) throws IOException {
    Path mitdb = TestData.require("mitdb");
    Path db = Files.createDirectories(tmp.resolve("mitdb100/mitdb"));
    for (String ext : List.of("hea", "dat")) {
      Files.createSymbolicLink(db.resolve("100." + ext), mitdb.resolve("100." + ext));
    }
    Path whole = tmp.resolve("whole");
    Path chunked = tmp.resolve("chunked");
    AnnotateResult one = AnnotateJob.run(spark, config(beatModel, db, whole, "evaluation.annotate.write-plots=false",
        "evaluation.annotate.detect-chunk-s=3600"));
    AnnotateResult many = AnnotateJob.run(spark, config(beatModel, db, chunked, "evaluation.annotate.write-plots=false",
        "evaluation.annotate.detect-chunk-s=120"));
    assertThat(one.beats()).isEqualTo(many.beats()).isBetween(2200L, 2350L); // 2,273 reference beats
    assertSameAnnotations(spark, whole, chunked, List.of("100"));
  }

  @Test
  void theAfGateTakesSOutOfMitdb203sAfEpisodesAndChangesNothingElse(SparkSession spark) throws IOException {
    // both gates (this one and the evaluation job's stream) decide from the record's beat times as
    // AfDetector.flags over the whole record does; 203 is mostly atrial fibrillation and flutter
    Path db = mitdbRecordWithReferenceBeats("203");
    String[] common = {"evaluation.annotate.write-plots=false", "evaluation.annotate.beats-from=atr"};
    Path off = tmp.resolve("off");
    Path on = tmp.resolve("on");
    AnnotateJob.run(spark, config(beatModel, db, off, common[0], common[1], "evaluation.af-gate.enabled=false"));
    AnnotateJob.run(spark, config(beatModel, db, on, common[0], common[1], "evaluation.af-gate.enabled=true"));
    java.util.TreeMap<Long, float[]> before = bySample(probabilities(spark, off));
    java.util.TreeMap<Long, float[]> after = bySample(probabilities(spark, on));
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());

    boolean[] flags = AfGateConfig.defaults().detector().flags(before.keySet().stream().mapToDouble(Long::doubleValue).toArray());
    int s = AamiClass.vocabulary().indexOf("S");
    int n = AamiClass.vocabulary().indexOf("N");
    int i = 0;
    int flagged = 0;
    for (Map.Entry<Long, float[]> e : before.entrySet()) {
      float[] p = e.getValue();
      float[] q = after.get(e.getKey());
      if (flags[i++]) {
        flagged++;
        assertThat(q).containsExactly(org.ecgplatform.evaluation.rhythm.AfGate.suppress(p, s, n), within(1e-6f));
        assertThat(q[s]).isZero();
      } else {
        assertThat(q).containsExactly(p);
      }
    }
    assertThat(flagged).isBetween(2000, before.size() - 1);
  }

  @Test
  void theSvtRunRuleGivesEachBeatTheClassOfTheWholeRecordsRuleAcrossChunkSeams(SparkSession spark) throws IOException {
    // mitdb 209: runs of supraventricular tachycardia, in 2-minute chunks: the rule runs once over
    // the record's classes, so a run goes on across a seam as over the whole record
    Path db = mitdbRecordWithReferenceBeats("209");
    String[] common = {"evaluation.annotate.write-plots=false", "evaluation.annotate.beats-from=atr",
        "evaluation.annotate.detect-chunk-s=120"};
    // The test's network is untrained and calls every fast beat S or F. Weights that leave N and S
    // alone in the running (V, F and Q weigh 1e-6) and give S the median over the fast beats of the
    // weight each needs against N call about half of them S and half N: S beats to open runs, N
    // beats for the rule to change.
    Path plain = tmp.resolve("plain");
    AnnotateJob.run(spark, config(beatModel, db, plain, common[0], common[1], common[2], "evaluation.svt-run.enabled=false"));
    java.util.TreeMap<Long, float[]> plainBeats = bySample(probabilities(spark, plain));
    org.ecgplatform.etl.beats.RrFeatures[] plainRr = org.ecgplatform.etl.beats.RrFeatures.compute(
        plainBeats.keySet().stream().mapToLong(Long::longValue).toArray(), 360, ExtractionConfig.defaults().window().localRrIntervals());
    int sIndex = AamiClass.vocabulary().indexOf("S");
    int nIndex = AamiClass.vocabulary().indexOf("N");
    List<Double> needed = new ArrayList<>();
    int k = 0;
    for (float[] p : plainBeats.values()) {
      org.ecgplatform.etl.beats.RrFeatures f = plainRr[k++];
      if (SvtRunConfig.defaults().rule().fast(f.prevS(), f.meanS())) {
        needed.add((double) p[nIndex] / p[sIndex]);
      }
    }
    java.util.Collections.sort(needed);
    String[] weights = {"evaluation.decision-weights.S=" + needed.get(needed.size() / 2), "evaluation.decision-weights.V=1e-6",
        "evaluation.decision-weights.F=1e-6", "evaluation.decision-weights.Q=1e-6"};
    String weight = String.join(" ", weights);
    Path off = tmp.resolve("off");
    Path on = tmp.resolve("on");
    AnnotateJob.run(spark, config(beatModel, db, off, common[0], common[1], common[2], weights[0], weights[1], weights[2],
        weights[3], "evaluation.svt-run.enabled=false"));
    AnnotateJob.run(spark, config(beatModel, db, on, common[0], common[1], common[2], weights[0], weights[1], weights[2],
        weights[3], "evaluation.svt-run.enabled=true"));
    java.util.TreeMap<Long, Row> before = new java.util.TreeMap<>();
    spark.read().parquet(off.resolve(AnnotateJob.BEATS_DIR).toString()).collectAsList()
        .forEach(r -> before.put(r.<Long>getAs("sample"), r));
    java.util.TreeMap<Long, Row> after = new java.util.TreeMap<>();
    spark.read().parquet(on.resolve(AnnotateJob.BEATS_DIR).toString()).collectAsList()
        .forEach(r -> after.put(r.<Long>getAs("sample"), r));
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());

    long[] samples = before.keySet().stream().mapToLong(Long::longValue).toArray();
    org.ecgplatform.etl.beats.RrFeatures[] rr = org.ecgplatform.etl.beats.RrFeatures.compute(samples, 360,
        ExtractionConfig.defaults().window().localRrIntervals());
    int[] classes = before.values().stream().mapToInt(r -> AamiClass.valueOf(r.<String>getAs("class")).ordinal()).toArray();
    int[] expected = SvtRunConfig.defaults().rule().apply(Arrays.stream(rr).mapToDouble(f -> f.prevS()).toArray(),
        rr[0].meanS(), classes, AamiClass.S.ordinal(), AamiClass.N.ordinal());
    int s = AamiClass.vocabulary().indexOf("S");
    int n = AamiClass.vocabulary().indexOf("N");
    int i = 0;
    int changed = 0;
    for (Row b : before.values()) {
      Row a = after.get(b.<Long>getAs("sample"));
      assertThat(a.<String>getAs("class")).as("beat %d at sample %d", i, b.<Long>getAs("sample"))
          .isEqualTo(AamiClass.values()[expected[i]].name());
      if (expected[i] != classes[i]) {
        changed++;
        float[] p = floats(b.getList(b.fieldIndex("probabilities")));
        assertThat(floats(a.getList(a.fieldIndex("probabilities"))))
            .containsExactly(org.ecgplatform.evaluation.rhythm.AfGate.suppress(p, n, s));
      } else {
        assertThat(a.<Object>getAs("probabilities")).isEqualTo(b.<Object>getAs("probabilities"));
      }
      i++;
    }
    long sCalls = Arrays.stream(classes).filter(c -> c == AamiClass.S.ordinal()).count();
    long fast = Arrays.stream(rr).filter(f -> SvtRunConfig.defaults().rule().fast(f.prevS(), f.meanS())).count();
    assertThat(changed).as("beats the rule made S (%d called S, %d fast, of %d; weight %s)", sCalls, fast, classes.length, weight)
        .isPositive();
  }

  private static float[] floats(List<Float> values) {
    float[] f = new float[values.size()];
    for (int k = 0; k < f.length; k++) {
      f[k] = values.get(k);
    }
    return f;
  }

  @Test
  void theAtrialCheckKeepsSInOrganisedStretchesAsTheWholeRecordDoesAcrossChunkSeams(SparkSession spark) throws IOException {
    // mitdb 201: atrial fibrillation and flutter, and irregular stretches of sinus rhythm with
    // premature beats; in 2-minute chunks, each chunk's beats judged from neighbours across its seams
    Path db = mitdbRecordWithReferenceBeats("201");
    String[] common = {"evaluation.annotate.write-plots=false", "evaluation.annotate.beats-from=atr",
        "evaluation.af-gate.enabled=true", "evaluation.annotate.detect-chunk-s=120"};
    Path rrOnly = tmp.resolve("rr-only");
    Path atrial = tmp.resolve("atrial");
    AnnotateJob.run(spark, config(beatModel, db, rrOnly, common[0], common[1], common[2], common[3],
        "evaluation.af-gate.max-atrial-similarity=1"));
    AnnotateJob.run(spark, config(beatModel, db, atrial, common[0], common[1], common[2], common[3],
        "evaluation.af-gate.max-atrial-similarity=0.7"));
    java.util.TreeMap<Long, float[]> before = bySample(probabilities(spark, rrOnly));
    java.util.TreeMap<Long, float[]> after = bySample(probabilities(spark, atrial));
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());

    // the whole record's decision: the RR flags, refined from the ETL's windows of the whole record
    long[] samples = before.keySet().stream().mapToLong(Long::longValue).toArray();
    boolean[] rhythm = AfGateConfig.defaults().detector().flags(Arrays.stream(samples).asDoubleStream().toArray());
    WfdbRecord rec = WfdbRecord.open(new LocalWfdbStorage(db), "201");
    String[] symbols = new String[samples.length];
    Arrays.fill(symbols, "N");
    List<Beat> windows = new BeatExtractor(ExtractionConfig.defaults())
        .extract(rec.readMillivolts(0, rec.availableFrames(), new int[] {0}), 360, samples, symbols).beats();
    assertThat(windows).hasSize(samples.length);
    AtrialActivity a = AtrialActivity.of(0.23, 0.07, 0.7, 360, 90); // reference.conf's segment, the model's window
    boolean[] kept = a.refine(rhythm, windows.stream().map(b -> a.segment(b.window())).toList(), 32);

    int s = AamiClass.vocabulary().indexOf("S");
    int n = AamiClass.vocabulary().indexOf("N");
    int i = 0;
    int flagged = 0;
    int stayed = 0;
    for (Map.Entry<Long, float[]> e : before.entrySet()) {
      float[] q = after.get(e.getKey());
      flagged += rhythm[i] ? 1 : 0;
      // the RR-only run gated the flagged beats: S is 0 there, the S probability of the model went to N
      if (kept[i]) {
        stayed++;
        assertThat(q).containsExactly(e.getValue());
      } else if (rhythm[i]) {
        // ungated: the model's own probabilities, whose S the RR-only run had moved to N
        assertThat(e.getValue()[s]).isZero();
        assertThat(q[n] + q[s]).isCloseTo(e.getValue()[n], within(1e-5f));
      } else {
        assertThat(q).containsExactly(e.getValue());
      }
      i++;
    }
    assertThat(stayed).isGreaterThan(flagged / 2).isLessThan(flagged);
  }

  /** A database folder (under the test's temporary folder) holding mitdb record {@code record}'s signals and reference annotations. */
  private Path mitdbRecordWithReferenceBeats(String record) throws IOException {
    Path mitdb = TestData.require("mitdb");
    Path db = Files.createDirectories(tmp.resolve("mitdb" + record + "/mitdb"));
    for (String ext : List.of("hea", "dat", "atr")) {
      Files.createSymbolicLink(db.resolve(record + "." + ext), mitdb.resolve(record + "." + ext));
    }
    return db;
  }

  /** A one-record run's probabilities keyed by sample (beats without a window left out). */
  private static java.util.TreeMap<Long, float[]> bySample(Map<String, float[]> probabilities) {
    java.util.TreeMap<Long, float[]> m = new java.util.TreeMap<>();
    probabilities.forEach((k, v) -> {
      if (v != null) {
        m.put(Long.parseLong(k.substring(k.indexOf('@') + 1)), v);
      }
    });
    return m;
  }

  @Test
  void invalidSamplesInOneChunkQuarantineTheWholeRecordNamingTheChunk(SparkSession spark) throws IOException {
    Path db = Files.createDirectories(tmp.resolve("invalid/synthdb"));
    LocalWfdbStorage storage = new LocalWfdbStorage(db);
    SynthRecord good = generator().generate(0);
    SynthWfdb.write(good, storage);
    SynthRecord gap = generator().generate(1);
    int[][] digital = gap.digitalSignal();
    for (int i = 50 * 360; i < 51 * 360; i++) {
      digital[0][i] = gap.format().invalidValue(); // lead-off for one second at 50 s
    }
    List<SignalDefinition> signals = new ArrayList<>();
    for (String name : gap.leadNames()) {
      signals.add(new SignalDefinition(name, gap.gainAdcPerMv(), 0, "mV", gap.format().bitsPerSample(), 0));
    }
    WfdbWriter.write(storage, "gap", gap.fsHz(), gap.format(), signals, digital);
    SynthWfdb.writeRecordsFile(storage, List.of(good.name(), "gap"));

    Path out = tmp.resolve("invalid-out");
    AnnotateResult r = AnnotateJob.run(spark, config(beatModel, db, out, "evaluation.annotate.write-plots=false",
        "evaluation.annotate.detect-chunk-s=20", "evaluation.annotate.detect-margin-s=20"));
    assertThat(r.records()).extracting(AnnotatedRecord::record).containsExactly(good.name());
    assertThat(r.quarantined()).singleElement().satisfies(q -> {
      assertThat(q.record()).isEqualTo("gap");
      assertThat(q.reason()).contains("non-finite sample", "at sample 18000", "in the chunk 40-60 s");
    });
    assertThat(out.resolve("gap.ann")).doesNotExist();
    Dataset<Row> beats = spark.read().parquet(out.resolve(AnnotateJob.BEATS_DIR).toString());
    assertThat(beats.filter(beats.col("record").equalTo("gap")).count()).isZero();
    assertThat(beats.count()).isEqualTo(r.beats());
  }

  /**
   * Same beats and classes in both runs' annotation files, and probabilities within 1e-5: the
   * windows are the same floats, but the model sees the beats in other batches (DL4J's matrix
   * products may round differently by batch size).
   */
  private static void assertSameAnnotations(SparkSession spark, Path a, Path b, List<String> records) {
    for (String rec : records) {
      List<Annotation> x = Annotations.read(new LocalWfdbStorage(a), rec, "ann");
      List<Annotation> y = Annotations.read(new LocalWfdbStorage(b), rec, "ann");
      assertThat(y).extracting(Annotation::sample).containsExactlyElementsOf(x.stream().map(Annotation::sample).toList());
      assertThat(y).extracting(Annotation::symbol).containsExactlyElementsOf(x.stream().map(Annotation::symbol).toList());
    }
    Map<String, float[]> pa = probabilities(spark, a);
    Map<String, float[]> pb = probabilities(spark, b);
    assertThat(pb.keySet()).isEqualTo(pa.keySet());
    pa.forEach((key, p) -> {
      if (p == null) {
        assertThat(pb.get(key)).as(key).isNull();
      } else {
        for (int k = 0; k < p.length; k++) {
          assertThat(pb.get(key)[k]).as("%s class %d", key, k).isCloseTo(p[k], within(1e-5f));
        }
      }
    });
  }

  private static Map<String, float[]> probabilities(SparkSession spark, Path run) {
    Map<String, float[]> out = new HashMap<>();
    for (Row r : spark.read().parquet(run.resolve(AnnotateJob.BEATS_DIR).toString()).collectAsList()) {
      List<Float> p = r.isNullAt(r.fieldIndex("probabilities")) ? null : r.getList(r.fieldIndex("probabilities"));
      float[] a = p == null ? null : new float[p.size()];
      for (int k = 0; a != null && k < a.length; k++) {
        a[k] = p.get(k);
      }
      String key = r.getString(r.fieldIndex("record")) + "@" + r.getLong(r.fieldIndex("sample"));
      assertThat(out).as("one row per beat").doesNotContainKey(key);
      out.put(key, a);
    }
    return out;
  }

  @Test
  void aModelForOtherWindowsOrOtherEtlSettingsStopsTheRunBeforeAnyRecordNamingTheKey(SparkSession spark) {
    // other windows; then the same windows, but not the inputs the model learned
    Map<String, String> expected = Map.of(
        "etl.leads.record-template=false", "etl.leads.second/record-template give 1",
        "etl.window.local-rr-intervals=32", "etl.window.local-rr-intervals 10, the configuration gives 32",
        "etl.window.long-rr-intervals=32", "etl.window.long-rr-intervals 0, the configuration gives 32",
        "etl.cleaning.lowpass-hz=30", "etl.cleaning.lowpass-hz 40.0, the configuration gives 30.0",
        "etl.leads.record-template-beats=not-premature",
        "etl.leads.record-template-beats all, the configuration gives not-premature");
    expected.forEach((override, message) -> {
      Path out = tmp.resolve("mismatch-" + override.hashCode());
      assertThatThrownBy(() -> AnnotateJob.run(spark, config(beatModel, out, override)))
          .isInstanceOf(EcgPlatformException.class)
          .hasMessageContaining("Cannot annotate with model")
          .hasMessageContaining(message);
      assertThat(out).doesNotExist();
    });
  }

  private static long nearest(long[] sorted, long x) {
    int i = java.util.Arrays.binarySearch(sorted, x);
    if (i >= 0) {
      return 0;
    }
    int at = -i - 1;
    long best = Long.MAX_VALUE;
    if (at < sorted.length) {
      best = sorted[at] - x;
    }
    if (at > 0) {
      best = Math.min(best, x - sorted[at - 1]);
    }
    return best;
  }
}
