package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.data.EpochPlan;
import org.ecgplatform.training.fixture.FixtureDataset;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.EpochMetrics;
import org.ecgplatform.training.model.ModelMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Parameter-averaging training of the per-beat model on local[2] with a synthetic dataset in the ETL's layout. */
@ExtendWith(SharedSpark.class)
class TrainJobTest {
  private static final int TRAIN = 600;
  @TempDir static Path tmp;
  private static String dataset;

  @BeforeAll
  static void writeFixture() {
    SparkSession spark = SharedSpark.newSession("TrainJobTest");
    dataset = FixtureDataset.write(spark, tmp.resolve("ds"), FixtureDataset.Spec.small(TRAIN, 200));
  }

  private static TrainConfig config(String output, int epochs, int maxThisRun, boolean resume) {
    return config(output, epochs, maxThisRun, resume, "present");
  }

  private static TrainConfig config(String output, int epochs, int maxThisRun, boolean resume, String f1Classes) {
    return config(output, epochs, maxThisRun, resume, f1Classes, 0);
  }

  private static TrainConfig config(String output, int epochs, int maxThisRun, boolean resume, String f1Classes,
      double halfLife) {
    return TrainConfig.of("""
        training {
          weight-average-half-life = %s
          dataset = "%s"
          output = "%s"
          resume = %s
          epochs = %d
          max-epochs-this-run = %d
          early-stopping-patience = 10
          early-stopping-f1-classes = %s
          learning-rate = 0.005
          model = beat
          spark { workers = 2, batch-size-per-worker = 32, averaging-frequency = 2 }
        }
        """.formatted(halfLife, dataset, output, resume, epochs, maxThisRun, f1Classes));
  }

