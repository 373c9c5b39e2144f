package org.ecgplatform.etl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.util.List;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.detect.QrsDetectorConfig;
import org.junit.jupiter.api.Test;

/** The readers the annotation job shares with the ETL give what the ETL's own config holds. */
class EtlConfigReadersTest {

  private static Config load(String... overrides) {
    return ConfigLoader.load(null, List.of(overrides), "etl");
  }

  @Test
  void extractionLeadsAndChecksumPolicyAreTheEtlsOwn() {
    Config c = load("etl.inputs=[\"/data/db\"]", "etl.output=/data/ds", "etl.target-fs-hz=250", "etl.window.before-s=0.3",
        "etl.leads.second=true", "etl.leads.record-template=false", "etl.wfdb.checksum-mismatch=warn");
    EtlConfig etl = EtlConfig.from(c);
    assertThat(EtlConfig.extractionFrom(c)).isEqualTo(etl.extraction());
    assertThat(EtlConfig.leadsFrom(c)).isEqualTo(etl.leadSettings());
    assertThat(EtlConfig.leadsFrom(c).channelCount()).isEqualTo(etl.channelCount()).isEqualTo(2);
    assertThat(EtlConfig.checksumMismatchFrom(c)).isEqualTo(EtlConfig.ChecksumMismatch.WARN);
  }

  @Test
  void detectorKeysOfReferenceConfAreTheDetectorsDefaultsAndOverridesReachIt() {
    assertThat(EtlConfig.detectorFrom(load())).isEqualTo(QrsDetectorConfig.defaults());
    assertThat(EtlConfig.detectorFrom(load("etl.detect.refractory-s=0.25", "etl.detect.refinement-passes=1")))
        .isEqualTo(QrsDetectorConfig.defaults().with(QrsDetectorConfig.REFRACTORY_S, "0.25")
            .with(QrsDetectorConfig.REFINEMENT_PASSES, "1"));
  }
}
