package org.ecgplatform.etl.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The ETL on small slices of MIT-BIH: re-runs, quarantine of bad records, input errors. */
@ExtendWith(SharedSpark.class)
class EtlJobTest {
  @TempDir Path tmp;

  /** A database directory named mitdb holding links to some real records, plus a RECORDS file. */
  private Path slice(String... records) throws IOException {
    Path src = TestData.require("mitdb");
    Path db = Files.createDirectories(tmp.resolve("in/mitdb"));
    for (String r : records) {
      for (String ext : List.of(".hea", ".dat", ".atr")) {
        Files.createSymbolicLink(db.resolve(r + ext), src.resolve(r + ext));
      }
    }
    Files.writeString(db.resolve("RECORDS"), String.join("\n", records) + "\n");
    return db;
  }

  private static EtlConfig config(Path input, Path output, String... extra) {
    List<String> o = new ArrayList<>(List.of("etl.inputs=[\"" + input + "\"]", "etl.output=\"" + output + "\""));
    o.addAll(List.of(extra));
    return EtlConfig.from(ConfigLoader.load(null, o, "etl"));
  }

  private static List<String> sortedRows(SparkSession spark, Path out) {
    List<String> rows = new ArrayList<>();
    for (Row r : spark.read().parquet(out.resolve(DatasetSchema.BEATS_DIR).toString()).collectAsList()) {
      rows.add(r.mkString("|"));
    }
    rows.sort(null);
    return rows;
  }

