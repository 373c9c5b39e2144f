package org.ecgplatform.etl.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.ecgplatform.common.ConfigException;
import org.junit.jupiter.api.Test;

class QrsDetectorConfigTest {

  @Test
  void defaultsRoundTripThroughTheirKeys() {
    QrsDetectorConfig d = QrsDetectorConfig.defaults();
    assertThat(d.refractoryS()).isEqualTo(0.2);
    assertThat(d.searchBackRr()).isEqualTo(1.66);
    assertThat(d.refinementPasses()).isEqualTo(2);
    assertThat(QrsDetectorConfig.fromMap(d.toMap())).isEqualTo(d);
    assertThat(d.toMap().keySet()).allMatch(k -> k.startsWith(QrsDetectorConfig.PREFIX) && k.equals(k.toLowerCase()));
  }

  @Test
  void withChangesOneValueAndIgnoresOtherPrefixes() {
    QrsDetectorConfig c = QrsDetectorConfig.defaults().with(QrsDetectorConfig.REFRACTORY_S, 0.25);
    assertThat(c.refractoryS()).isEqualTo(0.25);
    assertThat(QrsDetectorConfig.fromMap(Map.of("etl.other", "x"))).isEqualTo(QrsDetectorConfig.defaults());
  }

  @Test
  void rejectsBadValuesNamingKeyAndValue() {
    QrsDetectorConfig d = QrsDetectorConfig.defaults();
    for (var bad : List.of(
        Map.entry(QrsDetectorConfig.REFRACTORY_S, "0"),
        Map.entry(QrsDetectorConfig.T_WAVE_WINDOW_S, "0.1"),
        Map.entry(QrsDetectorConfig.SEARCH_BACK_RR, "1"),
        Map.entry(QrsDetectorConfig.INITIAL_THRESHOLD, "1.5"),
        Map.entry(QrsDetectorConfig.NOISE_QUANTILE, "NaN"),
        Map.entry(QrsDetectorConfig.REFINEMENT_PASSES, "-1"),
        Map.entry(QrsDetectorConfig.MIN_QRS_MV, "-0.1"))) {
      assertThatThrownBy(() -> d.with(bad.getKey(), bad.getValue()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(bad.getKey())
          .hasMessageContaining("'" + bad.getValue());
    }
    assertThatThrownBy(() -> d.with(QrsDetectorConfig.REFINEMENT_PASSES, "two"))
        .hasMessageContaining("an integer");
  }

  @Test
  void rejectsUnknownKeysListingTheKnownOnes() {
    assertThatThrownBy(() -> QrsDetectorConfig.fromMap(Map.of("etl.detect.refractory", "0.2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'etl.detect.refractory'")
        .hasMessageContaining(QrsDetectorConfig.REFRACTORY_S);
  }
}
