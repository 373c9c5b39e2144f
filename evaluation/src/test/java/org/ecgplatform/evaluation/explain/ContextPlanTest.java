package org.ecgplatform.evaluation.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.SequenceDirection;
import org.junit.jupiter.api.Test;

/** Placing a misclassified beat in its record: the scorer's sequence, the neighbours, and clear errors. */
class ContextPlanTest {
  private static final long[] SAMPLES = {100, 400, 700, 1000, 1300, 1600, 1900, 2200, 2500, 2800};

  private static ErrorBeat error(long sample) {
    return new ErrorBeat("mitdb", "232", sample, sample / 360.0, AamiClass.S, AamiClass.N, new float[5]);
  }

  private static Map<Long, RecordBeat> rows(long... samples) {
    Map<Long, RecordBeat> m = new HashMap<>();
    for (long s : samples) {
      m.put(s, new RecordBeat(s, s / 360.0, "A", new float[] {0.8f, 0.8f}, new float[] {s}));
    }
    return m;
  }

  @Test
  void aSequenceModelsBeatComesWithTheSequenceTheScorerClassifiedItIn() {
    ChunkGeometry g = ChunkGeometry.of(4, 2, SequenceDirection.BIDIRECTIONAL); // stride 2, context 1 + 1
    ContextPlan p = ContextPlan.of(error(1300), SAMPLES, g::scoringSpan);
    assertThat(p.index()).isEqualTo(4);
    assertThat(new int[] {p.spanStart(), p.spanEnd()}).containsExactly(3, 7);
    assertThat(p.samples()).containsExactly(1000L, 1300L, 1600L, 1900L);
    BeatContext c = p.context(rows(SAMPLES));
    assertThat(c.sequence()).extracting(RecordBeat::sample).containsExactly(1000L, 1300L, 1600L, 1900L);
    assertThat(c.target()).isEqualTo(1);
    assertThat(c.beat().sample()).isEqualTo(1300L);
    assertThat(c.previous().sample()).isEqualTo(1000L);
    assertThat(c.next().sample()).isEqualTo(1600L);
    assertThat(c.recordBeats()).isEqualTo(10);
  }

  @Test
  void aPerBeatModelsBeatComesAloneWithItsNeighboursForThePicture() {
    ContextPlan first = ContextPlan.of(error(100), SAMPLES, (i, n) -> new int[] {i, i + 1});
    assertThat(first.samples()).containsExactly(100L, 400L);
    BeatContext c = first.context(rows(SAMPLES));
    assertThat(c.sequence()).hasSize(1);
    assertThat(c.previous()).isNull();
    assertThat(c.next().sample()).isEqualTo(400L);
    BeatContext last = ContextPlan.of(error(2800), SAMPLES, (i, n) -> new int[] {i, i + 1}).context(rows(SAMPLES));
    assertThat(last.next()).isNull();
    assertThat(last.previous().sample()).isEqualTo(2500L);
  }

  @Test
  void aBeatTheDatasetDoesNotHoldOnceIsAnErrorNamingRecordAndTime() {
    assertThatThrownBy(() -> ContextPlan.of(error(555), SAMPLES, (i, n) -> new int[] {i, i + 1}))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("Cannot explain mitdb/232 at 00:00:01.542 (sample 555)").hasMessageContaining("--dataset");
    assertThatThrownBy(() -> ContextPlan.of(error(400), new long[] {100, 400, 400}, (i, n) -> new int[] {i, i + 1}))
        .isInstanceOf(EcgPlatformException.class).hasMessageContaining("more than once");
    ContextPlan p = ContextPlan.of(error(400), SAMPLES, (i, n) -> new int[] {i, i + 1});
    assertThatThrownBy(() -> p.context(rows(400))).isInstanceOf(EcgPlatformException.class).hasMessageContaining("sample 100");
    assertThat(p.first()).isZero();
  }
}
