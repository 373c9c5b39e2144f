package org.ecgplatform.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.DatasetContractException;
import org.junit.jupiter.api.Test;

class ClassWeightsTest {
  private static final List<String> CLASSES = List.of("N", "S", "V", "F", "Q");
  // 1000 beats: N 800, S 100, V 80, F 19, Q 1.
  private static final long[] COUNTS = {800, 100, 80, 19, 1};

  @Test
  void balancedIsInverseFrequencyCappedAndSqrtIsItsRoot() {
    double[] b = ClassWeights.of(ClassWeights.Mode.BALANCED, COUNTS, CLASSES, 20, List.of());
    assertThat(b[0]).isCloseTo(1000.0 / (5 * 800), within(1e-12));
    assertThat(b[1]).isCloseTo(2.0, within(1e-12));
    assertThat(b[4]).isEqualTo(20.0); // 200 capped
    assertThat(b).containsExactly(ClassWeights.balanced(COUNTS, CLASSES, 20), within(1e-12));

    double[] s = ClassWeights.of(ClassWeights.Mode.SQRT, COUNTS, CLASSES, 10, List.of());
    assertThat(s[0]).isCloseTo(0.5, within(1e-12));
    assertThat(s[1]).isCloseTo(Math.sqrt(2), within(1e-12));
    assertThat(s[4]).isEqualTo(10.0); // sqrt(200) = 14.1 capped

    assertThat(ClassWeights.of(ClassWeights.Mode.NONE, COUNTS, CLASSES, 20, List.of())).containsOnly(1.0);
  }

  @Test
  void absentClassesGetZeroOnlyWhenAllowed() {
    long[] noQ = {800, 100, 80, 20, 0};
    assertThat(ClassWeights.of(ClassWeights.Mode.NONE, noQ, CLASSES, 20, List.of("Q"))).containsExactly(1, 1, 1, 1, 0);
    assertThatThrownBy(() -> ClassWeights.of(ClassWeights.Mode.SQRT, noQ, CLASSES, 20, List.of()))
        .isInstanceOf(DatasetContractException.class).hasMessageContaining("class Q has no beat");
  }

  @Test
  void parsesTheConfigValue() {
    assertThat(ClassWeights.Mode.parse("k", "Sqrt")).isEqualTo(ClassWeights.Mode.SQRT);
    assertThatThrownBy(() -> ClassWeights.Mode.parse("training.class-weighting", "inverse"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'inverse'").hasMessageContaining("balanced, sqrt, none");
  }
}
