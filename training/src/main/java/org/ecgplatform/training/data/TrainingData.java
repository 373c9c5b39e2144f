package org.ecgplatform.training.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.io.HadoopFiles;
import scala.collection.JavaConverters;

import static org.apache.spark.sql.functions.col;

/**
 * A beat dataset opened for training: its contract checked ({@link DatasetSchema#requireReadable}),
 * its splits read from Parquet on the executors. Nothing here collects beats to the driver; only
 * per-class counts and one row's lead names come back.
 */
public final class TrainingData {
  private final SparkSession spark;
  private final String uri;
  private final DatasetSchema schema;
  private final String manifestSha256;

  private TrainingData(SparkSession spark, String uri, DatasetSchema schema, String manifestSha256) {
    this.spark = spark;
    this.uri = uri;
    this.schema = schema;
    this.manifestSha256 = manifestSha256;
  }

  /**
   * Opens {@code uri}: reads and checks {@code schema.json}, hashes {@code manifest.json} when present.
   *
   * @throws DatasetContractException when the schema is missing, of another version or lacks columns
   */
  public static TrainingData open(SparkSession spark, String uri) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path schemaPath = new Path(uri, DatasetSchema.FILE_NAME);
    if (!HadoopFiles.exists(schemaPath, conf)) {
      throw new DatasetContractException(
          "Cannot read dataset " + uri + ": no " + DatasetSchema.FILE_NAME + " (is it a directory written by the ETL?)");
    }
    DatasetSchema schema = DatasetSchema.fromJson(HadoopFiles.readString(schemaPath, conf), schemaPath.toString());
    schema.requireReadable(uri);
    Path manifest = new Path(uri, DatasetSchema.MANIFEST_FILE);
    String hash = HadoopFiles.exists(manifest, conf) ? sha256(HadoopFiles.readBytes(manifest, conf)) : null;
    return new TrainingData(spark, uri, schema, hash);
  }

  public DatasetSchema schema() {
    return schema;
  }

  public String uri() {
    return uri;
  }

  /** SHA-256 of {@code manifest.json}, or null when the dataset has none. */
  public String manifestSha256() {
    return manifestSha256;
  }

  /** Columns training reads: where each beat is, window, label, the RR features, leads, augmentation. */
  public List<String> requiredColumns() {
    List<String> cols = new ArrayList<>(List.of(DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.TIME_S,
        DatasetSchema.WINDOW, DatasetSchema.LABEL, DatasetSchema.LEADS, DatasetSchema.AUGMENTATION));
    cols.addAll(schema.rrFeatures());
    return cols;
  }

  /** Whether the dataset holds the split {@code name} (the ETL writes no directory for a split without beats). */
  public boolean hasSplit(String name) {
    return HadoopFiles.exists(splitDir(name), spark.sparkContext().hadoopConfiguration());
  }

  private Path splitDir(String name) {
    return new Path(new Path(uri, DatasetSchema.BEATS_DIR), DatasetSchema.SPLIT + "=" + name);
  }

  /**
   * The rows of one split with the columns training needs.
   *
   * @throws DatasetContractException when the split is missing or empty, or a column is missing
   */
  public Dataset<Row> split(String name) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path beats = new Path(uri, DatasetSchema.BEATS_DIR);
    Path dir = splitDir(name);
    if (!HadoopFiles.exists(dir, conf)) {
      throw new DatasetContractException(
          "Cannot train on " + uri + ": the " + name + " split is empty (no " + dir + "; check the ETL's split settings)");
    }
    Dataset<Row> rows = spark.read().option("basePath", beats.toString()).parquet(dir.toString());
    List<String> present = Arrays.asList(rows.schema().fieldNames());
    for (String c : requiredColumns()) {
      if (!present.contains(c)) {
        throw new DatasetContractException(
            "Cannot read dataset " + uri + ": column '" + c + "' is missing from the " + name + " split (columns: "
                + present + "; re-run the ETL)");
      }
    }
    return rows.select(requiredColumns().stream().map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new));
  }

  /** The rows of a split that {@code rows} selects, in storage order. */
  private static Dataset<Row> selected(Dataset<Row> split, Rows rows) {
    return rows == Rows.ALL ? split : split.filter(col(DatasetSchema.AUGMENTATION).equalTo(DatasetSchema.NOT_AUGMENTED));
  }

  /** Beats per label index of the rows {@code rows} selects in a split (label-index order, length = classes). */
  public long[] classCounts(Dataset<Row> split, Rows rows) {
    long[] counts = new long[schema.classes().size()];
    Dataset<Row> selected = selected(split, rows);
    for (Row r : selected.groupBy(DatasetSchema.LABEL).count().collectAsList()) {
      if (r.isNullAt(0)) {
        List<String> where = selected.filter(col(DatasetSchema.LABEL).isNull()).limit(3)
            .select(DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.TIME_S).collectAsList().stream()
            .map(b -> b.get(0) + "/" + b.get(1) + " at " + b.get(2) + " s").toList();
        throw new DatasetContractException("Cannot train on " + uri + ": " + r.getLong(1) + " beat(s) have no label, e.g. "
            + String.join(", ", where) + " (re-run the ETL)");
      }
      int label = r.getInt(0);
      if (label < 0 || label >= counts.length) {
        throw new DatasetContractException(
            "Cannot train on " + uri + ": label " + label + " outside the vocabulary " + schema.classes());
      }
      counts[label] = r.getLong(1);
    }
    return counts;
  }

  /**
   * Beats per record key ({@code database/record}, as {@link Beat#record()} names it) and label index
   * of the rows {@code rows} selects in a split, for {@link RecordBalance}. Labels are checked by
   * {@link #classCounts} first.
   */
  public java.util.Map<String, long[]> recordClassCounts(Dataset<Row> split, Rows rows) {
    Dataset<Row> selected = selected(split, rows);
    java.util.Map<String, long[]> counts = new java.util.TreeMap<>();
    for (Row r : selected.groupBy(col(DatasetSchema.DATABASE).cast("string"), col(DatasetSchema.RECORD).cast("string"),
        col(DatasetSchema.LABEL)).count().collectAsList()) {
      counts.computeIfAbsent(r.getString(0) + "/" + r.getString(1), k -> new long[schema.classes().size()])[r.getInt(2)] =
          r.getLong(3);
    }
    return counts;
  }

  /** Lead names of the first beat of a split, or an empty list. */
  public List<String> leadNames(Dataset<Row> split) {
    List<Row> first = split.select(DatasetSchema.LEADS).limit(1).collectAsList();
    if (first.isEmpty() || first.get(0).isNullAt(0)) {
      return List.of();
    }
    return new ArrayList<>(JavaConverters.seqAsJavaList(first.get(0).getSeq(0)));
  }

  /** Which rows of a split become beats, and in which order. */
  public enum Rows {
    /** Every row, augmented copies included, in storage order (the per-beat model's training). */
    ALL,
    /**
     * The beats as recorded (no augmented copies), each record's beats in one partition in time
     * order, records one after another: what sequences and scoring need.
     */
    RECORDED_IN_ORDER
  }

  /**
   * The split as beats, converted on the executors; every window is checked against the contract's
   * {@code leadCount × windowSamples}.
   */
  public JavaRDD<Beat> beats(Dataset<Row> split, Rows rows) {
    int windowLength = schema.windowLength();
    List<String> rrCols = schema.rrFeatures();
    String source = uri;
    Dataset<Row> selected = split;
    if (rows == Rows.RECORDED_IN_ORDER) {
      selected = selected(split, rows)
          .repartition(col(DatasetSchema.DATABASE), col(DatasetSchema.RECORD))
          .sortWithinPartitions(DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.TIME_S);
    }
    List<org.apache.spark.sql.Column> all = new ArrayList<>();
    all.add(col(DatasetSchema.DATABASE).cast("string"));
    all.add(col(DatasetSchema.RECORD).cast("string"));
    all.add(col(DatasetSchema.TIME_S).cast("double"));
    all.add(col(DatasetSchema.WINDOW).cast("array<float>"));
    all.add(col(DatasetSchema.LABEL).cast("int"));
    for (String c : rrCols) {
      all.add(col(c).cast("float"));
    }
    Dataset<Row> cols = selected.select(all.toArray(org.apache.spark.sql.Column[]::new));
    int features = rrCols.size();
    // Spark's internal rows, not Rows: a Row would hold each window as a list of boxed Floats.
    return cols.queryExecution().toRdd().toJavaRDD().map(r -> toBeat(r, windowLength, features, source));
  }

  /** The columns {@link #toBeat} reads, in order, for its messages. */
  private static final String[] BEAT_COLUMNS = {
      DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.TIME_S, DatasetSchema.WINDOW, DatasetSchema.LABEL};

  /**
   * A beat from one of Spark's internal rows ({@code database, record, time_s, window, label,
   * rr...}), copied out of it (Spark reuses the row for the next).
   */
  static Beat toBeat(InternalRow r, int windowLength, int features, String source) {
    for (int c = 0; c < BEAT_COLUMNS.length + features; c++) {
      if (r.isNullAt(c)) {
        throw new DatasetContractException("Cannot read dataset " + source + ": a beat"
            + (r.isNullAt(0) || r.isNullAt(1) ? "" : " of " + r.getUTF8String(0) + "/" + r.getUTF8String(1))
            + " has no " + (c < BEAT_COLUMNS.length ? BEAT_COLUMNS[c] : "RR feature " + (c - BEAT_COLUMNS.length + 1)));
      }
    }
    ArrayData w = r.getArray(3);
    if (w.numElements() != windowLength) {
      throw new DatasetContractException("Cannot read dataset " + source + ": a window has " + w.numElements()
          + " values, the schema says " + windowLength + " (the beat of " + r.getUTF8String(0) + "/" + r.getUTF8String(1)
          + " at " + r.getDouble(2) + " s)");
    }
    float[] rr = new float[features];
    for (int i = 0; i < features; i++) {
      rr[i] = r.getFloat(5 + i);
    }
    return new Beat(r.getUTF8String(0) + "/" + r.getUTF8String(1), r.getDouble(2), w.toFloatArray(), rr, r.getInt(4));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
