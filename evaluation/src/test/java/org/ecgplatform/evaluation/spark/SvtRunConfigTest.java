package org.ecgplatform.evaluation.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.evaluation.rhythm.SvtRunRule;
import org.junit.jupiter.api.Test;

class SvtRunConfigTest {
  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void onByDefaultInBothModesWithTheCrossValidatedLimitsAndOffWhenAsked() {
    SvtRunConfig defaults = EvaluateConfig.defaults("m", "d", "o", null).svtRun();
    assertThat(defaults).isEqualTo(new SvtRunConfig(true, new SvtRunRule(0.6, 0.9, 0.15)));
    assertThat(defaults.describe()).isEqualTo("on (RR < 0.6 s and <= 0.9 x the record's mean, within 0.15 of the opening beat's)");
    assertThat(AnnotateConfig.defaults("m", List.of("i"), "o").svtRun()).isEqualTo(defaults);
    SvtRunConfig off = EvaluateConfig.from(with("evaluation.svt-run { enabled = false, max-rr-s = 0.5 }"), "m", "d", "o", null)
        .svtRun();
    assertThat(off).isEqualTo(new SvtRunConfig(false, new SvtRunRule(0.5, 0.9, 0.15)));
    assertThat(off.describe()).isEqualTo("off");
    assertThat(AnnotateConfig.from(with("evaluation.svt-run.enabled = false"), "m", List.of("i"), "o").svtRun().enabled()).isFalse();
  }

  @Test
  void findsTheModelsRrColumnsAndRefusesAModelWithoutThemOrWithoutSOrN() {
    SvtRunConfig on = SvtRunConfig.defaults();
    assertThat(on.rrColumns(List.of("rr_prev_s", "rr_next_s", "rr_local_s", "rr_mean_s"))).containsExactly(0, 3);
    assertThat(new SvtRunConfig(false, on.rule()).rrColumns(List.of())).isNull();
    assertThatThrownBy(() -> on.rrColumns(List.of("rr_prev_s", "rr_next_s")))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("rr_mean_s")
        .hasMessageContaining("evaluation.svt-run.enabled=false");
    on.requireClasses(List.of("N", "S", "V"));
    new SvtRunConfig(false, on.rule()).requireClasses(List.of("N", "V"));
    assertThatThrownBy(() -> on.requireClasses(List.of("N", "V")))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("lack S or N");
  }

  @Test
  void badValuesAndUnknownKeysNameTheKey() {
    refused("evaluation.svt-run.rr-tolerance = 1").hasMessageContaining("evaluation.svt-run")
        .hasMessageContaining("rr-tolerance must be in [0, 1)");
    refused("evaluation.svt-run.max-rr-s = 0").hasMessageContaining("max-rr-s must be a positive number");
    refused("evaluation.svt-run.enabled = maybe").hasMessageContaining("evaluation.svt-run.enabled");
    refused("evaluation.svt-run.max-rr = 0.6").hasMessageContaining("Unknown configuration key evaluation.svt-run.max-rr");
  }

  /** The evaluation settings with {@code overrides}, refused. */
  private static AbstractThrowableAssert<?, ? extends Throwable> refused(String overrides) {
    return assertThatThrownBy(() -> EvaluateConfig.from(with(overrides), "m", "d", "o", null)).isInstanceOf(ConfigException.class);
  }
}
