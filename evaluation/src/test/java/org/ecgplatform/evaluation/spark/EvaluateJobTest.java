package org.ecgplatform.evaluation.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.evaluation.metrics.EvaluationMetrics;
import org.ecgplatform.evaluation.metrics.RunLengthSensitivity;
import org.ecgplatform.evaluation.report.ConfusionMatrixFiles;
import org.ecgplatform.evaluation.report.MetricsFiles;
import org.ecgplatform.evaluation.report.MetricsHistory;
import org.ecgplatform.evaluation.report.ReportWriter;
import org.ecgplatform.evaluation.report.RecordIntervalFiles;
import org.ecgplatform.evaluation.report.RunLengthFiles;
import org.ecgplatform.evaluation.rhythm.SvtRunRule;
import org.ecgplatform.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation job end to end on a fixture dataset with the deterministic {@link LabelEchoScorer}. */
@ExtendWith(SharedSpark.class)
class EvaluateJobTest {
  static final int PER_RECORD = 60;
  static final int ERR_GOOD = 10;
  static final int ERR_WORSE = 3;

  @TempDir Path tmp;
  @TempDir static Path shared;

  private static final List<FixtureDataset.Beat> BEATS = FixtureDataset.beats(PER_RECORD);
  private static Path dataset;

  /** The fixture dataset, written once per class (tests only read it). */
  private static synchronized Path dataset(SparkSession spark) throws IOException {
    if (dataset == null) {
      Path ds = shared.resolve("dataset");
      FixtureDataset.write(spark, ds, FixtureDataset.SCHEMA, BEATS);
      dataset = ds;
    }
    return dataset;
  }

  private String model(String name, ScorerSpec spec, int errEvery) throws IOException {
    return FixtureDataset.writeModel(tmp.resolve("models"), name, spec, errEvery);
  }

