package org.ecgplatform.evaluation.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.ecgplatform.common.ConfigException;
import org.junit.jupiter.api.Test;

class AfGateConfigTest {
  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void offByDefaultInBothModesAndOnWhenAsked() {
    assertThat(EvaluateConfig.defaults("m", "d", "o", null).afGate().enabled()).isFalse();
    assertThat(AnnotateConfig.defaults("m", List.of("i"), "o").afGate().enabled()).isFalse();
    AfGateConfig on = EvaluateConfig.from(with("evaluation.af-gate { enabled = true, trim = 8 }"), "m", "d", "o", null).afGate();
    assertThat(on.enabled()).isTrue();
    assertThat(on.detector().trim()).isEqualTo(8);
    assertThat(on.describe()).startsWith("on (window 64 intervals, trim 8");
    assertThat(AnnotateConfig.from(with("evaluation.af-gate.enabled = true"), "m", List.of("i"), "o").afGate().enabled()).isTrue();
  }

  @Test
  void badValuesAndUnknownKeysNameTheKey() {
    assertThatThrownBy(() -> EvaluateConfig.from(with("evaluation.af-gate.trim = 40"), "m", "d", "o", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evaluation.af-gate")
        .hasMessageContaining("trim must leave 8");
    assertThatThrownBy(() -> EvaluateConfig.from(with("evaluation.af-gate.enabled = maybe"), "m", "d", "o", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evaluation.af-gate.enabled");
    assertThatThrownBy(() -> EvaluateConfig.from(with("evaluation.af-gate.window = 64"), "m", "d", "o", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown configuration key evaluation.af-gate.window");
  }
}
