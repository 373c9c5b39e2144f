package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.fixture.FixtureDataset;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** training.record-balance on local[2]: the weights reach the fitted loss, the model and a resumed run. */
@ExtendWith(SharedSpark.class)
class RecordBalanceTrainJobTest {
  @TempDir static Path tmp;

  private static TrainConfig config(String dataset, String output, double balance, int maxThisRun, boolean resume) {
    return ShortBeatRun.config(dataset, output, "record-balance = " + balance, maxThisRun, resume);
  }

  @Test
  void theWeightsReachTheFittedLossAndTheModelRecordsThem(SparkSession spark) {
    String dataset = FixtureDataset.write(spark, tmp.resolve("ds"), FixtureDataset.Spec.small(300, 100));
    var conf = spark.sparkContext().hadoopConfiguration();
    String plain = tmp.resolve("plain").toUri().toString();
    String balanced = tmp.resolve("balanced").toUri().toString();
    assertThat(TrainJob.run(spark, config(dataset, plain, 0, 0, false)).finished()).isTrue();
    assertThat(TrainJob.run(spark, config(dataset, balanced, 1, 0, false)).finished()).isTrue();
    ModelMetadata off = BeatModel.load(plain, conf).metadata();
    ModelMetadata on = BeatModel.load(balanced, conf).metadata();
    assertThat(on.trainingConfig()).containsEntry("record-balance", 1.0);
    assertThat(off.trainingConfig()).containsEntry("record-balance", 0.0);
    // Same seed, same beats, same order: only the per-beat weights differ, so the first epoch's
    // loss does too (it would be the same number had the weights been lost on the way to the workers).
    assertThat(on.epochs().get(0).trainLoss()).isNotEqualTo(off.epochs().get(0).trainLoss());
    assertThat(on.epochs().get(0).trainLoss()).isPositive();
  }

  @Test
  void aResumedRunMustKeepItsRecordBalance(SparkSession spark) {
    String dataset = FixtureDataset.write(spark, tmp.resolve("ds-resume"), FixtureDataset.Spec.small(300, 100));
    String out = tmp.resolve("resumed").toUri().toString();
    assertThat(TrainJob.run(spark, config(dataset, out, 0.5, 1, false)).finished()).isFalse();
    assertThatThrownBy(() -> TrainJob.run(spark, config(dataset, out, 0, 0, true)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("weighed with a record balance of 0.5, this run asks for 0.0")
        .hasMessageContaining("training.record-balance = 0.5");
    assertThat(TrainJob.run(spark, config(dataset, out, 0.5, 0, true)).finished()).isTrue();
  }
}
