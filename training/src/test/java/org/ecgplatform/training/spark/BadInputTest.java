package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.fixture.FixtureDataset;
import org.ecgplatform.training.fixture.FixtureDataset.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Broken datasets fail with a clear message before any training starts (nothing is written). */
@ExtendWith(SharedSpark.class)
class BadInputTest {
  @TempDir Path tmp;

  private void assertRefused(SparkSession spark, Spec spec, String... messageParts) {
    String ds = FixtureDataset.write(spark, tmp.resolve("ds"), spec);
    Path out = tmp.resolve("out");
    TrainConfig cfg = TrainConfig.of("training { dataset = \"" + ds + "\", output = \"" + out.toUri() + "\" }");
    assertThatThrownBy(() -> TrainJob.run(spark, cfg))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContainingAll(messageParts);
    assertThat(out).doesNotExist();
  }

  @Test
  void wrongSchemaVersion(SparkSession spark) {
    assertRefused(spark, Spec.small(40, 20).withSchemaVersion(99), "schema version 99", "re-run the ETL");
  }

  @Test
  void columnMissingFromTheContract(SparkSession spark) {
    assertRefused(spark, Spec.small(40, 20).withDropped(DatasetSchema.RR_LOCAL, true), "column 'rr_local_s' is missing");
  }

  @Test
  void columnMissingFromTheParquetFiles(SparkSession spark) {
    assertRefused(spark, Spec.small(40, 20).withDropped(DatasetSchema.WINDOW, false), "column 'window' is missing", "train split");
  }

  @Test
  void emptyTrainingSplit(SparkSession spark) {
    assertRefused(spark, Spec.small(0, 20), "train split is empty");
  }

  @Test
  void classAbsentFromTraining(SparkSession spark) {
    assertRefused(spark, Spec.small(60, 20).withAbsent("F"), "class F has no beat in the training split");
  }

  @Test
  void templateSwapOnADatasetWithoutRecordTemplates(SparkSession spark) {
    String ds = FixtureDataset.write(spark, tmp.resolve("ds"), Spec.small(40, 20));
    TrainConfig cfg = TrainConfig.of("training { dataset = \"" + ds + "\", output = \"" + tmp.resolve("out").toUri()
        + "\", template-swap = 0.3 }");
    assertThatThrownBy(() -> TrainJob.run(spark, cfg))
        .isInstanceOf(ConfigException.class)
        .hasMessageContainingAll("training.template-swap", ds, "[MLII, V1]", "etl.leads.record-template");
  }

  @Test
  void missingSchemaFile(SparkSession spark) {
    TrainConfig cfg = TrainConfig.of("training { dataset = \"" + tmp.resolve("nothing").toUri() + "\", output = \""
        + tmp.resolve("out").toUri() + "\" }");
    assertThatThrownBy(() -> TrainJob.run(spark, cfg))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("no schema.json");
  }
}
