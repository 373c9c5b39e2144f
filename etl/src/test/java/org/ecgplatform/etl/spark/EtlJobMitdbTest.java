package org.ecgplatform.etl.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.DeChazalSplit;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ETL on the whole MIT-BIH Arrhythmia Database (real local Spark, real Parquet), with real
 * NSTDB noise augmentation; the output is read back and checked against the database's own
 * MANIFEST.csv.
 */
@ExtendWith(SharedSpark.class)
class EtlJobMitdbTest {
  @TempDir static Path tmp;
  static Path mitdb;
  static EtlResult result;
  static String out;
  static JsonNode manifest;

  @BeforeAll
  static void runEtl(SparkSession spark) throws IOException {
    mitdb = TestData.require("mitdb");
    Path nstdb = TestData.require("nstdb");
    out = tmp.resolve("dataset").toString();
    EtlConfig config = EtlConfig.from(ConfigLoader.load(null,
        List.of("etl.inputs=[\"" + mitdb + "\"]", "etl.output=\"" + out + "\"", "etl.augment.nstdb.dir=\"" + nstdb + "\""),
        "etl"));
    result = EtlJob.run(spark, config);
    manifest = new ObjectMapper().readTree(tmp.resolve("dataset/manifest.json").toFile());
  }

  private static Dataset<Row> beats(SparkSession spark) {
    return spark.read().parquet(out + "/" + DatasetSchema.BEATS_DIR);
  }

  @Test
  void everyBeatOfMitdbIsWrittenOrCountedAsSkipped(SparkSession spark) throws IOException {
    Map<String, Long> manifestBeats = new HashMap<>();
    for (String line : Files.readAllLines(mitdb.resolve("MANIFEST.csv")).subList(1, 49)) {
      String[] f = line.split(",");
      manifestBeats.put(f[0], Long.parseLong(f[11]));
    }
    Map<String, Long> written = new HashMap<>();
    for (Row r : beats(spark).filter(col(DatasetSchema.AUGMENTATION).equalTo(DatasetSchema.NOT_AUGMENTED))
        .groupBy(DatasetSchema.RECORD).count().collectAsList()) {
      written.put(r.getString(0), r.getLong(1));
    }
    Map<String, Long> skipped = new HashMap<>();
    manifest.get("records").forEach(r -> skipped.put(r.get("record").asText(), r.get("skippedAtEdges").asLong()));

    Set<String> expectedRecords = new TreeSet<>(manifestBeats.keySet());
    expectedRecords.removeAll(DeChazalSplit.PACED);
    assertThat(new TreeSet<>(written.keySet())).isEqualTo(expectedRecords);
    long total = 0;
    for (String rec : expectedRecords) {
      assertThat(written.get(rec) + skipped.get(rec)).as("record %s", rec).isEqualTo(manifestBeats.get(rec));
      assertThat(skipped.get(rec)).as("edge skips of %s", rec).isLessThanOrEqualTo(3);
      total += manifestBeats.get(rec);
    }
    long paced = DeChazalSplit.PACED.stream().mapToLong(manifestBeats::get).sum();
    assertThat(total).isEqualTo(109_494 - paced);
    assertThat(manifest.at("/accounting/beatAnnotations").asLong()).isEqualTo(total);
    assertThat(result.rejected()).isEmpty();
    assertThat(manifest.get("excluded")).hasSize(4);
  }

  @Test
  void splitsFollowDeChazalAndNoRecordIsOnTwoSides(SparkSession spark) {
    Map<String, Set<String>> splitsByRecord = new HashMap<>();
    Map<String, Set<String>> splitsByPatient = new HashMap<>();
    for (Row r : beats(spark).select(DatasetSchema.RECORD, DatasetSchema.PATIENT, DatasetSchema.SPLIT).distinct()
        .collectAsList()) {
      splitsByRecord.computeIfAbsent(r.getString(0), k -> new HashSet<>()).add(r.getString(2));
      splitsByPatient.computeIfAbsent(r.getString(1), k -> new HashSet<>()).add(r.getString(2));
    }
    splitsByRecord.forEach((rec, s) -> assertThat(s).as("splits of record %s", rec).hasSize(1));
    Set<String> test = new TreeSet<>();
    Set<String> trainSide = new TreeSet<>();
    splitsByRecord.forEach((rec, s) -> (s.contains(DatasetSchema.TEST) ? test : trainSide).add(rec));
    assertThat(test).isEqualTo(new TreeSet<>(DeChazalSplit.DS2));
    assertThat(trainSide).isEqualTo(new TreeSet<>(DeChazalSplit.DS1));
    // The one documented overlap of the published split: records 201 (DS1) and 202 (DS2) are the
    // same subject. The dechazal-strict preset removes it (see SplitTest).
    Set<String> multi = new TreeSet<>();
    splitsByPatient.forEach((p, s) -> {
      if (s.contains(DatasetSchema.TEST) && s.size() > 1) {
        multi.add(p);
      }
    });
    assertThat(multi).containsExactly("201");
  }

