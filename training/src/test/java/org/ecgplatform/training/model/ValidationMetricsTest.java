package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.ecgplatform.training.model.ValidationMetrics.F1Classes;
import org.junit.jupiter.api.Test;

class ValidationMetricsTest {
  /** Classes N, S, V, F, Q; the validation patients have no F and no Q beat. */
  private static long[][] confusion(long nPredictedF) {
    return new long[][] {
      {90 - nPredictedF, 5, 5, nPredictedF, 0},
      {2, 8, 0, 0, 0},
      {1, 0, 9, 0, 0},
      {0, 0, 0, 0, 0},
      {0, 0, 0, 0, 0},
    };
  }

  @Test
  void aClassPredictedButAbsentFromTheReferenceCountsAsZeroInTheMacroF1OfPresentClasses() {
    ValidationMetrics none = ValidationMetrics.of(confusion(0));
    ValidationMetrics one = ValidationMetrics.of(confusion(1));
    double n0 = 2 * 90.0 / (100 + 93);
    double s = 2 * 8.0 / (10 + 13);
    double v = 2 * 9.0 / (10 + 14);
    assertThat(none.macroF1()).isCloseTo((n0 + s + v) / 3, within(1e-12));
    assertThat(none.macroF1Reference()).isCloseTo(none.macroF1(), within(1e-12));
    // One normal beat called F: N loses one beat of recall, and F enters the mean as 0.
    double n1 = 2 * 89.0 / (100 + 92);
    assertThat(one.macroF1()).isCloseTo((n1 + s + v + 0) / 4, within(1e-12));
    assertThat(one.macroF1Reference()).isCloseTo((n1 + s + v) / 3, within(1e-12));
    assertThat(none.macroF1() - one.macroF1()).as("the step one beat makes").isGreaterThan(0.15);
    assertThat(none.macroF1Reference() - one.macroF1Reference()).isBetween(0.0, 0.01);
    assertThat(one.macroF1(F1Classes.PRESENT)).isEqualTo(one.macroF1());
    assertThat(one.macroF1(F1Classes.REFERENCE)).isEqualTo(one.macroF1Reference());
    assertThat(one.recall().get(3)).isNaN();
    assertThat(one.precision().get(3)).isZero();
    assertThat(one.accuracy()).isCloseTo(106.0 / 120, within(1e-12));
  }

  @Test
  void anEmptyMatrixHasNoFigures() {
    ValidationMetrics m = ValidationMetrics.of(new long[5][5]);
    assertThat(m.macroF1()).isNaN();
    assertThat(m.macroF1Reference()).isNaN();
    assertThat(m.accuracy()).isNaN();
  }
}
