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
  void onByDefaultInBothModesWithTheCrossValidatedTrimAndOffWhenAsked() {
    AfGateConfig defaults = EvaluateConfig.defaults("m", "d", "o", null).afGate();
    assertThat(defaults.enabled()).isTrue();
    assertThat(defaults.detector().trim()).isEqualTo(8);
    assertThat(defaults.describe()).startsWith("on (window 64 intervals, trim 8");
    assertThat(AnnotateConfig.defaults("m", List.of("i"), "o").afGate()).isEqualTo(defaults);
    AfGateConfig off = EvaluateConfig.from(with("evaluation.af-gate { enabled = false, trim = 4 }"), "m", "d", "o", null).afGate();
    assertThat(off.enabled()).isFalse();
    assertThat(off.detector().trim()).isEqualTo(4);
    assertThat(off.describe()).isEqualTo("off");
    assertThat(AnnotateConfig.from(with("evaluation.af-gate.enabled = false"), "m", List.of("i"), "o").afGate().enabled()).isFalse();
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