  @Test
  void augmentationOnlyInTrainAndDescribed(SparkSession spark) {
    Dataset<Row> aug = beats(spark).filter(col(DatasetSchema.AUGMENTATION).notEqual(DatasetSchema.NOT_AUGMENTED));
    List<Row> bySplit = aug.groupBy(DatasetSchema.SPLIT).count().collectAsList();
    assertThat(bySplit).hasSize(1);
    assertThat(bySplit.get(0).getString(0)).isEqualTo(DatasetSchema.TRAIN);
    long expected = 0;
    for (JsonNode n : manifest.at("/augmentedCounts/train/mitdb")) {
      expected += n.asLong();
    }
    assertThat(bySplit.get(0).getLong(1)).isEqualTo(expected).isPositive();
    // Oversampling defaults: S x4 and F x4 get 3 copies each; N and V none.
    assertThat(aug.select(DatasetSchema.AAMI_CLASS).distinct().collectAsList().stream().map(r -> r.getString(0)))
        .containsExactlyInAnyOrder("S", "F");
    assertThat(aug.filter(col(DatasetSchema.AUGMENTATION).contains("noise-")).count())
        .as("rows with real NSTDB noise").isPositive();
  }

  @Test
  void rowsFollowTheContract(SparkSession spark) throws IOException {
    DatasetSchema schema = DatasetSchema.fromJson(Files.readString(Path.of(out, DatasetSchema.FILE_NAME)), out);
    schema.requireReadable(out);
    // One lead plus its record-template channel (etl.leads.record-template defaults to true).
    assertThat(schema).isEqualTo(DatasetSchema.current(360, 90, 166, 2).withSettings(Map.of("etl.cleaning.baseline", "median",
        "etl.cleaning.lowpass-hz", "40.0", "etl.cleaning.notch-hz", "0.0", "etl.window.local-rr-intervals", "10",
        "etl.window.long-rr-intervals", "0")));
    Dataset<Row> df = beats(spark);
    assertThat(df.columns()).containsExactlyInAnyOrderElementsOf(schema.columnNames());
    Row r = df.filter(col(DatasetSchema.RECORD).equalTo("208").and(col(DatasetSchema.SYMBOL).equalTo("F"))).first();
    assertThat(r.getInt(r.fieldIndex(DatasetSchema.LABEL))).isEqualTo(AamiClass.F.ordinal());
    assertThat(r.getList(r.fieldIndex(DatasetSchema.WINDOW))).hasSize(2 * 256);
    assertThat(r.getList(r.fieldIndex(DatasetSchema.LEADS))).containsExactly("MLII", "MLII:template");
    assertThat(r.getFloat(r.fieldIndex(DatasetSchema.RR_MEAN))).isBetween(0.5f, 1.2f);
    // Labels agree with the one AAMI table everywhere.
    for (Row c : df.select(DatasetSchema.SYMBOL, DatasetSchema.AAMI_CLASS, DatasetSchema.LABEL).distinct().collectAsList()) {
      AamiClass cls = AamiClass.ofSymbol(c.getString(0)).orElseThrow();
      assertThat(c.getString(1)).isEqualTo(cls.name());
      assertThat(c.getInt(2)).isEqualTo(cls.ordinal());
    }
    assertThat(result.rowsBySplit().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(df.count());
  }

  @Test
  void everyRowOfARecordCarriesTheSameTemplateAndAugmentationLeavesItAlone(SparkSession spark) {
    // Record 208 (train split): beats, V and F among them, and augmented copies.
    List<Row> rows = beats(spark).filter(col(DatasetSchema.RECORD).equalTo("208"))
        .select(DatasetSchema.WINDOW, DatasetSchema.AUGMENTATION).collectAsList();
    assertThat(rows.stream().map(r -> r.getString(1)).distinct().count()).as("augmented and original rows").isGreaterThan(1);
    List<Object> template = rows.get(0).getList(0).subList(256, 512);
    for (Row r : rows) {
      assertThat(r.getList(0).subList(256, 512)).isEqualTo(template);
    }
    assertThat(rows.stream().map(r -> r.getList(0).subList(0, 256)).distinct().count()).isGreaterThan(1000);
    // The template is a beat: its fiducial sample (offset 90) is the largest deflection of the R wave region.
    float peak = ((Number) template.get(90)).floatValue();
    assertThat(Math.abs(peak)).isGreaterThan(0.3f);
  }
}
