package org.ecgplatform.etl.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ecgplatform.common.EcgPlatformException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeadSelectorTest {
  private final LeadSelector mitBih = new LeadSelector(LeadPreference.MIT_BIH);

  @Test
  void mitBihPrefersMliiThenV1() {
    LeadSelector.Selection s = mitBih.select("100", List.of("MLII", "V5"));
    assertThat(s.indexes()).containsExactly(0, 1);
    assertThat(s.names()).containsExactly("MLII", "V5");
    assertThat(mitBih.select("114", List.of("V5", "MLII")).names()).containsExactly("MLII", "V5");
    assertThat(mitBih.select("x", List.of("V2", "V1", "MLII")).names()).containsExactly("MLII", "V1");
  }

  @Test
  void fallsBackToTheFirstEcgLeadSkippingOtherSignals() {
    LeadSelector.Selection s = mitBih.select("102", List.of("ABP", "V5", "RESP", "V2"));
    assertThat(s.indexes()).containsExactly(1, 3);
    // 102 has V5 and V2: without MLII, V5 is first and V2 is the preferred second lead.
    assertThat(mitBih.select("102", List.of("V5", "V2")).names()).containsExactly("V5", "V2");
  }

  @Test
  void secondLeadFallsBackToTheNextEcgLead() {
    assertThat(mitBih.select("r", List.of("MLII", "RESP", "ECG2")).indexes()).containsExactly(0, 2);
    assertThat(mitBih.select("r", List.of("III", "MLII")).indexes()).containsExactly(1, 0);
  }

  @Test
  void oneLeadWhenAskedOrWhenOnlyOneExists() {
    assertThat(new LeadSelector(LeadPreference.MIT_BIH.singleLead()).select("r", List.of("MLII", "V1")).names())
        .containsExactly("MLII");
    assertThat(mitBih.select("r", List.of("ABP", "MLII", "PLETH")).indexes()).containsExactly(1);
  }

  @Test
  void noEcgLeadIsAClearError() {
    assertThatThrownBy(() -> mitBih.select("rec7", List.of("ABP", "RESP", "PLETH")))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("Cannot select ECG lead of record rec7")
        .hasMessageContaining("[ABP, RESP, PLETH]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"MLII", "MLI", "MLIII", "V1", "V6", "I", "II", "III", "aVR", "aVL", "aVF", "ECG",
      "ECG1", "ECG 2", "ecg", "Lead II", "V4R", "MV1", "CM5", "D3", "EKG"})
  void recognisesEcgLeadNames(String name) {
    assertThat(LeadSelector.isEcgLead(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ABP", "RESP", "PLETH", "EEG", "noise", "BP", "SpO2", "Resp", "ART", "CVP", "", "IV"})
  void rejectsOtherSignals(String name) {
    assertThat(LeadSelector.isEcgLead(name)).isFalse();
  }

  @Test
  void presetsPerDatabase() {
    assertThat(LeadPreference.forDatabase("MITDB")).isEqualTo(LeadPreference.MIT_BIH);
    assertThat(LeadPreference.forDatabase("incartdb")).isEqualTo(LeadPreference.GENERIC);
    assertThat(new LeadSelector(LeadPreference.GENERIC).select("r", List.of("I", "II", "V1")).names())
        .containsExactly("II", "V1");
  }
}
