package org.ecgplatform.etl.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QrsChunksTest {

  @Test
  void coresTileTheRecordAndMarginsStopAtItsEnds() {
    List<QrsChunks.Chunk> chunks = QrsChunks.plan(1000, 10, 30, 5);
    assertThat(chunks).hasSize(4);
    assertThat(chunks.get(0)).isEqualTo(new QrsChunks.Chunk(0, 300, 0, 350));
    assertThat(chunks.get(1)).isEqualTo(new QrsChunks.Chunk(300, 600, 250, 650));
    assertThat(chunks.get(3)).isEqualTo(new QrsChunks.Chunk(900, 1000, 850, 1000));
    for (int k = 1; k < chunks.size(); k++) {
      assertThat(chunks.get(k).coreFrom()).isEqualTo(chunks.get(k - 1).coreTo());
    }
    assertThat(QrsChunks.plan(0, 360, 600, 40)).isEmpty();
  }

  @Test
  void keepsEachBeatInExactlyOneChunk() {
    List<QrsChunks.Chunk> chunks = QrsChunks.plan(1000, 10, 30, 5);
    long[] beats = {0, 299, 300, 301, 599, 600, 999};
    long[][] kept = chunks.stream().map(c -> QrsChunks.keep(c, beats)).toArray(long[][]::new);
    assertThat(kept[0]).containsExactly(0, 299);
    assertThat(kept[1]).containsExactly(300, 301, 599);
    assertThat(QrsChunks.merge(List.of(kept))).containsExactly(beats);
  }

  @Test
  void rejectsImpossiblePlans() {
    assertThatThrownBy(() -> QrsChunks.plan(1000, 360, 0, 10)).hasMessageContaining("coreS 0.0");
    assertThatThrownBy(() -> QrsChunks.plan(-1, 360, 10, 10)).hasMessageContaining("-1 samples");
    assertThatThrownBy(() -> QrsChunks.plan(1L << 40, 1e6, 3000, 0)).hasMessageContaining("use shorter chunks");
    assertThatThrownBy(() -> new QrsChunks.Chunk(10, 5, 0, 20)).hasMessageContaining("core must be non-empty");
  }
}
