package org.ecgplatform.etl.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.etl.cli.ExportSampleMain;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The sample export on a real dataset written by the ETL from two MIT-BIH records (100 and 106). */
@ExtendWith(SharedSpark.class)
class SampleExportTest {
  @TempDir static Path fixture;
  @TempDir Path tmp;
  private static Path dataset;

  @BeforeAll
  static void writeDataset(SparkSession spark) throws IOException {
    Path src = TestData.require("mitdb");
    Path db = Files.createDirectories(fixture.resolve("in/mitdb"));
    List<String> records = List.of("100", "106");
    for (String r : records) {
      for (String ext : List.of(".hea", ".dat", ".atr")) {
        Files.createSymbolicLink(db.resolve(r + ext), src.resolve(r + ext));
      }
    }
    Files.writeString(db.resolve("RECORDS"), String.join("\n", records) + "\n");
    dataset = fixture.resolve("ds");
    // De Chazal's split: 100 (DS2) is test, 106 (DS1) train with no validation patient drawn; its V
    // beats are oversampled so that the training split holds augmented rows.
    List<String> o = List.of("etl.inputs=[\"" + db + "\"]", "etl.output=\"" + dataset + "\"",
        "etl.split.validation.count=0", "etl.augment.oversampling.V=2");
    EtlJob.run(spark, EtlConfig.from(ConfigLoader.load(null, o, "etl")));
  }

  private static SampleExport.Settings settings(Path out, int perClass, long seed, List<String> splits, boolean augmented) {
    return new SampleExport.Settings(dataset.toString(), out.toString(), perClass, seed, splits, augmented);
  }

  /** Reads the CSV with Spark's own CSV reader (every value a string), in file order. */
  private static List<Row> readCsv(SparkSession spark, Path csv, List<String> header) {
    Dataset<Row> df = spark.read().option("header", "true").option("enforceSchema", "false").csv(csv.toString());
    header.addAll(Arrays.asList(df.columns()));
    return df.collectAsList();
  }

  private static String get(Row r, String column) {
    return r.getString(r.fieldIndex(column));
  }

  /** Beats per "split/class" in the dataset, originals only unless {@code augmented}. */
  private static Map<String, Long> datasetCounts(SparkSession spark, boolean augmented) {
    var rows = spark.read().parquet(dataset.resolve(DatasetSchema.BEATS_DIR).toString());
    if (!augmented) {
      rows = rows.filter(col(DatasetSchema.AUGMENTATION).equalTo(DatasetSchema.NOT_AUGMENTED));
    }
    Map<String, Long> counts = new TreeMap<>();
    for (Row r : rows.groupBy(DatasetSchema.SPLIT, DatasetSchema.AAMI_CLASS).count().collectAsList()) {
      counts.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
    }
    return counts;
  }

