package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.data.EpochPlan;
import org.ecgplatform.training.fixture.FixtureDataset;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.EpochMetrics;
import org.ecgplatform.training.model.ModelKind;
import org.ecgplatform.training.model.SequenceDirection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Parameter-averaging training of the beat-sequence model on local[2]. */
@ExtendWith(SharedSpark.class)
class SequenceTrainJobTest {
  private static final int TRAIN = 600; // 4 records of 150 beats
  @TempDir static Path tmp;
  private static String dataset;

  @BeforeAll
  static void writeFixture() {
    SparkSession spark = SharedSpark.newSession("SequenceTrainJobTest");
    dataset = FixtureDataset.write(spark, tmp.resolve("ds"), FixtureDataset.Spec.small(TRAIN, 200));
  }

  @Test
  void everySequenceIsFittedEveryEpochTheLossFallsAndTheModelScoresEveryBeat(SparkSession spark) {
    String out = tmp.resolve("seq").toUri().toString();
    TrainConfig cfg = TrainConfig.of("""
        training {
          dataset = "%s"
          output = "%s"
          epochs = 3
          early-stopping-patience = 10
          learning-rate = 0.005
          model = sequence
          sequence { direction = causal, length = 16, overlap = 4, chunks-per-batch = 2 }
          spark { workers = 2, averaging-frequency = 2 }
        }
        """.formatted(dataset, out));
    TrainResult r = TrainJob.run(spark, cfg);

    // Per record of 150 beats: sequences start every 12 beats while they fit (0..132), plus one
    // ending at the last beat = 13 sequences of 16 beats; 4 records = 52. A round is 2 workers x 2
    // minibatches x 2 sequences = 8: 7 rounds, 56 slots (4 sequences fitted twice).
    ChunkGeometry g = ChunkGeometry.of(16, 4, SequenceDirection.CAUSAL);
    assertThat(g.trainingSpans(150)).hasSize(13);
    EpochPlan plan = new EpochPlan(52, 2, 2, 2);
    assertThat(r.trainBeats()).isEqualTo(52);
    assertThat(plan.slots()).isEqualTo(56);
    assertThat(r.epochs()).extracting(EpochMetrics::examplesFitted).containsExactly(56L * 16, 56L * 16, 56L * 16);
    assertThat(r.epochs().get(2).trainLoss()).isLessThan(r.epochs().get(0).trainLoss());
    assertThat(r.finished()).isTrue();

    BeatModel model = BeatModel.load(out, spark.sparkContext().hadoopConfiguration());
    assertThat(model.kind()).isEqualTo(ModelKind.SEQUENCE);
    assertThat(model.metadata().network().direction()).isEqualTo(SequenceDirection.CAUSAL);
    assertThat(model.scoringGeometry()).isEqualTo(g);
    assertThat(model.metadata().normalizer().count()).isEqualTo(TRAIN);
    // The validation split (4 records of 50 beats) was scored through the streaming scorer.
    assertThat(r.epochs().get(0).valAccuracy()).isBetween(0.0, 1.0);

    // The model scores a record of any length, beat for beat.
    int n = 37;
    float[][] w = new float[n][2 * 64];
    float[][] rr = new float[n][];
    for (int i = 0; i < n; i++) {
      rr[i] = new float[] {0.8f, 0.8f, 0.8f, 0.8f};
    }
    float[][] p = model.predictProbabilities(w, rr);
    assertThat(p).hasNumberOfRows(n);
    for (float[] row : p) {
      assertThat(row).hasSize(5);
      float sum = 0;
      for (float v : row) {
        sum += v;
      }
      assertThat(sum).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-4f));
    }
  }
}
