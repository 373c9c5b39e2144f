package org.ecgplatform.etl.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordTemplateTest {
  private static Beat beat(AamiClass c, float... window) {
    return new Beat(0, 0, 0, c == AamiClass.N ? "N" : "V", c, new RrFeatures(1, 1, 1, 1), window, 1);
  }

  @Test
  void templateIsTheMedianShapeSoAMinorityOfEctopicBeatsDoesNotMoveIt() {
    List<Beat> beats = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      beats.add(beat(AamiClass.N, 0f, 1f + i * 0.01f, 0f));
    }
    for (int i = 0; i < 3; i++) {
      beats.add(beat(AamiClass.V, 2f, -3f, 2f));
    }
    float[] t = RecordTemplate.median(beats);
    // Ten values per sample (three -3 among them): the median is the mean of the 5th and 6th smallest.
    assertThat(t[0]).isEqualTo(0f);
    assertThat(t[1]).isEqualTo((1.01f + 1.02f) / 2f);
    assertThat(t[2]).isEqualTo(0f);
  }

  @Test
  void oddCountTakesTheMiddleValueAndAppendPutsTheTemplateAfterTheLeads() {
    float[] t = RecordTemplate.median(List.of(beat(AamiClass.N, 1, 5), beat(AamiClass.N, 3, 4), beat(AamiClass.N, 2, 6)));
    assertThat(t).containsExactly(2f, 5f);
    assertThat(RecordTemplate.append(new float[] {9, 8}, t)).containsExactly(9f, 8f, 2f, 5f);
  }

  @Test
  void refusesAnEmptyRecordAndUnequalWindows() {
    assertThatThrownBy(() -> RecordTemplate.median(List.of())).hasMessageContaining("no beat window");
    assertThatThrownBy(() -> RecordTemplate.median(List.of(beat(AamiClass.N, 1, 2), beat(AamiClass.N, 1))))
        .hasMessageContaining("beat 1 has 1 window values");
  }

  @Test
  void aLongRecordsTemplateIsTheMedianOfAtMostMaxWindowsEvenlySpaced() {
    assertThat(RecordTemplate.windowIndexes(3)).containsExactly(0, 1, 2);
    assertThat(RecordTemplate.windowIndexes(RecordTemplate.MAX_WINDOWS)).hasSize(RecordTemplate.MAX_WINDOWS)
        .startsWith(0, 1, 2).endsWith(RecordTemplate.MAX_WINDOWS - 1);
    int[] spaced = RecordTemplate.windowIndexes(3 * RecordTemplate.MAX_WINDOWS + 1);
    assertThat(spaced).hasSize(RecordTemplate.MAX_WINDOWS).isSorted().doesNotHaveDuplicates().startsWith(0, 3, 6);
    assertThat(spaced[spaced.length - 1]).isEqualTo(3 * RecordTemplate.MAX_WINDOWS - 3);

    // 2 × MAX windows: every other one is taken (the even ones, value 0), the odd ones (value 9) never.
    List<Beat> beats = new ArrayList<>();
    for (int i = 0; i < 2 * RecordTemplate.MAX_WINDOWS; i++) {
      beats.add(beat(AamiClass.N, i % 2 == 0 ? 0f : 9f));
    }
    assertThat(RecordTemplate.median(beats)).containsExactly(0f);
  }
}