  private static Map<String, Long> csvCounts(List<Row> rows) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row r : rows) {
      counts.merge(get(r, DatasetSchema.SPLIT) + "/" + get(r, DatasetSchema.AAMI_CLASS), 1L, Long::sum);
    }
    return counts;
  }

  @Test
  void takesUpToNBeatsPerClassAndSplitWithOneColumnPerWindowValue(SparkSession spark) throws IOException {
    Path out = tmp.resolve("export/sample.csv");
    int perClass = 5;
    SampleExport.Result result = SampleExport.run(spark, settings(out, perClass, 7, List.of(), false));

    List<String> header = new ArrayList<>();
    List<Row> rows = readCsv(spark, out, header);
    DatasetSchema schema = DatasetSchema.fromJson(Files.readString(dataset.resolve(DatasetSchema.FILE_NAME)), "schema");
    List<String> expectedHeader = new ArrayList<>(List.of("split", "database", "record", "sample", "aami_class",
        "symbol", "augmentation", "rr_prev_s", "rr_next_s"));
    for (int i = 0; i < schema.windowLength(); i++) {
      expectedHeader.add("w" + i);
    }
    assertThat(header).isEqualTo(expectedHeader);
    assertThat(result.windowColumns()).isEqualTo(schema.windowLength()).isEqualTo(2 * 256); // the lead and its record-template channel

    Map<String, Long> expected = new TreeMap<>();
    datasetCounts(spark, false).forEach((k, n) -> expected.put(k, Math.min(n, perClass)));
    assertThat(expected.keySet()).as("fixture has train and test beats of N and V")
        .contains("train/N", "test/N").anyMatch(k -> k.endsWith("/V"));
    assertThat(expected).as("record 100 has a single V beat").containsValue(1L);
    assertThat(csvCounts(rows)).isEqualTo(expected);
    assertThat(result.rows()).isEqualTo(rows.size());
    Map<String, Long> fromResult = new TreeMap<>();
    result.rowsBySplitAndClass().forEach((s, byClass) -> byClass.forEach((c, n) -> fromResult.put(s + "/" + c, n)));
    assertThat(fromResult).isEqualTo(expected);
    assertThat(rows).allSatisfy(r -> assertThat(get(r, DatasetSchema.AUGMENTATION)).isEqualTo("none"));
    assertThat(rows).extracting(r -> get(r, DatasetSchema.SPLIT)).isSortedAccordingTo(
        (a, b) -> Integer.compare(List.of("train", "val", "test").indexOf(a), List.of("train", "val", "test").indexOf(b)));

    // Every exported row carries exactly the window the dataset holds for that beat.
    Row first = rows.get(0);
    Row stored = spark.read().parquet(dataset.resolve(DatasetSchema.BEATS_DIR).toString())
        .filter(col(DatasetSchema.RECORD).equalTo(get(first, DatasetSchema.RECORD))
            .and(col(DatasetSchema.SAMPLE).equalTo(Long.parseLong(get(first, DatasetSchema.SAMPLE))))
            .and(col(DatasetSchema.AUGMENTATION).equalTo(DatasetSchema.NOT_AUGMENTED)))
        .first();
    List<Float> window = stored.getList(stored.fieldIndex(DatasetSchema.WINDOW));
    for (int i = 0; i < window.size(); i++) {
      assertThat(Float.parseFloat(get(first, "w" + i))).isEqualTo(window.get(i));
    }
    assertThat(get(first, DatasetSchema.SYMBOL)).isEqualTo(stored.<String>getAs(DatasetSchema.SYMBOL));
  }

  @Test
  void theSameSeedDrawsTheSameBeatsAndAnotherSeedOthers(SparkSession spark) throws IOException {
    Path a = tmp.resolve("a.csv");
    Path b = tmp.resolve("b.csv");
    Path c = tmp.resolve("c.csv");
    SampleExport.run(spark, settings(a, 3, 11, List.of(), false));
    SampleExport.run(spark, settings(b, 3, 11, List.of(), false));
    SampleExport.run(spark, settings(c, 3, 12, List.of(), false));
    assertThat(Files.readString(b)).isEqualTo(Files.readString(a));
    assertThat(samples(spark, c)).isNotEqualTo(samples(spark, a));
  }

  private static List<String> samples(SparkSession spark, Path csv) {
    List<String> out = new ArrayList<>();
    for (Row r : readCsv(spark, csv, new ArrayList<>())) {
      out.add(get(r, DatasetSchema.RECORD) + "@" + get(r, DatasetSchema.SAMPLE));
    }
    return out;
  }

  @Test
  void splitsFilterAndAugmentedRowsOnlyWhenAsked(SparkSession spark) throws IOException {
    Path out = tmp.resolve("train.csv");
    int perClass = 400;
    SampleExport.run(spark, settings(out, perClass, 3, List.of("train"), true));
    List<Row> rows = readCsv(spark, out, new ArrayList<>());
    assertThat(rows).extracting(r -> get(r, DatasetSchema.SPLIT)).containsOnly("train");
    assertThat(rows).anyMatch(r -> !get(r, DatasetSchema.AUGMENTATION).equals("none"));
    Map<String, Long> expected = new HashMap<>();
    datasetCounts(spark, true).forEach((k, n) -> {
      if (k.startsWith("train/")) {
        expected.put(k, Math.min(n, perClass));
      }
    });
    assertThat(csvCounts(rows)).isEqualTo(new TreeMap<>(expected));
  }

  @Test
  void aDirectoryWithoutSchemaIsRefused(SparkSession spark) throws IOException {
    Path notADataset = Files.createDirectories(tmp.resolve("empty"));
    SampleExport.Settings s = new SampleExport.Settings(notADataset.toString(), tmp.resolve("x.csv").toString(), 5, 1,
        List.of(), false);
    assertThatThrownBy(() -> SampleExport.run(spark, s))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining(notADataset.toString())
        .hasMessageContaining("schema.json");
  }

  @Test
  void badSettingsAreConfigErrorsBeforeSparkStarts() throws IOException {
    assertThatThrownBy(() -> settings(tmp.resolve("x.csv"), 0, 1, List.of(), false))
        .isInstanceOf(ConfigException.class).hasMessageContaining("was 0");
    assertThatThrownBy(() -> settings(tmp.resolve("x.csv"), 5, 1, List.of("validation"), false))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'validation'");

    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Files.writeString(conf.resolve("local.conf"), "spark.master = \"local[2]\"\n");
    String[] common = {"--env", "local", "--conf-dir", conf.toString(), "--dataset", dataset.toString()};
    assertThat(ExportSampleMain.execute(concat(common, "--output", tmp.resolve("x.csv").toString(), "--print-config")))
        .isZero();
    assertThat(ExportSampleMain.execute(concat(common, "--output", tmp.resolve("x.csv").toString(), "--per-class", "0")))
        .isEqualTo(2);
    assertThat(ExportSampleMain.execute(common)).as("no --output").isEqualTo(2);
    assertThat(tmp.resolve("x.csv")).doesNotExist();
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
