package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
  void aBeatWithoutALabelOrWithAShortWindowFailsNamingTheRecord(SparkSession spark) throws java.io.IOException {
    String ds = FixtureDataset.write(spark, tmp.resolve("ds"), Spec.small(40, 20));
    Path dir = Path.of(java.net.URI.create(ds));
    Dataset<Row> beats = spark.read().parquet(dir.resolve(DatasetSchema.BEATS_DIR).toString());
    Row first = beats.filter(col(DatasetSchema.SPLIT).equalTo("train")).orderBy(DatasetSchema.RECORD, DatasetSchema.TIME_S)
        .first();
    String record = first.getAs(DatasetSchema.DATABASE) + "/" + first.getAs(DatasetSchema.RECORD);
    Column thatBeat = col(DatasetSchema.RECORD).equalTo(first.getAs(DatasetSchema.RECORD))
        .and(col(DatasetSchema.TIME_S).equalTo(first.<Double>getAs(DatasetSchema.TIME_S)));
    int length = ((scala.collection.Seq<?>) first.getAs(DatasetSchema.WINDOW)).size();
    Map<String, Dataset<Row>> broken = Map.of(
        "1 beat(s) have no label, e.g. " + record + " at " + first.<Double>getAs(DatasetSchema.TIME_S) + " s",
        beats.withColumn(DatasetSchema.LABEL, when(thatBeat, lit(null)).otherwise(col(DatasetSchema.LABEL))),
        "a window has " + (length - 1) + " values, the schema says " + length + " (the beat of " + record + " at ",
        beats.withColumn(DatasetSchema.WINDOW,
            when(thatBeat, slice(col(DatasetSchema.WINDOW), 2, length)).otherwise(col(DatasetSchema.WINDOW))));
    int i = 0;
    for (Map.Entry<String, Dataset<Row>> b : broken.entrySet()) {
      Path copy = tmp.resolve("broken-" + i++);
      Files.createDirectories(copy);
      Files.copy(dir.resolve(DatasetSchema.FILE_NAME), copy.resolve(DatasetSchema.FILE_NAME));
      Files.copy(dir.resolve(DatasetSchema.MANIFEST_FILE), copy.resolve(DatasetSchema.MANIFEST_FILE));
      b.getValue().write().partitionBy(DatasetSchema.SPLIT, DatasetSchema.DATABASE)
          .parquet(copy.resolve(DatasetSchema.BEATS_DIR).toString());
      Path out = copy.resolve("out");
      TrainConfig cfg = TrainConfig.of(
          "training { dataset = \"" + copy.toUri() + "\", output = \"" + out.toUri() + "\", epochs = 1 }");
      assertThatThrownBy(() -> TrainJob.run(spark, cfg)).hasStackTraceContaining(b.getKey());
      assertThat(out).doesNotExist();
    }
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
