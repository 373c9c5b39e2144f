package org.ecgplatform.evaluation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.spark.EtlConfig;
import org.ecgplatform.etl.spark.EtlJob;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.BeatClass;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.evaluation.metrics.DetectionStatistic;
import org.ecgplatform.evaluation.metrics.MatchMatrix;
import org.ecgplatform.evaluation.spark.DetectionConfig;
import org.ecgplatform.evaluation.spark.DetectionJob;
import org.ecgplatform.evaluation.spark.DetectionResult;
import org.ecgplatform.evaluation.spark.EvaluateConfig;
import org.ecgplatform.evaluation.spark.EvaluateJob;
import org.ecgplatform.evaluation.spark.EvaluateResult;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.testing.TestData;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.spark.TrainJob;
import org.ecgplatform.training.spark.TrainResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three real jobs chained on a small real slice of MIT-BIH (no fixtures, no test scorer):
 * the ETL writes Parquet from WFDB records, the beat-sequence model is trained on it with parameter
 * averaging on local[2], and the evaluation job scores the test records with that model and writes
 * every output, including MIT-format annotation files that read back beat for beat.
 */
@ExtendWith(SharedSpark.class)
class RealSlicePipelineTest {
  @TempDir Path tmp;

  @Test
  void etlThenTrainingThenEvaluationOnRealRecords(SparkSession spark) throws IOException {
    // DS1 records 208 (N, S, V, F, Q) and 119 (N, V) train, 114 is one of the validation patients
    // the default seeded draw takes from DS1, and DS2 record 100 is the test split.
    Path src = TestData.require("mitdb");
    Path db = Files.createDirectories(tmp.resolve("in/mitdb"));
    for (String r : List.of("208", "119", "114", "100")) {
      for (String ext : List.of(".hea", ".dat", ".atr")) {
        Files.copy(src.resolve(r + ext), db.resolve(r + ext));
      }
    }
    Files.writeString(db.resolve("RECORDS"), "208\n119\n114\n100\n");
    Path dataset = tmp.resolve("dataset");
    EtlJob.run(spark, EtlConfig.from(ConfigLoader.load(null, List.of(
        "etl.inputs=[\"" + db + "\"]", "etl.output=\"" + dataset + "\""), "etl")));

    Path model = tmp.resolve("model");
    TrainResult trained = TrainJob.run(spark, TrainConfig.of(
        "training { dataset = \"" + dataset + "\", output = \"" + model + "\", epochs = 3,"
            + " early-stopping-patience = 3, absent-classes-allowed = [Q], model = sequence }"));
    assertThat(trained.finished()).isTrue();
    assertThat(trained.epochs()).hasSize(3);
    assertThat(trained.epochs().get(2).trainLoss()).as("training loss falls")
        .isLessThan(trained.epochs().get(0).trainLoss());
    assertThat(model.resolve("model.zip")).exists();
    assertThat(model.resolve("model.json")).exists();

    Path out = tmp.resolve("evaluation/run1");
    EvaluateResult r = EvaluateJob.run(spark, EvaluateConfig.from(ConfigLoader.load(null, List.of(), "evaluation"),
        model.toString(), dataset.toString(), out.toString(), null));

    long testBeats = spark.read().parquet(dataset.resolve(DatasetSchema.BEATS_DIR).toString())
        .filter("split = 'test'").count();
    assertThat(r.beats()).isEqualTo(testBeats).isGreaterThan(2000);
    assertThat(spark.read().parquet(out.resolve("predictions").toString()).count()).isEqualTo(testBeats);
    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.toString()).contains("accuracy");
    assertThat(r.metrics().flat().get("accuracy")).as("a trained model beats chance on record 100").isGreaterThan(0.5);
    assertThat(out.resolve("confusion_matrix.png")).isNotEmptyFile();
    assertThat(Files.readString(out.resolve("report.html"))).contains("<table");

    List<Annotation> predicted = Annotations.read(new LocalWfdbStorage(out.resolve("annotations")), "100", "pred");
    assertThat((long) predicted.size()).isEqualTo(testBeats);
    assertThat(predicted).allMatch(a -> List.of("N", "A", "V", "F", "Q").contains(a.symbol()));

    // Those annotation files scored by the detection mode against the record's reference annotations
    // (what bxb would print for them): every beat the classification scored is matched at its own
    // sample with the same classes, so the tallies of the beat classes are the confusion matrix;
    // the reference beats the ETL did not write are the misses (o column).
    DetectionResult d = DetectionJob.run(spark, DetectionConfig.defaults(out.resolve("annotations").toString(), "pred",
        db.toString(), tmp.resolve("evaluation/detection").toString()));
    assertThat(d.summary().perRecord()).extracting(c -> c.record()).containsExactly("100");
    assertThat(d.skipped()).extracting(k -> k.record()).containsExactly("114", "119", "208");
    MatchMatrix tallies = d.summary().total();
    ConfusionMatrix confusion = r.metrics().overall();
    for (AamiClass ref : AamiClass.values()) {
      for (AamiClass test : AamiClass.values()) {
        assertThat(tallies.count(BeatClass.of(ref), BeatClass.of(test))).as("%s%s", ref, test).isEqualTo(confusion.count(ref, test));
      }
    }
    assertThat(tallies.sum(List.of(BeatClass.O, BeatClass.X), BeatClass.BEATS)).as("no extra test beat").isZero();
    assertThat(d.summary().gross().get(DetectionStatistic.QRS_SE).numerator()).isEqualTo(testBeats);
  }
}
