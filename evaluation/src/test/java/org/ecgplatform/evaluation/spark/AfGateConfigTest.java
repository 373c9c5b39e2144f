package org.ecgplatform.evaluation.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.ecgplatform.common.ConfigException;
import org.junit.jupiter.api.Test;

class AfGateConfigTest {
  /** A model on the ETL's default windows: 360 Hz, 90 samples before the beat. */
  private static final ScorerSpec ETL_WINDOW = new ScorerSpec(org.ecgplatform.etl.beats.AamiClass.vocabulary(), 360, 90, 166, 2,
      List.of("rr_prev_s"));
  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void onByDefaultInBothModesWithTheCrossValidatedTrimAndOffWhenAsked() {
    AfGateConfig defaults = EvaluateConfig.defaults("m", "d", "o", null).afGate();
    assertThat(defaults.enabled()).isTrue();
    assertThat(defaults.detector().trim()).isEqualTo(8);
    assertThat(defaults.describe(ETL_WINDOW)).startsWith("on (window 64 intervals, trim 8");
    assertThat(AnnotateConfig.defaults("m", List.of("i"), "o").afGate()).isEqualTo(defaults);
    AfGateConfig off = EvaluateConfig.from(with("evaluation.af-gate { enabled = false, trim = 4 }"), "m", "d", "o", null).afGate();
    assertThat(off.enabled()).isFalse();
    assertThat(off.detector().trim()).isEqualTo(4);
    assertThat(off.describe(ETL_WINDOW)).isEqualTo("off");
    assertThat(off.atrial(360, 90)).isNull();
    assertThat(AnnotateConfig.from(with("evaluation.af-gate.enabled = false"), "m", List.of("i"), "o").afGate().enabled()).isFalse();
  }

  @Test
  void theAtrialCheckAppliesWhenTheModelsWindowReachesItsSegment() {
    AfGateConfig on = EvaluateConfig.from(with("evaluation.af-gate.max-atrial-similarity = 0.7"), "m", "d", "o", null).afGate();
    assertThat(on.atrial(360, 90)).isEqualTo(new org.ecgplatform.evaluation.rhythm.AtrialActivity(7, 65, 0.7));
    assertThat(on.describe(ETL_WINDOW)).endsWith("; atrial similarity (0.23 to 0.07 s before the beat) < 0.7)");
    // a window starting 0.1 s before the beat: the check is off, and the run's facts say why
    ScorerSpec shortWindow = new ScorerSpec(ETL_WINDOW.classes(), 360, 36, 220, 2, ETL_WINDOW.rrFeatures());
    assertThat(on.atrial(360, 36)).isNull();
    assertThat(on.describe(shortWindow))
        .endsWith("; atrial check off: the model's window starts 0.1 s before the beat, after evaluation.af-gate.atrial-from-s = 0.23 s)");
    AfGateConfig off = EvaluateConfig.from(with("evaluation.af-gate.max-atrial-similarity = 1"), "m", "d", "o", null).afGate();
    assertThat(off.atrial(360, 90)).isNull();
    assertThat(off.describe(ETL_WINDOW)).endsWith("; atrial check off)");
  }

  @Test
  void badValuesAndUnknownKeysNameTheKey() {
    assertThatThrownBy(() -> EvaluateConfig.from(with("evaluation.af-gate { atrial-from-s = 0.05, atrial-to-s = 0.1 }"), "m", "d",
        "o", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evaluation.af-gate")
        .hasMessageContaining("atrial-from-s must exceed atrial-to-s");
    assertThatThrownBy(() -> EvaluateConfig.from(with("evaluation.af-gate.max-atrial-similarity = -2"), "m", "d", "o", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max-atrial-similarity must be above -1");
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
