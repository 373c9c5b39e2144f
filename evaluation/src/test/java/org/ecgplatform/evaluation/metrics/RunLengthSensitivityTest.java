package org.ecgplatform.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.RunLengthSensitivity.Context;
import org.junit.jupiter.api.Test;

class RunLengthSensitivityTest {
  private static final int N = 0;
  private static final int S = 1;
  private static final int V = 2;
  private static final int F = 3;

  @Test
  void eachEctopicBeatCountsInTheRunOfItsClassItStandsIn() {
    //                 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14
    int[] truth =     {N, S, N, S, S, N, S, S, S, S, V, N, V, V, S};
    int[] predicted = {N, S, N, N, S, S, S, N, S, S, V, N, N, V, N};
    RunLengthSensitivity s = new RunLengthSensitivity().addRecord(truth, predicted);

    assertThat(s.sensitivity(AamiClass.S, Context.ISOLATED)).isEqualTo(new Ratio(1, 2)); // beats 1 and 14 (a record's last)
    assertThat(s.sensitivity(AamiClass.S, Context.COUPLET)).isEqualTo(new Ratio(1, 2)); // 3, 4
    assertThat(s.sensitivity(AamiClass.S, Context.RUN)).isEqualTo(new Ratio(3, 4)); // 6-9
    assertThat(s.sensitivity(AamiClass.V, Context.ISOLATED)).isEqualTo(new Ratio(1, 1)); // 10: next to S, not V
    assertThat(s.sensitivity(AamiClass.V, Context.COUPLET)).isEqualTo(new Ratio(1, 2));
    assertThat(s.sensitivity(AamiClass.V, Context.RUN)).isEqualTo(new Ratio(0, 0));
    assertThat(s.sensitivity(AamiClass.V, Context.RUN).isDefined()).isFalse();
    assertThat(s.describe(AamiClass.S)).isEqualTo("S isolated 1/2 (50.0 %), couplet 1/2 (50.0 %), run 3/4 (75.0 %)");
    assertThat(s.describe(AamiClass.V)).isEqualTo("V isolated 1/1 (100.0 %), couplet 1/2 (50.0 %), run 0/0 (-)");
  }

  @Test
  void runsNeverCrossRecordsAndCountsAddUp() {
    // Two S at the end of one record and one at the start of the next: a couplet and an isolated beat.
    RunLengthSensitivity a = new RunLengthSensitivity().addRecord(new int[] {N, S, S}, new int[] {N, S, S});
    RunLengthSensitivity b = new RunLengthSensitivity().addRecord(new int[] {S, N, F}, new int[] {N, N, F});
    a.merge(b);
    assertThat(a.sensitivity(AamiClass.S, Context.COUPLET)).isEqualTo(new Ratio(2, 2));
    assertThat(a.sensitivity(AamiClass.S, Context.ISOLATED)).isEqualTo(new Ratio(0, 1));
    assertThat(a.sensitivity(AamiClass.S, Context.RUN)).isEqualTo(new Ratio(0, 0));

    RunLengthSensitivity sum = new RunLengthSensitivity().addRecord(new int[0], new int[0]);
    sum.add(AamiClass.S, Context.ISOLATED, 5, 2).add(AamiClass.S, Context.ISOLATED, 1, 1);
    assertThat(sum.sensitivity(AamiClass.S, Context.ISOLATED)).isEqualTo(new Ratio(3, 6));
  }

  @Test
  void badInputIsRefused() {
    RunLengthSensitivity s = new RunLengthSensitivity();
    assertThatThrownBy(() -> s.addRecord(new int[] {N, S}, new int[] {N})).hasMessageContaining("2 reference labels but 1");
    assertThatThrownBy(() -> s.add(AamiClass.N, Context.RUN, 1, 1)).hasMessageContaining("not N");
    assertThatThrownBy(() -> s.add(AamiClass.S, Context.RUN, 1, 2)).hasMessageContaining("2 of 1 S beats");
    assertThatThrownBy(() -> s.sensitivity(AamiClass.F, Context.RUN)).hasMessageContaining("not F");
    assertThatThrownBy(() -> Context.ofLength(0)).hasMessageContaining("run of 0");
    assertThatThrownBy(() -> Context.ofLabel("triplet")).hasMessageContaining("'triplet'");
    assertThat(Context.ofLength(7)).isEqualTo(Context.RUN);
    assertThat(Context.ofLabel("couplet")).isEqualTo(Context.COUPLET);
  }
}
