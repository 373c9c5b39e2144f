package org.ecgplatform.training.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.data.Beat;
import org.ecgplatform.training.data.TrainingData;
import org.ecgplatform.training.fixture.FixtureDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record numbering the PyTorch mirror cuts the exported beat-sequence tensors by, and the
 * export's early refusal of a dataset the training rows would stop at.
 */
@ExtendWith(SharedSpark.class)
class ThroughputRunTest {
  @TempDir Path tmp;

  private static Beat beat(String record) {
    return new Beat(record, 0, new float[1], new float[1], 0);
  }

  @Test
  void numbersRecordsInOrderOfAppearance() {
    List<Beat> beats = List.of(beat("mitdb/101"), beat("mitdb/101"), beat("mitdb/100"), beat("mitdb/105"),
        beat("mitdb/105"), beat("mitdb/105"));

    assertThat(ThroughputRun.recordIndexes(beats, "train")).containsExactly(0, 0, 1, 2, 2, 2);
  }

  @Test
  void refusesARecordWhoseBeatsAreApart() {
    List<Beat> beats = List.of(beat("mitdb/100"), beat("mitdb/101"), beat("mitdb/100"));

    assertThatThrownBy(() -> ThroughputRun.recordIndexes(beats, "test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot export the test split")
        .hasMessageContaining("mitdb/100");
  }

  @Test
  void theExportRefusesADatasetWithoutValidationBeatsWhileEarlyStoppingIsOn(SparkSession spark) {
    String noVal = FixtureDataset.write(spark, tmp.resolve("ds-noval"), FixtureDataset.Spec.small(100, 0));
    String withVal = FixtureDataset.write(spark, tmp.resolve("ds-val"), FixtureDataset.Spec.small(100, 40));
    String out = tmp.resolve("unused").toUri().toString();

    assertThatThrownBy(() -> ThroughputRun.requireValidationWhenStopping(
        ThroughputRun.config(noVal, out, 1, List.of()), TrainingData.open(spark, noVal), noVal))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("ds-noval")
        .hasMessageContaining("no validation beats")
        .hasMessageContaining("training.early-stopping-patience=0");
    ThroughputRun.requireValidationWhenStopping(ThroughputRun.config(noVal, out, 1,
        List.of("training.early-stopping-patience=0")), TrainingData.open(spark, noVal), noVal);
    ThroughputRun.requireValidationWhenStopping(ThroughputRun.config(withVal, out, 1, List.of()),
        TrainingData.open(spark, withVal), withVal);
  }
}
