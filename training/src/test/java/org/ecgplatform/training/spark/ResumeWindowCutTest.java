package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.training.model.WindowCut;
import org.junit.jupiter.api.Test;

/** A resumed run keeps the window cut its first invocation was fitted with (no Spark). */
class ResumeWindowCutTest {
  private static final WindowCut CUT = new WindowCut(0.1, 360, 90, 1);

  @Test
  void resumingWithTheSameCutGoesOn() {
    assertThatCode(() -> TrainJob.requireSameCut(CUT, new WindowCut(0.1, 360, 90, 1), "file:/o")).doesNotThrowAnyException();
    assertThatCode(() -> TrainJob.requireSameCut(WindowCut.OFF, WindowCut.OFF, "file:/o")).doesNotThrowAnyException();
  }

  @Test
  void resumingWithAnotherCutIsRefusedNamingTheKeyAndItsValue() {
    assertThatThrownBy(() -> TrainJob.requireSameCut(CUT, WindowCut.OFF, "file:/o"))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("file:/o")
        .hasMessageContaining("training.window-cut-before-next-s = 0.1");
    assertThatThrownBy(() -> TrainJob.requireSameCut(WindowCut.OFF, CUT, "file:/o"))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("training.window-cut-before-next-s = off");
  }
}
