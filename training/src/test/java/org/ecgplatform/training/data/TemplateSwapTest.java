package org.ecgplatform.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TemplateSwapTest {
  @Test
  void templateChannelsBecomeCopiesOfTheirEcgLeadsAndTheInputIsLeftAlone() {
    // Two ECG leads then their two templates, three samples each.
    float[] w = {1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60};
    float[] before = w.clone();
    float[] s = TemplateSwap.swapped(w, 2, 4);
    assertThat(s).containsExactly(1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6);
    assertThat(w).containsExactly(before);
  }

  @Test
  void refusesWindowsWithoutATemplatePerLead() {
    assertThatThrownBy(() -> TemplateSwap.swapped(new float[6], 2, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("record-template");
    assertThatThrownBy(() -> TemplateSwap.swapped(new float[7], 1, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 values");
  }

  @Test
  void drawsAreReproducibleAndFollowTheProbability() {
    long swapped = LongStream.range(0, 20_000).filter(seed -> TemplateSwap.drawn(0.3, seed)).count();
    assertThat(swapped).isBetween(5_600L, 6_400L);
    assertThat(TemplateSwap.drawn(0.3, 12345)).isEqualTo(TemplateSwap.drawn(0.3, 12345));
    assertThat(LongStream.range(0, 1_000).noneMatch(seed -> TemplateSwap.drawn(0, seed))).isTrue();
    assertThat(LongStream.range(0, 1_000).allMatch(seed -> TemplateSwap.drawn(1, seed))).isTrue();
  }
}
