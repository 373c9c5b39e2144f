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
  void aLongRecordsTemplateIsTheMedianOfAtMostMaxWindowsInEvenlySpacedStretches() {
    assertThat(RecordTemplate.windowIndexes(3)).containsExactly(0, 1, 2);
    assertThat(RecordTemplate.windowIndexes(RecordTemplate.MAX_WINDOWS)).hasSize(RecordTemplate.MAX_WINDOWS)
        .startsWith(0, 1, 2).endsWith(RecordTemplate.MAX_WINDOWS - 1);
    int n = 100_000;
    int run = RecordTemplate.MAX_WINDOWS / RecordTemplate.STRETCHES;
    int[] chosen = RecordTemplate.windowIndexes(n);
    assertThat(chosen).hasSize(RecordTemplate.MAX_WINDOWS).isSorted().doesNotHaveDuplicates().startsWith(0, 1, 2);
    assertThat(chosen[chosen.length - 1]).isEqualTo(n - 1);
    int runs = 1;
    for (int i = 1; i < chosen.length; i++) {
      if (chosen[i] != chosen[i - 1] + 1) {
        runs++;
        // Evenly spaced: each run starts (n - run) / 15 windows after the previous one.
        assertThat(chosen[i] - chosen[i - run]).isBetween((n - run) / (RecordTemplate.STRETCHES - 1) - 1,
            (n - run) / (RecordTemplate.STRETCHES - 1) + 1);
      }
    }
    assertThat(runs).isEqualTo(RecordTemplate.STRETCHES);
    // Just above the cap the runs nearly touch but never overlap.
    assertThat(RecordTemplate.windowIndexes(RecordTemplate.MAX_WINDOWS + 1)).isSorted().doesNotHaveDuplicates()
        .hasSize(RecordTemplate.MAX_WINDOWS).endsWith(RecordTemplate.MAX_WINDOWS);

    // The chosen windows hold 0, the other 60 % of the record's windows 9: the median is 0 only if
    // the template is the median of exactly the chosen ones.
    List<Beat> beats = new ArrayList<>();
    int total = 40 * run;
    java.util.Set<Integer> picked = new java.util.HashSet<>();
    for (int i : RecordTemplate.windowIndexes(total)) {
      picked.add(i);
    }
    for (int i = 0; i < total; i++) {
      beats.add(beat(AamiClass.N, picked.contains(i) ? 0f : 9f));
    }
    assertThat(RecordTemplate.median(beats)).containsExactly(0f);
  }
}
