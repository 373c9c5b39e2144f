package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.training.model.EpochMetrics;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.model.ValidationMetrics.F1Classes;
import org.junit.jupiter.api.Test;

/** {@code checkpoints/state.json}: what a resumed run continues from. */
class RunStateTest {
  private static RunState state(F1Classes f1Classes) {
    EpochMetrics e1 = new EpochMetrics(1, 0.9, 640, 2.0, 320, 0.8, 0.55, List.of(0.9, 0.4), List.of(0.85, 0.5));
    return new RunState(RunState.CURRENT_VERSION, 1, "epoch-0001.zip", 1, 0.55, f1Classes, 0, 7L,
        Normalizer.identity(2, 3), new double[] {1.0, 2.5}, List.of(e1), 0.5,
        "average-0001.bin", 0.5);
  }

  @Test
  void roundTripsThroughJsonWithTheF1ClassesThatPickedTheBestEpoch() {
    RunState s = state(F1Classes.REFERENCE);
    RunState back = RunState.fromJson(s.toJson(), "state.json");
    assertThat(back.earlyStoppingF1Classes()).isEqualTo(F1Classes.REFERENCE);
    assertThat(back.bestEpoch()).isEqualTo(1);
    assertThat(back.bestValMacroF1()).isEqualTo(0.55);
    assertThat(back.seed()).isEqualTo(7L);
    assertThat(back.classWeights()).containsExactly(1.0, 2.5);
    assertThat(back.epochs()).isEqualTo(s.epochs());
    assertThat(back.weightAverageHalfLife()).isEqualTo(0.5);
    assertThat(back.averageFile()).isEqualTo("average-0001.bin");
    assertThat(back.recordBalance()).isEqualTo(0.5);
  }

  @Test
  void aStateWrittenBeforeTheRecordBalanceExistedReadsAsOff() {
    String json = state(F1Classes.PRESENT).toJson().replaceAll(",\\s*\"recordBalance\"\\s*:\\s*0\\.5", "");
    assertThat(json).doesNotContain("recordBalance");
    assertThat(RunState.fromJson(json, "old/state.json").recordBalance()).isZero();
  }

  @Test
  void aStateWrittenBeforeTheWeightAverageExistedReadsAsNoAverage() {
    String json = state(F1Classes.PRESENT).toJson()
        .replaceAll(",\\s*\"weightAverageHalfLife\"\\s*:\\s*0\\.5", "")
        .replaceAll(",\\s*\"averageFile\"\\s*:\\s*\"average-0001.bin\"", "");
    assertThat(json).doesNotContain("weightAverageHalfLife").doesNotContain("averageFile");
    RunState old = RunState.fromJson(json, "old/state.json");
    assertThat(old.weightAverageHalfLife()).isZero();
    assertThat(old.averageFile()).isNull();
  }

  @Test
  void aStateWrittenBeforeTheF1ClassesWereRecordedReadsAsPresent() {
    String json = state(F1Classes.REFERENCE).toJson().replaceAll("\"earlyStoppingF1Classes\"\\s*:\\s*\"REFERENCE\",", "");
    assertThat(json).doesNotContain("earlyStoppingF1Classes");
    assertThat(RunState.fromJson(json, "old/state.json").earlyStoppingF1Classes()).isEqualTo(F1Classes.PRESENT);
  }

  @Test
  void anotherFormatIsRefusedNamingTheFile() {
    String json = state(F1Classes.PRESENT).toJson().replaceFirst("\"formatVersion\"\\s*:\\s*1", "\"formatVersion\" : 9");
    assertThatThrownBy(() -> RunState.fromJson(json, "hdfs://nn/runs/a/checkpoints/state.json"))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("hdfs://nn/runs/a/checkpoints/state.json")
        .hasMessageContaining("checkpoint format 9");
  }
}
