package org.ecgplatform.etl.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.junit.jupiter.api.Test;

class SynthConfigTest {
  @Test
  void defaultsDescribeAMitdbLikeDatabase() {
    SynthConfig c = SynthConfig.defaultConfig();
    assertThat(c.durationS()).isEqualTo(1800);
    assertThat(c.fsHz()).isEqualTo(360);
    assertThat(c.leads()).isEqualTo(2);
    assertThat(c.format()).isEqualTo(212);
    assertThat(c.samplesPerLead()).isEqualTo(648_000);
  }

  @Test
  void mapRoundTripKeepsEveryValue() {
    SynthConfig c = SynthConfig.fromMap(Map.of(SynthConfig.SNR_DB, "inf", SynthConfig.SEED, "-7", SynthConfig.FRACTION_V, "0.2"));
    assertThat(SynthConfig.fromMap(c.toMap())).isEqualTo(c);
    assertThat(c.snrDb()).isInfinite();
  }

  @Test
  void badValuesAreRefusedWithKeyAndValue() {
    assertThatThrownBy(() -> SynthConfig.fromMap(Map.of(SynthConfig.RECORDS, "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("synth.records").hasMessageContaining("'0'");
    assertThatThrownBy(() -> SynthConfig.fromMap(Map.of(SynthConfig.FORMAT, "80")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("synth.format").hasMessageContaining("'80'");
    assertThatThrownBy(() -> SynthConfig.fromMap(Map.of(SynthConfig.FRACTION_V, "0.4", SynthConfig.FRACTION_S, "0.2")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("synth.fraction-v + synth.fraction-s");
    assertThatThrownBy(() -> SynthConfig.fromMap(Map.of(SynthConfig.MEAN_HR_BPM, "abc")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("synth.mean-hr-bpm").hasMessageContaining("'abc'");
    assertThatThrownBy(() -> SynthConfig.fromMap(Map.of(SynthConfig.PATIENT_SPREAD, "1.5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("synth.patient-spread").hasMessageContaining("1.5");
    assertThatThrownBy(() -> SynthConfig.fromMap(Map.of(SynthConfig.FS_HZ, "-360")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("synth.fs-hz").hasMessageContaining("-360");
  }

  @Test
  void unknownKeysAreRefused() {
    assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("synth.recrods", "3")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("synth.recrods").hasMessageContaining("synth.records");
    assertThatThrownBy(() -> SynthConfig.fromMap(Map.of("synth.fsHz", "250")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'synth.fsHz' (renamed to synth.fs-hz)");
  }

  @Test
  void theMergedConfigurationGivesTheSettingsWithTheDefaultsOfReferenceConf() {
    SynthConfig c = SynthConfig.from(ConfigLoader.load(null, List.of("synth.records=3", "synth.snr-db=inf"), "synth"));

    assertThat(c).isEqualTo(SynthConfig.defaultConfig().with(SynthConfig.RECORDS, 3).with(SynthConfig.SNR_DB, "inf"));
    assertThat(c.durationS()).isEqualTo(1800);
  }
}
