package org.ecgplatform.evaluation.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The evaluation job's sentence on how much of its scoring the network was. */
class NetworkTimeTest {

  @Test
  void givesTheNetworkSecondsTheBeatsComputedPerScoredBeatAndTheRate() {
    String s = NetworkTime.describe(14_059, 3.94, 5.415, 18_715);

    assertThat(s).isEqualTo("the network's calls took 5.4 s of task time for 18715 beats computed (1.33 per scored"
        + " beat), 2596 scored beats per network second; the job's scoring took 3.9 s of wall time");
  }

  @Test
  void leavesOutWhatItCannotDivideBy() {
    // a model whose calls were too quick to time, or a split without beats
    assertThat(NetworkTime.describe(240, 0.2, 0.0, 240)).doesNotContain("per network second").contains("(1.00 per scored beat)");
    assertThat(NetworkTime.describe(0, 0.1, 0.0, 0)).doesNotContain("per scored beat").doesNotContain("per network second");
  }
}
