package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** training.atrial-match on local[2]: the input reaches the network, the model and a resumed run. */
@ExtendWith(SharedSpark.class)
class AtrialMatchTrainJobTest {
  @TempDir static Path tmp;

  private static TrainConfig config(String dataset, String output, boolean atrial, int maxThisRun, boolean resume) {
    return TrainConfig.of("""
        training {
          dataset = "%s"
          output = "%s"
          atrial-match = %s
          epochs = 2
          max-epochs-this-run = %d
          resume = %s
          early-stopping-patience = 0
          learning-rate = 0.005
          model = beat
          spark { workers = 2, batch-size-per-worker = 32, averaging-frequency = 2 }
        }
        """.formatted(dataset, output, atrial, maxThisRun, resume));
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
  }

  @Test
  void aDatasetWithoutRecordTemplatesIsRefusedBeforeTraining(SparkSession spark) {
    String dataset = FixtureDataset.write(spark, tmp.resolve("plain"), FixtureDataset.Spec.small(100, 50).withWindow(2, 32, 32));
    assertThatThrownBy(() -> TrainJob.run(spark, config(dataset, tmp.resolve("r2").toUri().toString(), true, 0, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.atrial-match")
        .hasMessageContaining("etl.leads.record-template = true");
  }
}
