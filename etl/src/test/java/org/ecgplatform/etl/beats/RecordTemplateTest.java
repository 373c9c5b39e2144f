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

  /** A beat of one sample whose RR interval before it is {@code prevS}, in a record of mean RR 1 s. */
  private static Beat timed(float value, double prevS) {
    return new Beat(0, 0, 0, "N", AamiClass.N, new RrFeatures(prevS, 1, 1, 1), new float[] {value}, 1);
  }

  @Test
  void notPrematureTakesTheBeatsThatComeOnTimeWhenEctopicBeatsAreTheMajority() {
    List<Beat> beats = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      beats.add(timed(9f, 0.72));
    }
    for (int i = 0; i < 40; i++) {
      beats.add(timed(1f, i % 2 == 0 ? 0.9 : 1.6));
    }
    assertThat(RecordTemplate.median(beats, RecordTemplate.Beats.ALL)).containsExactly(9f);
    assertThat(RecordTemplate.median(beats, RecordTemplate.Beats.NOT_PREMATURE)).containsExactly(1f);
    // Fewer on-time beats than MIN_NOT_PREMATURE: every beat, as with ALL.
    List<Beat> few = new ArrayList<>(beats.subList(0, 60));
    for (int i = 0; i < RecordTemplate.MIN_NOT_PREMATURE - 1; i++) {
      few.add(timed(1f, 1.2));
    }
    assertThat(RecordTemplate.median(few, RecordTemplate.Beats.NOT_PREMATURE)).containsExactly(9f);
    few.add(timed(1f, 1.2));
    assertThat(RecordTemplate.median(few, RecordTemplate.Beats.NOT_PREMATURE)).containsExactly(1f);
  }

  @Test
  void selectKeepsTheChosenIndexesInOrderAndCountsNanAsPremature() {
    double[] ratio = new double[80];
    java.util.Arrays.fill(ratio, 1.0);
    ratio[3] = 0.89;
    ratio[5] = Double.NaN;
    int[] chosen = java.util.stream.IntStream.range(0, 80).toArray();
    int[] kept = RecordTemplate.select(chosen, RecordTemplate.Beats.NOT_PREMATURE, ratio);
    assertThat(kept).hasSize(78).doesNotContain(3, 5).isSorted();
    assertThat(RecordTemplate.select(chosen, RecordTemplate.Beats.ALL, ratio)).isSameAs(chosen);
  }

  @Test
  void prevOverMeanIsTheIntervalBeforeEachBeatOverTheRecordsMeanTheFirstBeatsTheOneAfter() {
    // Mean RR (400 - 0) / 4 = 100 samples.
    assertThat(RecordTemplate.prevOverMean(new long[] {0, 50, 200, 260, 400}))
        .containsExactly(0.5, 0.5, 1.5, 0.6, 1.4);
    assertThat(RecordTemplate.prevOverMean(new long[] {7})).containsExactly(Double.NaN);
  }

  @Test
  void theRuleIsReadFromItsConfigurationValueAndAnUnknownOneIsRefusedByName() {
    assertThat(RecordTemplate.Beats.of("not-premature")).isEqualTo(RecordTemplate.Beats.NOT_PREMATURE);
    assertThat(RecordTemplate.Beats.of("all")).isEqualTo(RecordTemplate.Beats.ALL);
    assertThatThrownBy(() -> RecordTemplate.Beats.of("regular")).hasMessageContaining(RecordTemplate.BEATS_KEY)
        .hasMessageContaining("regular");
  }
}
