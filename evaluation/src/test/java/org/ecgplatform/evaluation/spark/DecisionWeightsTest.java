package org.ecgplatform.evaluation.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.training.model.Probabilities;
import org.junit.jupiter.api.Test;

class DecisionWeightsTest {
  private static final List<String> CLASSES = List.of("N", "S", "V", "F", "Q");

  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  private static DecisionWeights read(String overrides) {
    return EvaluateConfig.from(with(overrides), "m", "d", "o", null).decisionWeights();
  }

  @Test
  void noWeightsByDefaultIsThePlainArgMax() {
    DecisionWeights none = EvaluateConfig.defaults("m", "d", "o", null).decisionWeights();
    assertThat(none.isPlainArgMax()).isTrue();
    assertThat(none.describe()).isEqualTo("arg-max");
    float[] w = none.forClasses(CLASSES);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 10_000; i++) {
      float[] p = new float[5];
      for (int c = 0; c < 5; c++) {
        p[c] = random.nextInt(4) / 4f; // ties on purpose: the first of equals, as the arg-max
      }
      assertThat(Probabilities.argMax(p, w)).isEqualTo(Probabilities.argMax(p));
    }
  }

  @Test
  void aWeightMovesTheClassThreshold() {
    DecisionWeights s2 = read("evaluation.decision-weights.S = 2");
    float[] w = s2.forClasses(CLASSES);
    assertThat(w).containsExactly(1f, 2f, 1f, 1f, 1f);
    assertThat(s2.describe()).isEqualTo("arg-max of the weighted probabilities (S x2.0; other classes x1)");
    assertThat(Probabilities.argMax(new float[] {0.5f, 0.3f, 0.2f, 0f, 0f}, w)).isEqualTo(1); // 0.6 > 0.5
    assertThat(Probabilities.argMax(new float[] {0.7f, 0.3f, 0f, 0f, 0f}, w)).isEqualTo(0); // 0.6 < 0.7
    assertThat(Probabilities.argMax(new float[] {0.6f, 0.3f, 0f, 0f, 0.1f}, w)).isEqualTo(0); // a tie: the first
    // in the model's class order, whatever it is
    assertThat(s2.forClasses(List.of("S", "N", "V", "F", "Q"))).containsExactly(2f, 1f, 1f, 1f, 1f);
    assertThat(read("evaluation.decision-weights { S = 0.5, V = 3 }").forClasses(CLASSES))
        .containsExactly(1f, 0.5f, 3f, 1f, 1f);
    assertThat(read("evaluation.decision-weights { N = 1, S = 1 }").isPlainArgMax()).isTrue();
  }

  @Test
  void badWeightsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> read("evaluation.decision-weights.X = 2"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evaluation.decision-weights.X").hasMessageContaining("no class X");
    assertThatThrownBy(() -> read("evaluation.decision-weights.S = 0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evaluation.decision-weights.S").hasMessageContaining("> 0");
    assertThatThrownBy(() -> read("evaluation.decision-weights.S = -1"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("evaluation.decision-weights.S");
    assertThatThrownBy(() -> read("evaluation.decision-weights.S = two"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("evaluation.decision-weights.S");
    assertThatThrownBy(() -> read("evaluation.decision-weight.S = 2"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("Unknown configuration key evaluation.decision-weight.S");
    assertThatThrownBy(() -> read("evaluation.decision-weights.S = 2").forClasses(List.of("N", "V")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("the model has no class S");
  }
}
