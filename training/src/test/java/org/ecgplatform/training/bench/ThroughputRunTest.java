package org.ecgplatform.training.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ecgplatform.training.data.Beat;
import org.junit.jupiter.api.Test;

/** The record numbering the PyTorch mirror cuts the exported beat-sequence tensors by. */
class ThroughputRunTest {

  private static Beat beat(String record) {
    return new Beat(record, 0, new float[1], new float[1], 0);
  }

  @Test
  void numbersRecordsInOrderOfAppearance() {
    List<Beat> beats = List.of(beat("mitdb/101"), beat("mitdb/101"), beat("mitdb/100"), beat("mitdb/105"),
        beat("mitdb/105"), beat("mitdb/105"));

    assertThat(ThroughputRun.recordIndexes(beats, "train")).containsExactly(0, 0, 1, 2, 2, 2);
  }

  @Test
  void refusesARecordWhoseBeatsAreApart() {
    List<Beat> beats = List.of(beat("mitdb/100"), beat("mitdb/101"), beat("mitdb/100"));

    assertThatThrownBy(() -> ThroughputRun.recordIndexes(beats, "test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot export the test split")
        .hasMessageContaining("mitdb/100");
  }
}