  @Test
  void reRunReplacesWithAnIdenticalDataset(SparkSession spark) throws IOException {
    Path in = slice("100", "101", "106");
    Path out = tmp.resolve("out/ds");
    EtlResult first = EtlJob.run(spark, config(in, out));
    List<String> a = sortedRows(spark, out);
    EtlResult second = EtlJob.run(spark, config(in, out));
    List<String> b = sortedRows(spark, out);
    assertThat(b).hasSameSizeAs(a).isEqualTo(a);
    assertThat(second.rowsBySplit()).isEqualTo(first.rowsBySplit());
    assertThat(a).anyMatch(r -> r.contains("gauss:") || r.contains("scale:") || r.contains("shift:"));
    try (Stream<Path> s = Files.list(out.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("ds");
    }
  }

  @Test
  void badRecordIsQuarantinedAndTheOthersAreWritten(SparkSession spark) throws IOException {
    Path in = slice("100", "103");
    // A truncated copy of 101's signal file: the header promises more than the file holds.
    Path src = TestData.require("mitdb");
    Files.copy(src.resolve("101.hea"), in.resolve("101.hea"));
    Files.copy(src.resolve("101.atr"), in.resolve("101.atr"));
    byte[] dat = Files.readAllBytes(src.resolve("101.dat"));
    Files.write(in.resolve("101.dat"), java.util.Arrays.copyOf(dat, dat.length / 2));
    Files.writeString(in.resolve("RECORDS"), "100\n101\n103\n");
    Path out = tmp.resolve("ds");

    EtlResult r = EtlJob.run(spark, config(in, out));

    assertThat(r.recordsOk()).isEqualTo(2);
    assertThat(r.rejected()).singleElement().satisfies(s -> {
      assertThat(s.record()).isEqualTo("101");
      assertThat(s.reason()).contains("101");
    });
    String rejects = Files.readString(out.resolve(DatasetSchema.REJECTS_FILE));
    assertThat(rejects).startsWith("database,record,split,reason").contains("mitdb,101,");
    assertThat(Files.readString(out.resolve(DatasetSchema.MANIFEST_FILE))).contains("\"rejected\"").contains("101");
    assertThat(sortedRows(spark, out)).noneMatch(row -> row.contains("|101|"));
  }

  @Test
  void jobFailsClearlyWhenNoRecordCanBeRead(SparkSession spark) throws IOException {
    Path db = Files.createDirectories(tmp.resolve("mitdb"));
    Files.writeString(db.resolve("100.hea"), "100 2 360 650000\nthis is not a signal line\n");
    Files.writeString(db.resolve("RECORDS"), "100\n");
    Path out = tmp.resolve("ds");
    assertThatThrownBy(() -> EtlJob.run(spark, config(db, out)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("none of the 1 records");
    assertThat(out).doesNotExist();
  }

  @Test
  void missingInputIsNamed(SparkSession spark) {
    Path missing = tmp.resolve("nowhere/mitdb");
    assertThatThrownBy(() -> EtlJob.run(spark, config(missing, tmp.resolve("ds"))))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void configErrorsNameKeyAndValue() {
    Path in = tmp.resolve("mitdb");
    assertThatThrownBy(() -> config(in, tmp.resolve("o"), "etl.target-fs-hz=-5"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("etl.target-fs-hz").hasMessageContaining("-5");
    assertThatThrownBy(() -> config(in, tmp.resolve("o"), "etl.windw.before-s=0.3"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("etl.windw");
    assertThatThrownBy(() -> config(in, tmp.resolve("o"), "etl.split.presets.mitdb=random"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("random");
    assertThatThrownBy(() -> config(in, tmp.resolve("o"), "etl.cleaning.notch-hz=55"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("etl.cleaning.notch-hz");
    assertThatThrownBy(() -> config(in, tmp.resolve("o"), "etl.window.long-rr-intervals=-1"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("etl.window.long-rr-intervals").hasMessageContaining("-1");
    assertThatThrownBy(() -> config(in, tmp.resolve("o"), "etl.leads.record-template-beats=regular"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("etl.leads.record-template-beats")
        .hasMessageContaining("regular");
  }

  @Test
  void theLongerRrAverageIsOneMoreColumnRecordedInTheContract(SparkSession spark) throws IOException {
    Path in = slice("100");
    Path out = tmp.resolve("long");
    EtlJob.run(spark, config(in, out, "etl.window.long-rr-intervals=32", "etl.augment.enabled=false"));
    DatasetSchema schema = DatasetSchema.fromJson(Files.readString(out.resolve(DatasetSchema.FILE_NAME)), "long");
    schema.requireReadable("long");
    assertThat(schema.rrFeatures()).containsExactly(
        DatasetSchema.RR_PREV, DatasetSchema.RR_NEXT, DatasetSchema.RR_LOCAL, DatasetSchema.RR_MEAN, DatasetSchema.RR_LONG);
    assertThat(schema.settings()).containsEntry("etl.window.long-rr-intervals", "32")
        .containsEntry("etl.window.local-rr-intervals", "10")
        .containsEntry("etl.leads.record-template-beats", "all");
    // Record 100's beats in time order: each beat's rr_long_s is the mean of the 32 rr_prev_s ending
    // at it (every beat of 100 is a row, away from the record's edges), rr_local_s that of 10.
    List<Row> rows = spark.read().parquet(out.resolve(DatasetSchema.BEATS_DIR).toString())
        .orderBy(DatasetSchema.SAMPLE)
        .select(DatasetSchema.RR_PREV, DatasetSchema.RR_LOCAL, DatasetSchema.RR_LONG).collectAsList();
    assertThat(rows).hasSizeGreaterThan(2000);
    for (int k = 100; k < 2000; k += 97) {
      double sum32 = 0;
      double sum10 = 0;
      for (int j = k - 31; j <= k; j++) {
        sum32 += rows.get(j).getFloat(0);
        sum10 += j > k - 10 ? rows.get(j).getFloat(0) : 0;
      }
      assertThat((double) rows.get(k).getFloat(2)).as("rr_long_s of beat %d", k).isCloseTo(sum32 / 32, within(1e-4));
      assertThat((double) rows.get(k).getFloat(1)).as("rr_local_s of beat %d", k).isCloseTo(sum10 / 10, within(1e-4));
    }
    // Without the setting: four RR columns, as before.
    Path plain = tmp.resolve("plain");
    EtlJob.run(spark, config(in, plain, "etl.augment.enabled=false"));
    DatasetSchema four = DatasetSchema.fromJson(Files.readString(plain.resolve(DatasetSchema.FILE_NAME)), "plain");
    assertThat(four.rrFeatures()).hasSize(4);
    assertThat(four.columnNames()).doesNotContain(DatasetSchema.RR_LONG);
    assertThat(spark.read().parquet(plain.resolve(DatasetSchema.BEATS_DIR).toString()).columns())
        .doesNotContain(DatasetSchema.RR_LONG);
  }
}