  private static EvaluateConfig config(String model, Path dataset, Path output, Path baseline) {
    return EvaluateConfig.defaults(model, dataset.toUri().toString(), output.toUri().toString(), baseline == null ? null : baseline.toUri().toString());
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p);
  }

  @Test
  void scoresTheTestSplitAndEveryOutputReadsBack(SparkSession spark) throws IOException {
    Path ds = dataset(spark);
    String model = model("good", ScorerSpec.of(FixtureDataset.SCHEMA), ERR_GOOD);
    Path out = tmp.resolve("runs").resolve("r1");

    EvaluateResult result = EvaluateJob.run(spark, config(model, ds, out, null));

    Map<String, ConfusionMatrix> expected = FixtureDataset.expected(BEATS, ERR_GOOD);
    long testBeats = 4L * PER_RECORD;
    assertThat(result.beats()).isEqualTo(testBeats);
    assertThat(result.metrics().perRecord()).isEqualTo(expected);
    assertThat(result.metrics().perRecord()).doesNotContainKey("mitdb/200"); // train split
    assertThat(result.gate()).isEmpty();
    // a per-beat model computes each beat once, in calls the job timed
    assertThat(result.beatsComputed()).isEqualTo(testBeats);
    assertThat(result.networkSeconds()).isPositive();

    // predictions: one row per beat, with probabilities
    Dataset<Row> predictions = spark.read().parquet(out.resolve(EvaluateJob.PREDICTIONS_DIR).toString());
    assertThat(predictions.count()).isEqualTo(testBeats);
    assertThat(predictions.columns()).contains("database", "record", "sample", "true_class", "predicted_class", "prob_N", "prob_Q");
    long wrong = predictions.filter("true_label <> predicted_label").count();
    assertThat(wrong).isEqualTo(testBeats - ConfusionMatrix.sum(expected.values()).correct());

    // confusion matrices: JSON per record sums to the beats
    String cm = read(out.resolve(ReportWriter.CONFUSION_JSON));
    Map<String, ConfusionMatrix> perRecord = ConfusionMatrixFiles.perRecordFromJson(cm, "cm");
    assertThat(ConfusionMatrix.sum(perRecord.values()).total()).isEqualTo(testBeats);
    assertThat(ConfusionMatrixFiles.overallFromJson(cm, "cm")).isEqualTo(ConfusionMatrix.sum(expected.values()));

    Map<String, Double> flat = MetricsFiles.readFlat(read(out.resolve(ReportWriter.METRICS_JSON)), "metrics");
    EvaluationMetrics want = EvaluationMetrics.compute(expected);
    assertThat(flat.get("accuracy")).isEqualTo(want.flat().get("accuracy"));
    assertThat(flat.get("macroF1")).isEqualTo(want.flat().get("macroF1"));

    BufferedImage png = ImageIO.read(out.resolve(ReportWriter.HEAT_MAP_PNG).toFile());
    assertThat(png.getWidth()).isGreaterThanOrEqualTo(400);
    assertThat(png.getHeight()).isGreaterThanOrEqualTo(400);
    String html = read(out.resolve(ReportWriter.REPORT_HTML));
    assertThat(html).contains("<table id=\"confusion\">", "<table id=\"records\">", "mitdb/100", "nsrdb/16265", "data:image/png;base64,");
    assertThat(html).containsPattern("mitdb/\\d+ @ \\d:\\d\\d:\\d\\d\\.\\d{3} \\(sample \\d+\\)");

    // annotations: one MIT-format file per record (bxb can score it), one annotation per beat
    List<org.ecgplatform.etl.wfdb.Annotation> ann = org.ecgplatform.etl.wfdb.Annotations.read(
        new org.ecgplatform.etl.wfdb.LocalWfdbStorage(out.resolve("annotations")), "100", "pred");
    assertThat(ann).hasSize(PER_RECORD);
    assertThat(ann.stream().map(org.ecgplatform.etl.wfdb.Annotation::symbol)).isSubsetOf("N", "A", "V", "F", "Q");
    assertThat(ann.stream().map(org.ecgplatform.etl.wfdb.Annotation::sample)).isSorted();

    // published atomically: marker present, no staging directory left beside the output
    assertThat(out.resolve(EvaluateJob.SUCCESS)).exists();
    try (Stream<Path> siblings = Files.list(out.getParent())) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("r1", "history");
    }
    FileSystem fs = FileSystem.getLocal(new Configuration());
    assertThat(MetricsHistory.readCsv(fs, new org.apache.hadoop.fs.Path(result.historyDir()))).hasSize(1);
    assertThat(spark.read().parquet(result.historyDir() + "/" + EvaluateJob.HISTORY_PARQUET).count()).isEqualTo(1);
  }

  @Test
  void aSequenceModelGetsEachRecordInTimeOrderAndEveryBeatScoredOnce(SparkSession spark) throws IOException {
    Path ds = dataset(spark);
    // 60 beats per record, sequences of 7 with an overlap of 3: cores of 4 beats, records cut at
    // their edges; a sequence that crossed records or was out of order would get all its beats wrong.
    String model = FixtureDataset.writeModel(tmp.resolve("models"), "seq",
        new LabelEchoScorer(ScorerSpec.of(FixtureDataset.SCHEMA), ERR_GOOD, 7, 3));
    EvaluateResult result = EvaluateJob.run(spark, config(model, ds, tmp.resolve("seq-run"), null));
    assertThat(result.beats()).isEqualTo(4L * PER_RECORD);
    assertThat(result.metrics().perRecord()).isEqualTo(FixtureDataset.expected(BEATS, ERR_GOOD));
    // each core of 4 beats is computed with up to 3 beats of context
    assertThat(result.beatsComputed()).isGreaterThan(result.beats()).isLessThanOrEqualTo(result.beats() * 7 / 4);
  }

  @Test
  void rerunIsIdenticalAndPassesTheGateWhileAWorseModelFailsIt(SparkSession spark) throws IOException {
    Path ds = dataset(spark);
    ScorerSpec spec = ScorerSpec.of(FixtureDataset.SCHEMA);
    String good = model("good", spec, ERR_GOOD);
    Path runs = tmp.resolve("runs");
    EvaluateResult first = EvaluateJob.run(spark, config(good, ds, runs.resolve("a"), null));
    EvaluateResult again = EvaluateJob.run(spark, config(good, ds, runs.resolve("b"), runs.resolve("a")));

    assertThat(again.metrics().perRecord()).isEqualTo(first.metrics().perRecord());
    assertThat(again.metrics().flat()).isEqualTo(first.metrics().flat());
    assertThat(again.gatePassed()).isTrue();
    assertThat(read(runs.resolve("b").resolve(ReportWriter.CONFUSION_JSON))).isEqualTo(read(runs.resolve("a").resolve(ReportWriter.CONFUSION_JSON)));
    assertThat(runs.resolve("b").resolve(ReportWriter.DELTA_CSV)).exists();

    String worse = model("worse", spec, ERR_WORSE);
    EvaluateResult bad = EvaluateJob.run(spark, config(worse, ds, runs.resolve("c"), runs.resolve("a")));
    assertThat(bad.gatePassed()).isFalse();
    assertThat(bad.gate().orElseThrow().message()).contains("macroF1 dropped from");
    assertThat(read(runs.resolve("c").resolve(ReportWriter.GATE_JSON))).contains("\"passed\" : false");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    assertThat(MetricsHistory.readCsv(fs, new org.apache.hadoop.fs.Path(bad.historyDir()))).hasSize(3);
  }

  @Test
  void ectopicBeatsAreCountedByTheRunOfTheirClassInEachRecordsTimeOrder(SparkSession spark) throws IOException {
    // The file the job writes, against the runs of the labels counted beat by beat here. Labels
    // with S and V couplets and runs; two records whose S runs would join if records were
    // concatenated (the row order itself: runLengthsComeFromEachRecordsTimeOrderWhateverTheRowOrder).
    int[][] labels = {
        {0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 2, 2, 0, 2, 0, 1, 1},
        {1, 1, 0, 0, 2, 0, 2, 2, 2, 2, 0, 1, 0, 3, 1, 0, 0}};
    String[] records = {"100", "101"};
    List<FixtureDataset.Beat> beats = new java.util.ArrayList<>();
    long serial = 1;
    for (int r = 0; r < records.length; r++) {
      for (int i = 0; i < labels[r].length; i++) {
        beats.add(new FixtureDataset.Beat(DatasetSchema.TEST, "mitdb", records[r], 100L + 300L * i, labels[r][i], serial++));
      }
    }
    Path ds = tmp.resolve("runs-dataset");
    FixtureDataset.write(spark, ds, FixtureDataset.SCHEMA, beats);
    int errEvery = 3;
    String model = model("runs", ScorerSpec.of(FixtureDataset.SCHEMA), errEvery);
    Path out = tmp.resolve("runs-eval");
    EvaluateResult result = EvaluateJob.run(spark, config(model, ds, out, null));

    // The figures over the records drawn again: the job's own figures, with an interval around them.
    List<String> overRecords = Files.readAllLines(out.resolve(RecordIntervalFiles.FILE_NAME));
    assertThat(overRecords.get(0)).isEqualTo("figure,value,records_low95,records_high95,records,draws,class_mapping");
    assertThat(overRecords).hasSize(1 + 7);
    for (String line : overRecords.subList(1, overRecords.size())) {
      String[] f = line.split(",", -1);
      String key = switch (f[0]) {
        case "svebF1", "vebF1" -> null;
        default -> f[0];
      };
      if (key != null) {
        assertThat(Double.parseDouble(f[1])).as(line).isCloseTo(result.metrics().flat().get(key), org.assertj.core.data.Offset.offset(1e-4));
      }
      assertThat(Double.parseDouble(f[2])).as(line).isLessThanOrEqualTo(Double.parseDouble(f[3]));
      assertThat(f[4] + "," + f[5] + "," + f[6]).as(line).isEqualTo("2,2000,aami");
    }

    // Expected, beat by beat: the run of a beat's class around it in its own record.
    long[][] want = new long[2][6];
    for (FixtureDataset.Beat b : beats) {
      int row = b.label() - 1;
      if (row < 0 || row > 1) {
        continue;
      }
      int[] own = labels[b.record().equals("100") ? 0 : 1];
      int i = (int) ((b.sample() - 100) / 300);
      int left = i;
      int right = i;
      while (left > 0 && own[left - 1] == b.label()) {
        left--;
      }
      while (right < own.length - 1 && own[right + 1] == b.label()) {
        right++;
      }
      int context = Math.min(right - left + 1, 3) - 1;
      want[row][2 * context]++;
      if (LabelEchoScorer.predicted(b.label(), b.serial(), errEvery, ConfusionMatrix.SIZE) == b.label()) {
        want[row][2 * context + 1]++;
      }
    }
    RunLengthSensitivity got = RunLengthFiles.parse(read(out.resolve(RunLengthFiles.FILE_NAME)), "file");
    String[] classes = {"S", "V"};
    for (int row = 0; row < 2; row++) {
      for (RunLengthSensitivity.Context c : RunLengthSensitivity.Context.values()) {
        assertThat(got.sensitivity(org.ecgplatform.etl.beats.AamiClass.valueOf(classes[row]), c))
            .as(classes[row] + " " + c.label())
            .isEqualTo(new org.ecgplatform.evaluation.metrics.Ratio(want[row][2 * c.ordinal() + 1], want[row][2 * c.ordinal()]));
      }
    }
    // the expectation itself: every S beat in one context, and the runs as laid out above
    assertThat(want[0][0] + want[0][2] + want[0][4]).isEqualTo(beats.stream().filter(b -> b.label() == 1).count());
    assertThat(want[0][2]).as("S couplets: 100's 3-4 and 15-16, 101's 0-1").isEqualTo(6);
    assertThat(want[1][4]).as("V run: 101's 6-9").isEqualTo(4);
  }

  @Test
  void runLengthsComeFromEachRecordsTimeOrderWhateverTheRowOrder(SparkSession spark) {
    // Predictions in shuffled order over several partitions; two records, each with an S run that
    // would join the other's if records were concatenated, and runs broken by sample order only.
    int[][] labels = {{1, 1, 1, 0, 1, 0, 1, 1, 1}, {1, 1, 0, 1, 0, 0, 2, 2, 1}};
    List<Row> rows = new java.util.ArrayList<>();
    for (int r = 0; r < labels.length; r++) {
      for (int i = 0; i < labels[r].length; i++) {
        int predicted = i % 4 == 0 ? 0 : labels[r][i];
        rows.add(org.apache.spark.sql.RowFactory.create("mitdb", r == 0 ? "100" : "101", 1000L - 100L * i, labels[r][i], predicted));
      }
    }
    java.util.Collections.shuffle(rows, new java.util.Random(7));
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add(DatasetSchema.DATABASE, "string").add(DatasetSchema.RECORD, "string").add(DatasetSchema.SAMPLE, "long")
        .add(EvaluateJob.TRUE_LABEL, "int").add(EvaluateJob.PREDICTED_LABEL, "int");
    RunLengthSensitivity got = EvaluateJob.sensitivityByRunLength(spark.createDataFrame(rows, schema).repartition(3));

    // Samples fall as i grows, so time order is i from 8 down to 0. Record 100 in time order:
    // S S S N S N S S S, record 101: S V V N N S N S S; the predictions are N where i % 4 == 0.
    // Had 101 followed 100 as one sequence, 100's last run and 101's first S would be one run of 4.
    org.ecgplatform.etl.beats.AamiClass s = org.ecgplatform.etl.beats.AamiClass.S;
    assertThat(got.sensitivity(s, RunLengthSensitivity.Context.RUN)).as("100's i = 8, 7, 6 and 2, 1, 0 (8 and 0 called N)")
        .isEqualTo(new org.ecgplatform.evaluation.metrics.Ratio(4, 6));
    assertThat(got.sensitivity(s, RunLengthSensitivity.Context.ISOLATED)).as("100's i = 4, 101's i = 8 (both called N) and 3")
        .isEqualTo(new org.ecgplatform.evaluation.metrics.Ratio(1, 3));
    assertThat(got.sensitivity(s, RunLengthSensitivity.Context.COUPLET)).as("101's i = 1, 0 (0 called N)")
        .isEqualTo(new org.ecgplatform.evaluation.metrics.Ratio(1, 2));
    assertThat(got.sensitivity(org.ecgplatform.etl.beats.AamiClass.V, RunLengthSensitivity.Context.COUPLET))
        .isEqualTo(new org.ecgplatform.evaluation.metrics.Ratio(2, 2));
  }

  @Test
  void severalModelsScoreAsOneEnsembleWithTheMeanOfTheirProbabilities(SparkSession spark) throws IOException {
    Path ds = dataset(spark);
    ScorerSpec spec = ScorerSpec.of(FixtureDataset.SCHEMA);
    String good = model("good", spec, ERR_GOOD);
    String worse = model("worse", spec, ERR_WORSE);
    Path runs = tmp.resolve("runs");
    EvaluateJob.run(spark, config(good, ds, runs.resolve("good"), null));
    EvaluateJob.run(spark, config(worse, ds, runs.resolve("worse"), null));
    EvaluateResult both = EvaluateJob.run(spark, config(good + " , " + worse, ds, runs.resolve("both"), null));
    assertThat(both.beats()).isEqualTo(4L * PER_RECORD);

    // Per beat: every probability is the mean of the two models', the class is the most probable.
    Dataset<Row> g = predictions(spark, runs.resolve("good"), "g");
    Dataset<Row> w = predictions(spark, runs.resolve("worse"), "w");
    Dataset<Row> e = predictions(spark, runs.resolve("both"), "e");
    List<Row> joined = e.join(g, e.col("e_record").equalTo(g.col("g_record")).and(e.col("e_sample").equalTo(g.col("g_sample"))))
        .join(w, e.col("e_record").equalTo(w.col("w_record")).and(e.col("e_sample").equalTo(w.col("w_sample"))))
        .collectAsList();
    assertThat(joined).hasSize(4 * PER_RECORD);
    int disagreements = 0;
    for (Row r : joined) {
      float best = -1;
      for (String c : spec.classes()) {
        float mean = (r.<Float>getAs("g_prob_" + c) + r.<Float>getAs("w_prob_" + c)) / 2;
        assertThat(r.<Float>getAs("e_prob_" + c)).isCloseTo(mean, within(1e-6f));
        best = Math.max(best, mean);
      }
      assertThat(r.<Float>getAs("e_prob_" + r.<String>getAs("e_predicted_class"))).isEqualTo(best);
      disagreements += r.<Integer>getAs("g_predicted_label").equals(r.<Integer>getAs("w_predicted_label")) ? 0 : 1;
    }
    assertThat(disagreements).isPositive();

    assertThatThrownBy(() -> EvaluateJob.run(spark, config(good + "," + tmp.resolve("missing.echo.json").toUri(), ds,
        runs.resolve("x"), null)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("missing.echo.json").hasMessageContaining("no such file");
  }

  /** The predictions of an evaluation output, every column prefixed with {@code prefix_}. */
  private static Dataset<Row> predictions(SparkSession spark, Path run, String prefix) {
    Dataset<Row> p = spark.read().parquet(run.resolve(EvaluateJob.PREDICTIONS_DIR).toString());
    for (String c : p.columns()) {
      p = p.withColumnRenamed(c, prefix + "_" + c);
    }
    return p;
  }

  @Test
  void theSamePredictionsGiveAnotherSvebSensitivityUnderBxbsClassMapping(SparkSession spark) throws IOException {
    // Every fourth N beat of the test split is a nodal escape beat (j): class N under aami, S under bxb.
    Path ds = tmp.resolve("escapes");
    FixtureDataset.write(spark, ds, FixtureDataset.SCHEMA, BEATS, b -> b.label() == 0 && b.serial() % 4 == 0 ? "j"
        : org.ecgplatform.etl.beats.AamiClass.ofIndex(b.label()).symbols().get(0));
    long escapes = BEATS.stream().filter(b -> b.split().equals("test") && b.label() == 0 && b.serial() % 4 == 0).count();
    long svebs = BEATS.stream().filter(b -> b.split().equals("test") && b.label() == 1).count();
    String model = model("exact", ScorerSpec.of(FixtureDataset.SCHEMA), 0); // predicts every dataset label
    Path runs = tmp.resolve("runs");

    EvaluateResult aami = EvaluateJob.run(spark, config(model, ds, runs.resolve("aami"), null));
    EvaluateConfig bxbConfig = EvaluateConfig.from(com.typesafe.config.ConfigFactory.parseString("evaluation.class-mapping = bxb")
        .withFallback(com.typesafe.config.ConfigFactory.defaultReference()), model, ds.toUri().toString(),
        runs.resolve("bxb").toUri().toString(), null);
    EvaluateResult bxb = EvaluateJob.run(spark, bxbConfig);

    assertThat(escapes).isPositive();
    assertThat(aami.metrics().gross().sveb().sensitivity()).isEqualTo(new org.ecgplatform.evaluation.metrics.Ratio(svebs, svebs));
    assertThat(bxb.metrics().gross().sveb().sensitivity())
        .isEqualTo(new org.ecgplatform.evaluation.metrics.Ratio(svebs, svebs + escapes));
    assertThat(bxb.metrics().overall().count(org.ecgplatform.etl.beats.AamiClass.S, org.ecgplatform.etl.beats.AamiClass.N))
        .isEqualTo(escapes);
    assertThat(bxb.beats()).isEqualTo(aami.beats());

    // every output names its mapping
    Path out = runs.resolve("bxb");
    assertThat(MetricsFiles.readClassMapping(read(out.resolve(ReportWriter.METRICS_JSON)), "m"))
        .isEqualTo(org.ecgplatform.evaluation.metrics.ClassMapping.BXB);
    assertThat(read(out.resolve(ReportWriter.METRICS_JSON))).contains("\"class_mapping\" : \"bxb\"", "\"mode\" : \"classification\"");
    for (String csv : List.of(ReportWriter.METRICS_CSV, ReportWriter.METRICS_PER_RECORD_CSV, ReportWriter.CONFUSION_CSV,
        ReportWriter.CONFUSION_PER_RECORD_CSV, RunLengthFiles.FILE_NAME, RecordIntervalFiles.FILE_NAME)) {
      List<String> lines = Files.readAllLines(out.resolve(csv));
      assertThat(lines.get(0)).as(csv).endsWith(",class_mapping");
      assertThat(lines.subList(1, lines.size())).as(csv).allSatisfy(l -> assertThat(l).endsWith(",bxb"));
    }
    assertThat(read(out.resolve(ReportWriter.CONFUSION_JSON))).contains("\"classMapping\" : \"bxb\"");
    assertThat(read(out.resolve(ReportWriter.REPORT_HTML))).contains("Class mapping: <b>bxb</b>");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    assertThat(MetricsHistory.readCsv(fs, new org.apache.hadoop.fs.Path(bxb.historyDir())))
        .extracting(h -> h.get("mode") + "/" + h.get("class_mapping")).containsExactly("classification/aami", "classification/bxb");

    // a baseline evaluated under the other mapping does not compare
    EvaluateConfig against = EvaluateConfig.from(com.typesafe.config.ConfigFactory.parseString("evaluation.class-mapping = bxb")
        .withFallback(com.typesafe.config.ConfigFactory.defaultReference()), model, ds.toUri().toString(),
        runs.resolve("c").toUri().toString(), runs.resolve("aami").toUri().toString());
    assertThatThrownBy(() -> EvaluateJob.run(spark, against))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("its figures use class mapping aami, this run's bxb");
  }

  @Test
  void theAfGateCallsNoBeatOfAnIrregularRhythmSAndSaysSo(SparkSession spark) throws IOException {
    // every beat labelled S (and predicted so by the model): record 201 at random intervals (an
    // AF-like rhythm), record 100 at regular ones
    java.util.Random random = new java.util.Random(3);
    List<FixtureDataset.Beat> beats = new java.util.ArrayList<>();
    long sample = 100;
    long serial = 1;
    double[] times = new double[100];
    for (int i = 0; i < 100; i++) {
      times[i] = sample;
      beats.add(new FixtureDataset.Beat("test", "mitdb", "201", sample, 1, serial++));
      sample += 150 + random.nextInt(300);
    }
    for (int i = 0; i < 100; i++) {
      beats.add(new FixtureDataset.Beat("test", "mitdb", "100", 100 + 300L * i, 1, serial++));
    }
    Path ds = tmp.resolve("af");
    FixtureDataset.write(spark, ds, FixtureDataset.SCHEMA, beats);
    String model = model("exact", ScorerSpec.of(FixtureDataset.SCHEMA), 0);

    com.typesafe.config.Config without = com.typesafe.config.ConfigFactory.parseString("evaluation.af-gate.enabled = false")
        .withFallback(com.typesafe.config.ConfigFactory.defaultReference()).resolve();
    EvaluateResult off = EvaluateJob.run(spark,
        EvaluateConfig.from(without, model, ds.toUri().toString(), tmp.resolve("off").toUri().toString(), null));
    assertThat(off.metrics().perRecord().get("mitdb/201").count(1, 1)).isEqualTo(100);

    Path out = tmp.resolve("on");
    com.typesafe.config.Config on = com.typesafe.config.ConfigFactory.parseString("evaluation.af-gate.enabled = true")
        .withFallback(com.typesafe.config.ConfigFactory.defaultReference()).resolve();
    EvaluateResult gated = EvaluateJob.run(spark, EvaluateConfig.from(on, model, ds.toUri().toString(), out.toUri().toString(), null));
    assertThat(EvaluateConfig.defaults(model, "d", "o", null).afGate()).isEqualTo(
        EvaluateConfig.from(on, model, "d", "o", null).afGate()); // on by default

    boolean[] irregular = AfGateConfig.defaults().detector().flags(times);
    int flagged = 0;
    for (boolean f : irregular) {
      flagged += f ? 1 : 0;
    }
    assertThat(flagged).isGreaterThan(80); // a random rhythm: most windows pass all three tests
    ConfusionMatrix af = gated.metrics().perRecord().get("mitdb/201");
    assertThat(af.count(1, 0)).isEqualTo(flagged); // S -> N: the gate's next most probable class
    assertThat(af.count(1, 1)).isEqualTo(100 - flagged);
    assertThat(gated.metrics().perRecord().get("mitdb/100").count(1, 1)).isEqualTo(100); // regular: untouched
    assertThat(read(out.resolve(ReportWriter.METRICS_JSON)))
        .contains("\"af_gate\" : \"on (window 64 intervals", flagged + " of 200 beats in an irregular rhythm, " + flagged
            + " predictions of S changed, 0 of another class changed to N");
    assertThat(read(tmp.resolve("off").resolve(ReportWriter.METRICS_JSON))).contains("\"af_gate\" : \"off\"");
  }

  @Test
  void decisionWeightsMoveAClassThresholdAndLeaveTheProbabilities(SparkSession spark) throws IOException {
    // The echo model gives its class 0.9 and every other 0.025: a weight of 40 on S lifts S above
    // any other class (1.0 > 0.9), one of 30 does not (0.75), and the probabilities stay.
    Path ds = dataset(spark);
    String model = model("exact", ScorerSpec.of(FixtureDataset.SCHEMA), 0);
    Path runs = tmp.resolve("weights");
    EvaluateResult plain = EvaluateJob.run(spark, weighted(model, ds, runs.resolve("plain"), ""));
    EvaluateResult below = EvaluateJob.run(spark, weighted(model, ds, runs.resolve("below"), "evaluation.decision-weights.S = 30"));
    EvaluateResult above = EvaluateJob.run(spark, weighted(model, ds, runs.resolve("above"), "evaluation.decision-weights.S = 40"));

    long beats = 4L * PER_RECORD;
    assertThat(plain.metrics().overall().correct()).isEqualTo(beats);
    assertThat(below.metrics().overall()).isEqualTo(plain.metrics().overall());
    assertThat(above.metrics().overall().predictedTotal(org.ecgplatform.etl.beats.AamiClass.S)).isEqualTo(beats);
    List<Row> p = predictions(spark, runs.resolve("plain"), "p")
        .join(predictions(spark, runs.resolve("above"), "a"), functions.col("p_record").equalTo(functions.col("a_record"))
            .and(functions.col("p_sample").equalTo(functions.col("a_sample"))))
        .collectAsList();
    assertThat(p).hasSize((int) beats);
    for (Row r : p) {
      assertThat(r.<String>getAs("a_predicted_class")).isEqualTo("S");
      for (String c : List.of("N", "S", "V", "F", "Q")) {
        assertThat(r.<Float>getAs("a_prob_" + c)).isEqualTo(r.<Float>getAs("p_prob_" + c));
      }
    }
    assertThat(read(runs.resolve("above").resolve(ReportWriter.METRICS_JSON)))
        .contains("\"decision\" : \"arg-max of the weighted probabilities (S x40.0; other classes x1)\"");
    assertThat(read(runs.resolve("plain").resolve(ReportWriter.METRICS_JSON))).contains("\"decision\" : \"arg-max\"");
  }

  @Test
  void theSvtRunRuleCarriesSThroughEachRecordsFastBeatsAsTheWholeRecordRuleDoes(SparkSession spark) throws IOException {
    // every beat 0.45 s after the one before (a tachycardia against the records' mean of 0.8 s), but
    // the beats at index 40..49 of each record 0.7 s after: the model echoes the labels, so after
    // each S beat the N beats up to the next V, F or Q beat or slower beat become S
    Path ds = tmp.resolve("fast");
    FixtureDataset.write(spark, ds, FixtureDataset.SCHEMA, BEATS, b -> AamiClass.ofIndex(b.label()).symbols().get(0),
        (b, w) -> {}, b -> fastAt(b) ? 0.45f : 0.7f);
    String model = model("echo", ScorerSpec.of(FixtureDataset.SCHEMA), 0);
    Path runs = tmp.resolve("svt");
    EvaluateResult off = EvaluateJob.run(spark, weighted(model, ds, runs.resolve("off"), "evaluation.svt-run.enabled = false"));
    EvaluateResult on = EvaluateJob.run(spark, weighted(model, ds, runs.resolve("on"), "evaluation.svt-run.enabled = true"));
    assertThat(off.metrics().overall().correct()).isEqualTo(4L * PER_RECORD);

    SvtRunRule rule = SvtRunConfig.defaults().rule();
    Map<String, Integer> expected = new HashMap<>();
    int changed = 0;
    for (String record : List.of("100", "101", "102", "16265")) {
      List<FixtureDataset.Beat> beats = BEATS.stream().filter(b -> b.record().equals(record)).toList();
      int[] labels = beats.stream().mapToInt(FixtureDataset.Beat::label).toArray();
      int[] after = rule.apply(beats.stream().mapToDouble(b -> fastAt(b) ? 0.45 : 0.7).toArray(), 0.8, labels, 1, 0);
      for (int i = 0; i < after.length; i++) {
        expected.put(record + "@" + beats.get(i).sample(), after[i]);
        changed += after[i] != labels[i] ? 1 : 0;
      }
    }
    assertThat(changed).as("N beats the rule makes S").isBetween(20, 4 * PER_RECORD / 2);
    List<Row> p = predictions(spark, runs.resolve("off"), "p")
        .join(predictions(spark, runs.resolve("on"), "a"), functions.col("p_record").equalTo(functions.col("a_record"))
            .and(functions.col("p_sample").equalTo(functions.col("a_sample"))))
        .collectAsList();
    assertThat(p).hasSize(4 * PER_RECORD);
    for (Row r : p) {
      String key = r.<String>getAs("a_record") + "@" + r.<Long>getAs("a_sample");
      assertThat(r.<Integer>getAs("a_predicted_label")).as(key).isEqualTo(expected.get(key));
      boolean moved = !r.<Integer>getAs("a_predicted_label").equals(r.<Integer>getAs("p_predicted_label"));
      // a beat the rule calls S gives its N probability to S; the others keep theirs
      float s = r.<Float>getAs("p_prob_S");
      float n = r.<Float>getAs("p_prob_N");
      assertThat(r.<Float>getAs("a_prob_S")).isEqualTo(moved ? s + n : s);
      assertThat(r.<Float>getAs("a_prob_N")).isEqualTo(moved ? 0f : n);
    }
    assertThat(on.metrics().overall().predictedTotal(AamiClass.S))
        .isEqualTo(off.metrics().overall().predictedTotal(AamiClass.S) + changed);
    assertThat(read(runs.resolve("on").resolve(ReportWriter.METRICS_JSON))).contains("predictions of N changed to S");
  }

  /** Whether a fixture beat comes fast: all but the beats at index 40..49 of their record. */
  private static boolean fastAt(FixtureDataset.Beat b) {
    long index = (b.sample() - 100) / 300;
    return index < 40 || index >= 50;
  }

  /** The defaults with the gate off (the fixture's rhythm is regular anyway) and {@code overrides}. */
  private static EvaluateConfig weighted(String model, Path dataset, Path output, String overrides) {
    com.typesafe.config.Config c = com.typesafe.config.ConfigFactory.parseString("evaluation.af-gate.enabled = false\n" + overrides)
        .withFallback(com.typesafe.config.ConfigFactory.defaultReference()).resolve();
    return EvaluateConfig.from(c, model, dataset.toUri().toString(), output.toUri().toString(), null);
  }

  @Test
  void withTheAtrialCheckARandomRhythmWithRepeatedPWavesKeepsItsSCalls(SparkSession spark) throws IOException {
    // two records at the same random intervals, every beat S (and predicted so); in ETL-sized
    // windows, 201's atrial segments are noise (fibrillatory waves), 202's one repeated P wave
    java.util.Random random = new java.util.Random(3);
    DatasetSchema schema = DatasetSchema.current(360, 90, 166, 1);
    List<FixtureDataset.Beat> beats = new java.util.ArrayList<>();
    double[] times = new double[100];
    long sample = 100;
    for (int i = 0; i < 100; i++) {
      times[i] = sample;
      beats.add(new FixtureDataset.Beat("test", "mitdb", "201", sample, 1, 1 + i));
      beats.add(new FixtureDataset.Beat("test", "mitdb", "202", sample, 1, 101 + i));
      sample += 150 + random.nextInt(300);
    }
    Path ds = tmp.resolve("atrial");
    FixtureDataset.write(spark, ds, schema, beats, b -> "A", (b, w) -> {
      java.util.Random noise = new java.util.Random(b.serial());
      for (int j = 3; j < 90; j++) {
        w[j] = b.record().equals("201") ? (float) (0.05 * noise.nextGaussian())
            : (float) (0.15 * Math.exp(-Math.pow((j - 40) / 8.0, 2)) + 0.01 * noise.nextGaussian());
      }
    });
    String model = model("exact-etl-window", ScorerSpec.of(schema), 0);
    Path out = tmp.resolve("atrial-on");
    EvaluateResult r = EvaluateJob.run(spark, EvaluateConfig.from(com.typesafe.config.ConfigFactory.defaultReference().resolve(),
        model, ds.toUri().toString(), out.toUri().toString(), null));

    int flagged = 0;
    for (boolean f : AfGateConfig.defaults().detector().flags(times)) {
      flagged += f ? 1 : 0;
    }
    assertThat(flagged).isGreaterThan(80);
    assertThat(r.metrics().perRecord().get("mitdb/201").count(1, 0)).isEqualTo(flagged); // fibrillation: gated
    assertThat(r.metrics().perRecord().get("mitdb/202").count(1, 1)).isEqualTo(100); // P waves: ectopy, kept
    assertThat(read(out.resolve(ReportWriter.METRICS_JSON)))
        .contains("atrial similarity (0.23 to 0.07 s before the beat) < 0.7)", flagged + " of 200 beats in an irregular rhythm");
  }

  @Test
  void badInputsFailWithAClearMessage(SparkSession spark) throws IOException {
    Path ds = dataset(spark);
    ScorerSpec spec = ScorerSpec.of(FixtureDataset.SCHEMA);
    String good = model("good", spec, ERR_GOOD);
    Path out = tmp.resolve("runs").resolve("x");

    assertThatThrownBy(() -> EvaluateJob.run(spark, config(tmp.resolve("models/none" + LabelEchoScorerFactory.SUFFIX).toUri().toString(), ds, out, null)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("Cannot load model")
        .hasMessageContaining("no such file");

    assertThatThrownBy(() -> EvaluateJob.run(spark, config(good, tmp.resolve("no-dataset"), out, null)))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("no schema.json");

    Path empty = tmp.resolve("empty");
    FixtureDataset.writeEmptyTestSplit(spark, empty, FixtureDataset.SCHEMA);
    assertThatThrownBy(() -> EvaluateJob.run(spark, config(good, empty, out, null)))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("split 'test' holds no beats");

    EvaluateConfig val = new EvaluateConfig(good, ds.toUri().toString(), out.toUri().toString(), java.util.Optional.empty(), "val",
        512, "pred", false, java.util.Optional.empty(), 5, 3, List.of(), org.ecgplatform.evaluation.metrics.ClassMapping.AAMI,
        AfGateConfig.defaults(), SvtRunConfig.defaults(), DecisionWeights.none());
    assertThatThrownBy(() -> EvaluateJob.run(spark, val))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("has no split 'val'");

    String threeClasses = model("nsv", new ScorerSpec(List.of("N", "S", "V"), 360, 4, 4, 1, FixtureDataset.SCHEMA.rrFeatures()), 0);
    assertThatThrownBy(() -> EvaluateJob.run(spark, config(threeClasses, ds, out, null)))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("classes [N, S, V, F, Q] vs [N, S, V]");

    String at250 = model("fs250", new ScorerSpec(spec.classes(), 250, 4, 4, 1, spec.rrFeatures()), 0);
    assertThatThrownBy(() -> EvaluateJob.run(spark, config(at250, ds, out, null)))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("sampling rate (Hz) is 360, the model expects 250");

    String wide = model("wide", new ScorerSpec(spec.classes(), 360, 90, 166, 1, spec.rrFeatures()), 0);
    assertThatThrownBy(() -> EvaluateJob.run(spark, config(wide, ds, out, null)))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("samples before the beat is 4, the model expects 90");

    // the same windows, but the rr_local_s the model learned averages another number of intervals
    Path ten = tmp.resolve("local-rr-10");
    FixtureDataset.write(spark, ten, FixtureDataset.SCHEMA.withSettings(Map.of("etl.window.local-rr-intervals", "10")), BEATS);
    String local32 = model("local32", new ScorerSpec(spec.classes(), spec.fsHz(), spec.samplesBefore(),
        spec.samplesAfter(), spec.leadCount(), spec.rrFeatures(), Map.of("etl.window.local-rr-intervals", "32")), 0);
    assertThatThrownBy(() -> EvaluateJob.run(spark, config(local32, ten, out, null)))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("etl.window.local-rr-intervals is 10, the model expects 32");
    // a dataset written before the contract recorded it is not refused for it
    assertThat(EvaluateJob.run(spark, config(local32, ds, tmp.resolve("unknown-local"), null)).metrics().beats())
        .isPositive();

    assertThatThrownBy(() -> EvaluateJob.run(spark, config(good, ds, out, tmp.resolve("not-a-run"))))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("Cannot use baseline")
        .hasMessageContaining("_SUCCESS");

    Files.createDirectories(out);
    assertThatThrownBy(() -> EvaluateJob.run(spark, config(good, ds, out, null)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("already exists");
    // nothing was left behind by the failed runs
    try (Stream<Path> siblings = Files.list(out.getParent())) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("x");
    }
  }

  @Test
  void aBeatWithoutALabelOrWithAShortWindowFailsTheJobNamingTheBeat(SparkSession spark) throws IOException {
    Path ds = dataset(spark);
    String good = model("good", ScorerSpec.of(FixtureDataset.SCHEMA), ERR_GOOD);
    Dataset<Row> beats = spark.read().parquet(ds.resolve(DatasetSchema.BEATS_DIR).toString());
    Row first = beats.filter(functions.col(DatasetSchema.SPLIT).equalTo("test"))
        .orderBy(DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.SAMPLE).first();
    String record = first.getAs(DatasetSchema.DATABASE) + "/" + first.getAs(DatasetSchema.RECORD);
    long sample = first.getAs(DatasetSchema.SAMPLE);
    org.apache.spark.sql.Column thatBeat = functions.col(DatasetSchema.RECORD).equalTo(first.getAs(DatasetSchema.RECORD))
        .and(functions.col(DatasetSchema.SAMPLE).equalTo(sample));
    org.apache.spark.sql.Column window = functions.col(DatasetSchema.WINDOW);
    Map<String, Dataset<Row>> broken = Map.of(
        "label", beats.withColumn(DatasetSchema.LABEL,
            functions.when(thatBeat, functions.lit(null)).otherwise(functions.col(DatasetSchema.LABEL))),
        "window", beats.withColumn(DatasetSchema.WINDOW,
            functions.when(thatBeat, functions.slice(window, 2, FixtureDataset.SCHEMA.windowLength())).otherwise(window)));
    for (Map.Entry<String, Dataset<Row>> b : broken.entrySet()) {
      Path dir = tmp.resolve("broken-" + b.getKey());
      Files.createDirectories(dir);
      Files.copy(ds.resolve(DatasetSchema.FILE_NAME), dir.resolve(DatasetSchema.FILE_NAME));
      b.getValue().select(beats.columns()[0], java.util.Arrays.copyOfRange(beats.columns(), 1, beats.columns().length))
          .write().partitionBy(DatasetSchema.SPLIT, DatasetSchema.DATABASE)
          .parquet(dir.resolve(DatasetSchema.BEATS_DIR).toString());
      String expected = b.getKey().equals("label")
          ? "Cannot score a beat of " + record + " at sample " + sample + ": its label is null"
          : "Cannot score beat " + record + " sample " + sample + ": window has " + (FixtureDataset.SCHEMA.windowLength() - 1)
              + " values, the model expects " + FixtureDataset.SCHEMA.windowLength();
      assertThatThrownBy(() -> EvaluateJob.run(spark, config(good, dir, tmp.resolve("runs-" + b.getKey()), null)))
          .hasStackTraceContaining(expected);
      assertThat(tmp.resolve("runs-" + b.getKey())).doesNotExist();
    }
  }

  @Test
  void writesOutputAndHistoryToHdfs(SparkSession spark) throws IOException {
    Path ds = dataset(spark);
    String model = model("good", ScorerSpec.of(FixtureDataset.SCHEMA), ERR_GOOD);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      String root = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
      String output = root + "/evaluations/run1";
      EvaluateConfig c = new EvaluateConfig(model, ds.toUri().toString(), output, java.util.Optional.empty(), "test",
          512, "pred", false, java.util.Optional.empty(), 5, 3, List.of(), org.ecgplatform.evaluation.metrics.ClassMapping.AAMI,
        AfGateConfig.defaults(), SvtRunConfig.defaults(), DecisionWeights.none());
      EvaluateResult r = EvaluateJob.run(spark, c);

      FileSystem fs = cluster.getFileSystem();
      org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(out, EvaluateJob.SUCCESS))).isTrue();
      assertThat(MetricsFiles.readFlat(HadoopFiles.readString(new org.apache.hadoop.fs.Path(out, ReportWriter.METRICS_JSON), fs.getConf()), "hdfs"))
          .containsEntry("accuracy", r.metrics().flat().get("accuracy"));
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(out, ReportWriter.REPORT_HTML))).isTrue();
      assertThat(spark.read().parquet(output + "/" + EvaluateJob.PREDICTIONS_DIR).count()).isEqualTo(r.beats());
      assertThat(r.historyDir()).isEqualTo(root + "/evaluations/history");
      assertThat(MetricsHistory.readCsv(fs, new org.apache.hadoop.fs.Path(r.historyDir()))).hasSize(1);
      // run1 and history, no staging directory left
      assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(root + "/evaluations"))).hasSize(2);
    } finally {
      cluster.shutdown();
    }
  }
}
