package org.ecgplatform.etl.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.ecgplatform.common.DatasetContractException;
import org.junit.jupiter.api.Test;

class DatasetSchemaTest {

  @Test
  void jsonRoundTripKeepsEveryField() {
    DatasetSchema s = DatasetSchema.current(360, 90, 166, 2);
    DatasetSchema back = DatasetSchema.fromJson(s.toJson(), "test");
    assertThat(back).isEqualTo(s);
    assertThat(back.windowSamples()).isEqualTo(256);
    assertThat(back.windowLength()).isEqualTo(512);
  }

  @Test
  void namesRecordTemplateChannels() {
    assertThat(DatasetSchema.templateChannel("MLII")).isEqualTo("MLII:template");
    assertThat(DatasetSchema.isTemplateChannel("V1:template")).isTrue();
    assertThat(DatasetSchema.isTemplateChannel("V1")).isFalse();
    assertThat(DatasetSchema.isTemplateChannel("template")).isFalse();
  }

  @Test
  void hasATemplatePerLeadOnlyWhenEachLeadIsFollowedByItsOwnInOrder() {
    assertThat(DatasetSchema.hasTemplatePerLead(List.of("MLII", "MLII:template"))).isTrue();
    assertThat(DatasetSchema.hasTemplatePerLead(List.of("MLII", "V1", "MLII:template", "V1:template"))).isTrue();
    assertThat(DatasetSchema.hasTemplatePerLead(List.of())).isFalse();
    assertThat(DatasetSchema.hasTemplatePerLead(List.of("MLII"))).isFalse();
    assertThat(DatasetSchema.hasTemplatePerLead(List.of("MLII", "V1"))).isFalse();
    assertThat(DatasetSchema.hasTemplatePerLead(List.of("MLII:template", "MLII"))).isFalse();
    assertThat(DatasetSchema.hasTemplatePerLead(List.of("MLII", "V1:template"))).isFalse();
    assertThat(DatasetSchema.hasTemplatePerLead(List.of("MLII", "V1", "V1:template", "MLII:template"))).isFalse();
    assertThat(DatasetSchema.hasTemplatePerLead(List.of("MLII", "MLII:template", "V1", "V1:template"))).isFalse();
  }

  @Test
  void refusesOtherSchemaVersion() {
    String json = DatasetSchema.current(360, 90, 166, 1).toJson().replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2");
    DatasetSchema s = DatasetSchema.fromJson(json, "hdfs://x/ds");
    assertThatThrownBy(() -> s.requireReadable("hdfs://x/ds"))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("hdfs://x/ds")
        .hasMessageContaining("schema version 2");
  }

  @Test
  void refusesMissingColumn() {
    String json = DatasetSchema.current(360, 90, 166, 1).toJson().replace("\"rr_mean_s\"", "\"rr_mean_old\"");
    DatasetSchema s = DatasetSchema.fromJson(json, "ds");
    assertThatThrownBy(() -> s.requireReadable("ds")).hasMessageContaining("rr_mean_s");
  }

  @Test
  void compatibilityNamesTheDifference() {
    DatasetSchema model = DatasetSchema.current(360, 90, 166, 1);
    DatasetSchema data = DatasetSchema.current(250, 90, 166, 1);
    assertThatThrownBy(() -> data.requireCompatible(model, "ds"))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("sampling rate")
        .hasMessageContaining("250")
        .hasMessageContaining("360");
    // a dataset with the longer RR average's column, for a model trained without it
    DatasetSchema withLong = DatasetSchema.current(360, 90, 166, 1, true);
    assertThat(withLong.columnNames()).endsWith(DatasetSchema.RR_LONG);
    withLong.requireReadable("ds");
    assertThatThrownBy(() -> withLong.requireCompatible(model, "ds"))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("RR features is [rr_prev_s, rr_next_s, rr_local_s, rr_mean_s, rr_long_s], the model expects"
            + " [rr_prev_s, rr_next_s, rr_local_s, rr_mean_s] (re-run the ETL");
  }

  @Test
  void etlSettingsAreRecordedAndCheckedWhereBothContractsHaveThem() {
    DatasetSchema unknown = DatasetSchema.current(360, 90, 166, 1);
    DatasetSchema ten = unknown.withSettings(Map.of("etl.window.local-rr-intervals", "10", "etl.cleaning.lowpass-hz", "40.0"));
    DatasetSchema longer = unknown.withSettings(Map.of("etl.window.local-rr-intervals", "32", "etl.cleaning.lowpass-hz", "40.0"));
    assertThat(DatasetSchema.fromJson(longer.toJson(), "ds")).isEqualTo(longer);
    // one order in the file, whatever the map's
    assertThat(longer.toJson()).contains(
        "\"settings\" : {\n    \"etl.cleaning.lowpass-hz\" : \"40.0\",\n"
            + "    \"etl.leads.record-template-beats\" : \"all\",\n    \"etl.window.local-rr-intervals\" : \"32\"\n  }");
    // a schema.json written before the settings were recorded reads as none recorded
    String old = ten.toJson().replaceAll(",\\s*\"settings\" : \\{[^}]*\\}", "");
    assertThat(old).doesNotContain("settings");
    assertThat(DatasetSchema.fromJson(old, "ds").settings()).isEmpty();

    assertThatThrownBy(() -> longer.requireCompatible(ten, "hdfs://x/ds"))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("hdfs://x/ds")
        .hasMessageContaining("etl.window.local-rr-intervals is 32, the model expects 10");
    ten.requireCompatible(ten, "ds");
    // a setting only one side records is not checked
    unknown.requireCompatible(longer, "ds");
    longer.requireCompatible(unknown, "ds");
    unknown.withSettings(Map.of("etl.cleaning.notch-hz", "50.0")).requireCompatible(longer, "ds");
    // settings recorded before the template rule was: the rule every dataset had then
    DatasetSchema onTime = ten.withSettings(Map.of("etl.window.local-rr-intervals", "10", "etl.cleaning.lowpass-hz", "40.0",
        "etl.leads.record-template-beats", "not-premature"));
    assertThat(ten.settings()).containsEntry("etl.leads.record-template-beats", "all");
    assertThatThrownBy(() -> onTime.requireCompatible(ten, "ds"))
        .hasMessageContaining("etl.leads.record-template-beats is not-premature, the model expects all");
  }

  @Test
  void garbageIsAContractError() {
    assertThatThrownBy(() -> DatasetSchema.fromJson("{not json", "ds/schema.json"))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("ds/schema.json");
  }
}
