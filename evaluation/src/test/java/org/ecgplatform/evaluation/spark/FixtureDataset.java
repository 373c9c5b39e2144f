package org.ecgplatform.evaluation.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;

/**
 * Writes small beat datasets in exactly the ETL's layout ({@code schema.json} and Parquet under
 * {@code beats/split=<s>/database=<d>/}), with windows that {@link LabelEchoScorer} understands.
 */
public final class FixtureDataset {
  public static final int FS_HZ = 360;
  public static final int BEFORE = 4;
  public static final int AFTER = 4;
  public static final DatasetSchema SCHEMA = DatasetSchema.current(FS_HZ, BEFORE, AFTER, 1);

  /** One fixture beat: where, and its true label; {@code serial} goes into window[1]. */
  public record Beat(String split, String database, String record, long sample, int label, long serial) {}

  private FixtureDataset() {}

  /**
   * Deterministic beats: test records 100, 101, 102 (mitdb) and 16265 (nsrdb), train record 200.
   * Labels cycle with a pattern that gives every class some beats, N the most.
   */
  public static List<Beat> beats(int perRecord) {
    String[][] records = {{"test", "mitdb", "100"}, {"test", "mitdb", "101"}, {"test", "mitdb", "102"}, {"test", "nsrdb", "16265"}, {"train", "mitdb", "200"}};
    int[] pattern = {0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 2, 0, 4, 0, 1, 0, 0, 2};
    List<Beat> out = new ArrayList<>();
    long serial = 1;
    for (int r = 0; r < records.length; r++) {
      for (int i = 0; i < perRecord; i++) {
        int label = pattern[(i + 3 * r) % pattern.length];
        out.add(new Beat(records[r][0], records[r][1], records[r][2], 100L + 300L * i, label, serial++));
      }
    }
    return out;
  }

  /** The per-record matrices a {@link LabelEchoScorer} with {@code errEvery} must produce on the test split. */
  public static Map<String, ConfusionMatrix> expected(List<Beat> beats, int errEvery) {
    Map<String, ConfusionMatrix> m = new TreeMap<>();
    for (Beat b : beats) {
      if (b.split().equals(DatasetSchema.TEST)) {
        int p = LabelEchoScorer.predicted(b.label(), b.serial(), errEvery, ConfusionMatrix.SIZE);
        m.computeIfAbsent(b.database() + "/" + b.record(), k -> new ConfusionMatrix()).add(b.label(), p, 1);
      }
    }
    return m;
  }

  /** Writes {@code beats} with {@code schema} into {@code dir}; each beat's symbol is its class's first (N, A, V, F, /). */
  public static void write(SparkSession spark, Path dir, DatasetSchema schema, List<Beat> beats) throws IOException {
    write(spark, dir, schema, beats, b -> AamiClass.ofIndex(b.label()).symbols().get(0));
  }

  /** As {@link #write(SparkSession, Path, DatasetSchema, List)}, with the original annotation symbol of each beat given. */
  public static void write(SparkSession spark, Path dir, DatasetSchema schema, List<Beat> beats,
      java.util.function.Function<Beat, String> symbol) throws IOException {
    write(spark, dir, schema, beats, symbol, (b, w) -> {});
  }

  /**
   * As {@link #write(SparkSession, Path, DatasetSchema, List, java.util.function.Function)}, with
   * {@code fill} writing window samples from index 3 on ({@link LabelEchoScorer} reads 0 to 2).
   */
  public static void write(SparkSession spark, Path dir, DatasetSchema schema, List<Beat> beats,
      java.util.function.Function<Beat, String> symbol, java.util.function.BiConsumer<Beat, float[]> fill)
      throws IOException {
    write(spark, dir, schema, beats, symbol, fill, b -> 0.8f);
  }

  /**
   * As {@link #write(SparkSession, Path, DatasetSchema, List, java.util.function.Function,
   * java.util.function.BiConsumer)}, with each beat's {@code rr_prev_s} given (the other RR columns
   * 0.8 s).
   */
  public static void write(SparkSession spark, Path dir, DatasetSchema schema, List<Beat> beats,
      java.util.function.Function<Beat, String> symbol, java.util.function.BiConsumer<Beat, float[]> fill,
      java.util.function.Function<Beat, Float> rrPrev) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(DatasetSchema.FILE_NAME), schema.toJson(), StandardCharsets.UTF_8);
    List<Row> rows = new ArrayList<>();
    for (Beat b : beats) {
      float[] w = new float[schema.windowLength()];
      w[0] = b.label();
      w[1] = b.serial();
      w[2] = (b.sample() - 100) / 300f; // index of the beat in its record (samples are 100 + 300 i)
      fill.accept(b, w);
      List<Float> window = new ArrayList<>();
      for (float f : w) {
        window.add(f);
      }
      rows.add(RowFactory.create(
          b.database(), b.record(), "p" + b.record(), b.split(), b.sample(), b.sample() / (double) FS_HZ, schema.fsHz(),
          List.of("MLII"),
          symbol.apply(b), AamiClass.ofIndex(b.label()).name(), b.label(),
          rrPrev.apply(b), 0.8f, 0.8f, 0.8f, window, DatasetSchema.NOT_AUGMENTED));
    }
    spark.createDataFrame(rows, sparkSchema(schema))
        .repartition(2)
        .write()
        .partitionBy(DatasetSchema.SPLIT, DatasetSchema.DATABASE)
        .parquet(dir.resolve(DatasetSchema.BEATS_DIR).toString());
  }

  /** Writes a Parquet file with no rows as the test split (an "empty split"). */
  public static void writeEmptyTestSplit(SparkSession spark, Path dir, DatasetSchema schema) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(DatasetSchema.FILE_NAME), schema.toJson(), StandardCharsets.UTF_8);
    StructType s = sparkSchema(schema);
    StructType withoutPartitions = new StructType(
        java.util.Arrays.stream(s.fields())
            .filter(f -> !f.name().equals(DatasetSchema.SPLIT) && !f.name().equals(DatasetSchema.DATABASE))
            .toArray(StructField[]::new));
    spark.createDataFrame(List.of(), withoutPartitions)
        .write()
        .parquet(dir.resolve(DatasetSchema.BEATS_DIR).resolve("split=test").resolve("database=mitdb").toString());
  }

  /** Spark columns of the dataset contract. */
  public static StructType sparkSchemaOf(DatasetSchema schema) {
    return sparkSchema(schema);
  }

  static StructType sparkSchema(DatasetSchema schema) {
    return org.ecgplatform.etl.spark.SparkSchemas.structType(schema);
  }

  /** Writes a LabelEchoScorer model file and returns its URI. */
  public static String writeModel(Path dir, String name, ScorerSpec spec, int errEvery) throws IOException {
    return writeModel(dir, name, new LabelEchoScorer(spec, errEvery));
  }

  /** Writes a {@link LabelEchoScorer} as a model file and returns its URI. */
  public static String writeModel(Path dir, String name, LabelEchoScorer scorer) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name + LabelEchoScorerFactory.SUFFIX);
    Files.write(file, scorer.toBytes());
    return file.toUri().toString();
  }
}
