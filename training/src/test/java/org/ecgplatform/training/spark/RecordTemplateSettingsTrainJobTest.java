package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.fixture.FixtureDataset;
import org.ecgplatform.training.model.AtrialMatch;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.model.RecordAmplitude;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings that read each beat's record template, on local[2]: training.atrial-match (the input
 * reaches the network, the model and a resumed run) and training.record-amplitude (the scaling
 * reaches the statistics, the model and a resumed run).
 */
@ExtendWith(SharedSpark.class)
class RecordTemplateSettingsTrainJobTest {
  @TempDir static Path tmp;

  private static TrainConfig config(String dataset, String output, boolean atrial, int maxThisRun, boolean resume) {
    return config(dataset, output, "atrial-match = " + atrial, maxThisRun, resume);
  }

  private static TrainConfig config(String dataset, String output, String setting, int maxThisRun, boolean resume) {
    return ShortBeatRun.config(dataset, output, setting, maxThisRun, resume);
  }

  @Test
  void theModelGetsOneMoreRrInputAndAResumedRunMustKeepIt(SparkSession spark) {
    // 128 Hz, 32 samples before the beat: the segment is samples 3 to 22; the fixture's N beats
    // carry a P wave at sample 14 like their template, the other classes none.
    String dataset = FixtureDataset.write(spark, tmp.resolve("ds"),
        FixtureDataset.Spec.small(300, 100).withWindow(2, 32, 32).withTemplates());
    String out = tmp.resolve("run").toUri().toString();
    assertThat(TrainJob.run(spark, config(dataset, out, true, 1, false)).finished()).isFalse();
    assertThatThrownBy(() -> TrainJob.run(spark, config(dataset, out, false, 0, true)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("has the atrial-match input")
        .hasMessageContaining("training.atrial-match = true");
    assertThat(TrainJob.run(spark, config(dataset, out, true, 0, true)).finished()).isTrue();

    ModelMetadata meta = BeatModel.load(out, spark.sparkContext().hadoopConfiguration()).metadata();
    assertThat(meta.normalizer().atrialMatch()).isEqualTo(new AtrialMatch(3, 23, 2, 1));
    assertThat(meta.network().rrFeatureCount()).isEqualTo(11);
    assertThat(meta.normalizer().rrMean()).hasSize(11);
    assertThat(meta.trainingConfig()).containsEntry("atrial-match", true);
    // The input's training mean lies between the N beats' match (near 1) and the others' (near 0).
    assertThat(meta.normalizer().rrMean()[10]).isBetween(0.2, 0.8);
  }

  @Test
  void aResumedRunKeepsTheSettingItsCheckpointWasTrainedWith() {
    AtrialMatch on = new AtrialMatch(3, 23, 2, 1);
    TrainJob.requireSameAtrialMatch(on, on, "file:/o");
    TrainJob.requireSameAtrialMatch(AtrialMatch.OFF, AtrialMatch.OFF, "file:/o");
    assertThatThrownBy(() -> TrainJob.requireSameAtrialMatch(AtrialMatch.OFF, on, "file:/o"))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("file:/o")
        .hasMessageContaining("has no atrial-match input, this run asks for true")
        .hasMessageContaining("training.atrial-match = false");
    RecordAmplitude scaled = new RecordAmplitude(2);
    TrainJob.requireSameAmplitude(scaled, scaled, "file:/o");
    TrainJob.requireSameAmplitude(RecordAmplitude.OFF, RecordAmplitude.OFF, "file:/o");
    assertThatThrownBy(() -> TrainJob.requireSameAmplitude(RecordAmplitude.OFF, scaled, "file:/o"))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("its windows are not scaled by their record template, this run asks for true")
        .hasMessageContaining("training.record-amplitude = false");
  }

  @Test
  void aDatasetWithoutRecordTemplatesIsRefusedBeforeTraining(SparkSession spark) {
    String dataset = FixtureDataset.write(spark, tmp.resolve("plain"), FixtureDataset.Spec.small(100, 50).withWindow(2, 32, 32));
    assertThatThrownBy(() -> TrainJob.run(spark, config(dataset, tmp.resolve("r2").toUri().toString(), true, 0, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.atrial-match")
        .hasMessageContaining("etl.leads.record-template = true");
    assertThatThrownBy(() -> TrainJob.run(spark, config(dataset, tmp.resolve("r3").toUri().toString(),
        "record-amplitude = true", 0, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.record-amplitude")
        .hasMessageContaining("etl.leads.record-template = true");
  }

  @Test
  void withTheRecordAmplitudeAPatientRecordedThreeTimesLargerTrainsTheSameModel(SparkSession spark) {
    FixtureDataset.Spec spec = FixtureDataset.Spec.small(300, 100).withWindow(2, 32, 32).withTemplates();
    String dataset = FixtureDataset.write(spark, tmp.resolve("amp1"), spec);
    String larger = FixtureDataset.write(spark, tmp.resolve("amp3"), spec.withGain(3));
    var conf = spark.sparkContext().hadoopConfiguration();
    ModelMetadata[] on = new ModelMetadata[2];
    Normalizer[] off = new Normalizer[2];
    String[] data = {dataset, larger};
    for (int d = 0; d < 2; d++) {
      String plain = tmp.resolve("amp-off" + d).toUri().toString();
      String out = tmp.resolve("amp-on" + d).toUri().toString();
      assertThat(TrainJob.run(spark, config(data[d], plain, "record-amplitude = false", 0, false)).finished()).isTrue();
      assertThat(TrainJob.run(spark, config(data[d], out, "record-amplitude = true", 0, false)).finished()).isTrue();
      off[d] = BeatModel.load(plain, conf).metadata().normalizer();
      on[d] = BeatModel.load(out, conf).metadata();
    }
    assertThat(on[0].normalizer().recordAmplitude()).isEqualTo(new RecordAmplitude(2));
    assertThat(off[0].recordAmplitude()).isEqualTo(RecordAmplitude.OFF);
    assertThat(on[0].trainingConfig()).containsEntry("record-amplitude", true);
    for (int c = 0; c < 2; c++) {
      // At their recorded amplitude the larger patient's windows spread three times as far ...
      assertThat(off[1].leadStd()[c]).isCloseTo(3 * off[0].leadStd()[c], within(1e-4));
      // ... scaled by their template, as far as the other's.
      assertThat(on[1].normalizer().leadStd()[c]).isCloseTo(on[0].normalizer().leadStd()[c], within(1e-5));
      assertThat(on[1].normalizer().leadMean()[c]).isCloseTo(on[0].normalizer().leadMean()[c], within(1e-5));
    }
    // So the network sees the same inputs and trains to the same fit, float rounding apart.
    double loss0 = on[0].epochs().get(1).trainLoss();
    double loss1 = on[1].epochs().get(1).trainLoss();
    assertThat(loss1).isCloseTo(loss0, within(1e-3 * loss0));
  }

  @Test
  void aResumedRunMustKeepItsRecordAmplitude(SparkSession spark) {
    String dataset = FixtureDataset.write(spark, tmp.resolve("amp-resume"),
        FixtureDataset.Spec.small(300, 100).withWindow(2, 32, 32).withTemplates());
    String out = tmp.resolve("amp-resumed").toUri().toString();
    assertThat(TrainJob.run(spark, config(dataset, out, "record-amplitude = true", 1, false)).finished()).isFalse();
    assertThatThrownBy(() -> TrainJob.run(spark, config(dataset, out, "record-amplitude = false", 0, true)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("its windows are scaled by their record template, this run asks for false")
        .hasMessageContaining("training.record-amplitude = true");
    assertThat(TrainJob.run(spark, config(dataset, out, "record-amplitude = true", 0, true)).finished()).isTrue();
  }
}