  @Test
  void lossFallsAndEveryExampleIsFittedEveryEpoch(SparkSession spark) throws Exception {
    String out = tmp.resolve("run1").toUri().toString();
    TrainResult r = TrainJob.run(spark, config(out, 3, 0, false));

    assertThat(r.trainBeats()).isEqualTo(TRAIN);
    // 600 beats, 2 workers x 2 minibatches x 32 beats = 128 per round: 5 rounds, 640 slots (40 repeated).
    EpochPlan plan = new EpochPlan(TRAIN, 32, 2, 2);
    assertThat(plan.slots()).isEqualTo(640);
    assertThat(r.epochs()).extracting(EpochMetrics::examplesFitted).containsExactly(640L, 640L, 640L);
    assertThat(r.epochs().get(2).trainLoss()).isLessThan(r.epochs().get(0).trainLoss());
    assertThat(r.finished()).isTrue();
    assertThat(r.examplesFittedThisRun()).isEqualTo(3 * 640L);

    Path dir = tmp.resolve("run1");
    assertThat(dir.resolve("model.zip")).exists();
    assertThat(dir.resolve("training-curve.png")).exists();
    assertThat(Files.readAllLines(dir.resolve("training-metrics.csv"))).hasSize(4);
    BeatModel model = BeatModel.load(out, spark.sparkContext().hadoopConfiguration());
    ModelMetadata meta = model.metadata();
    assertThat(meta.epochs()).hasSize(3);
    assertThat(meta.bestEpoch()).isEqualTo(r.bestEpoch());
    assertThat(meta.leadNames()).containsExactly("MLII", "V1");
    assertThat(meta.manifestSha256()).hasSize(64);
    assertThat(meta.normalizer().count()).isEqualTo(TRAIN);

    // A run that already holds results is not overwritten by accident.
    assertThatThrownBy(() -> TrainJob.run(spark, config(out, 3, 0, false)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("already holds a run");
  }

  @Test
  void withoutAValSplitEarlyStoppingMustBeOffAndTheLastEpochIsKept(SparkSession spark) {
    String noVal = FixtureDataset.write(spark, tmp.resolve("ds-noval"), FixtureDataset.Spec.small(TRAIN, 0));
    String out = tmp.resolve("run-noval").toUri().toString();
    String conf = """
        training {
          dataset = "%s"
          output = "%s"
          epochs = 3
          early-stopping-patience = %d
          max-epochs-this-run = %d
          resume = %s
          learning-rate = 0.005
          model = beat
          spark { workers = 2, batch-size-per-worker = 32, averaging-frequency = 2 }
        }
        """;
    assertThatThrownBy(() -> TrainJob.run(spark, TrainConfig.of(conf.formatted(noVal, out, 4, 0, false))))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("ds-noval")
        .hasMessageContaining("the val split has no beats")
        .hasMessageContaining("training.early-stopping-patience = 0");

    // Interrupted after two epochs and resumed: the checkpoint's state holds no validation figure either.
    assertThat(TrainJob.run(spark, TrainConfig.of(conf.formatted(noVal, out, 0, 2, false))).finished()).isFalse();
    TrainResult r = TrainJob.run(spark, TrainConfig.of(conf.formatted(noVal, out, 0, 0, true)));
    assertThat(r.finished()).isTrue();
    assertThat(r.epochsThisRun()).isEqualTo(1);
    assertThat(r.stoppedEarly()).isFalse();
    assertThat(r.epochs()).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
    assertThat(r.epochs()).allSatisfy(e -> assertThat(e.valMacroF1()).isNaN());
    assertThat(r.bestEpoch()).isEqualTo(3);
    ModelMetadata meta = BeatModel.load(out, spark.sparkContext().hadoopConfiguration()).metadata();
    assertThat(meta.bestEpoch()).isEqualTo(3);
    assertThat(meta.epochs()).hasSize(3);
  }

  @Test
  void keptEpochLastKeepsTheLastEpochWhateverItsValidation(SparkSession spark) throws Exception {
    String conf = """
        training {
          dataset = "%s"
          output = "%s"
          epochs = 3
          early-stopping-patience = 0
          kept-epoch = %s
          max-epochs-this-run = %d
          resume = %s
          learning-rate = 0.005
          model = beat
          spark { workers = 2, batch-size-per-worker = 32, averaging-frequency = 2 }
        }
        """;
    Path last = tmp.resolve("run-last");
    Path best = tmp.resolve("run-best");
    String lastUri = last.toUri().toString();
    String bestUri = best.toUri().toString();
    assertThat(TrainJob.run(spark, TrainConfig.of(conf.formatted(dataset, lastUri, "last", 2, false))).finished()).isFalse();
    // A validation figure no epoch can reach: whichever epoch is kept next was not chosen by it.
    Path statePath = last.resolve("checkpoints/state.json");
    RunState s = RunState.fromJson(Files.readString(statePath), "state.json");
    assertThat(s.bestEpoch()).isEqualTo(2);
    assertThat(s.bestValMacroF1()).isEqualTo(s.epochs().get(1).valMacroF1()).isNotNaN();
    writeState(statePath, withBest(s, 2, 2.0));
    copyTree(last, best);

    TrainResult r = TrainJob.run(spark, TrainConfig.of(conf.formatted(dataset, lastUri, "last", 0, true)));
    assertThat(r.finished()).isTrue();
    assertThat(r.bestEpoch()).isEqualTo(3);
    assertThat(r.bestValMacroF1()).isEqualTo(r.epochs().get(2).valMacroF1()).isNotNaN();
    assertThat(BeatModel.load(lastUri, spark.sparkContext().hadoopConfiguration()).metadata().bestEpoch())
        .isEqualTo(3);

    // The same checkpoint continued with the best-validated epoch kept: epoch 3 does not beat 2.0.
    Path bestState = best.resolve("checkpoints/state.json");
    writeState(bestState, withBest(s, 1, 2.0));
    assertThatThrownBy(() -> TrainJob.run(spark, TrainConfig.of(conf.formatted(dataset, bestUri, "last", 0, true))))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("run-best")
        .hasMessageContaining("keeps epoch 1")
        .hasMessageContaining("training.kept-epoch = best");
    TrainResult b = TrainJob.run(spark, TrainConfig.of(conf.formatted(dataset, bestUri, "best", 0, true)));
    assertThat(b.finished()).isTrue();
    assertThat(b.bestEpoch()).isEqualTo(1);
  }

  private static RunState withBest(RunState s, int bestEpoch, double bestF1) {
    return new RunState(s.formatVersion(), s.epoch(), s.checkpointFile(), bestEpoch, bestF1, s.earlyStoppingF1Classes(),
        s.epoch() - bestEpoch, s.seed(), s.normalizer(), s.classWeights(), s.epochs(), s.weightAverageHalfLife(),
        s.averageFile(), s.recordBalance());
  }

  /** Rewrites a checkpoint's state by hand (and drops the local file system's checksum of the old one). */
  private static void writeState(Path statePath, RunState state) throws java.io.IOException {
    Files.writeString(statePath, state.toJson());
    Files.deleteIfExists(statePath.resolveSibling(".state.json.crc"));
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  @Test
  void killedRunResumesAndFinishesOnlyTheRemainingEpochs(SparkSession spark) {
    String out = tmp.resolve("run2").toUri().toString();
    TrainResult first = TrainJob.run(spark, config(out, 3, 1, false));
    assertThat(first.epochsThisRun()).isEqualTo(1);
    assertThat(first.finished()).isFalse();
    assertThat(tmp.resolve("run2/checkpoints/state.json")).exists();
    assertThat(tmp.resolve("run2/model.json")).doesNotExist();

    // The best epoch so far was picked with one macro-F1; resuming with the other is refused.
    assertThatThrownBy(() -> TrainJob.run(spark, config(out, 3, 0, true, "reference")))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("run2")
        .hasMessageContaining("over present classes, this run asks for reference");
    assertThat(tmp.resolve("run2/checkpoints/epoch-0002.zip")).doesNotExist();

    TrainResult second = TrainJob.run(spark, config(out, 3, 0, true));
    assertThat(second.epochsThisRun()).isEqualTo(2);
    assertThat(second.lastEpoch()).isEqualTo(3);
    assertThat(second.finished()).isTrue();
    assertThat(second.epochs()).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
    assertThat(second.epochs().get(0)).isEqualTo(first.epochs().get(0));
    assertThat(tmp.resolve("run2/model.json")).exists();

    // Weights, updater state, normaliser and per-epoch seeds were restored: the resumed epochs
    // reproduce an uninterrupted run (up to float rounding of the averaging order).
    TrainResult straight = TrainJob.run(spark, config(tmp.resolve("run3").toUri().toString(), 3, 0, false));
    for (int e = 1; e < 3; e++) {
      assertThat(second.epochs().get(e).trainLoss()).isCloseTo(straight.epochs().get(e).trainLoss(), within(1e-3));
      assertThat(second.epochs().get(e).valAccuracy()).isCloseTo(straight.epochs().get(e).valAccuracy(), within(0.02));
    }
  }

  @Test
  void withWeightAveragingTheCheckpointKeepsTheMeanAndAResumedRunContinuesIt(SparkSession spark) throws Exception {
    String out = tmp.resolve("run4").toUri().toString();
    TrainResult first = TrainJob.run(spark, config(out, 2, 1, false, "present", 0.5));
    assertThat(first.finished()).isFalse();
    Path checkpoints = tmp.resolve("run4/checkpoints");
    assertThat(checkpoints.resolve("average-0001.bin")).exists();
    RunState state = RunState.fromJson(Files.readString(checkpoints.resolve("state.json")), "state.json");
    assertThat(state.weightAverageHalfLife()).isEqualTo(0.5);
    assertThat(state.averageFile()).isEqualTo("average-0001.bin");

    // The best epoch so far was picked on averaged weights; resuming without them is refused.
    assertThatThrownBy(() -> TrainJob.run(spark, config(out, 2, 0, true, "present", 0)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("run4")
        .hasMessageContaining("training.weight-average-half-life = 0.5");
    // So is resuming with another early-stopping criterion: that best epoch was picked on "present".
    assertThatThrownBy(() -> TrainJob.run(spark, config(out, 2, 0, true, "reference", 0.5)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("run4")
        .hasMessageContaining("training.early-stopping-f1-classes = present");

    TrainResult second = TrainJob.run(spark, config(out, 2, 0, true, "present", 0.5));
    assertThat(second.finished()).isTrue();
    assertThat(second.epochs()).extracting(EpochMetrics::epoch).containsExactly(1, 2);
    assertThat(checkpoints.resolve("average-0002.bin")).exists();
    assertThat(checkpoints.resolve("average-0001.bin")).doesNotExist();
    ModelMetadata meta = BeatModel.load(out, spark.sparkContext().hadoopConfiguration()).metadata();
    assertThat(meta.trainingConfig()).containsEntry("weight-average-half-life", 0.5);
  }
}
