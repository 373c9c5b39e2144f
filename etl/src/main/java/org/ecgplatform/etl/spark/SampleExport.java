package org.ecgplatform.etl.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.io.HadoopFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a small, deterministic sample of a beat dataset as one CSV file, for tools that read no
 * Parquet (the notebooks under {@code notebooks/} use pandas only).
 *
 * <ol>
 *   <li>read and check the dataset's {@code schema.json} ({@link DatasetSchema#requireReadable});
 *   <li>read the beat rows with the contract's own column types (partition columns included);
 *   <li>give every beat a draw key, a hash of (seed, database, record, sample, augmentation): it
 *       depends on the beat alone, not on partitioning or task order, so the same seed draws the
 *       same beats on any cluster;
 *   <li>keep the {@code beatsPerClass} beats with the smallest keys in each (split, AAMI class);
 *   <li>collect them (at most splits × classes × beatsPerClass rows) and write the CSV through
 *       Hadoop's FileSystem, so the output may be any Hadoop URI.
 * </ol>
 *
 * <p>CSV columns, header first: {@link #FIXED_COLUMNS}, then {@code w0 … w<n-1>}, one per window
 * value (n = {@link DatasetSchema#windowLength()}, lead-major: all samples of lead 0, then lead 1),
 * in millivolts at {@link DatasetSchema#fsHz()}, the beat's fiducial point at offset
 * {@link DatasetSchema#samplesBefore()} of each lead. Rows are ordered by split (train, val,
 * test), AAMI class (label order), database, record, sample.
 */
public final class SampleExport {
  private static final Logger LOG = LoggerFactory.getLogger(SampleExport.class);

  /** The columns before the window values, in CSV order. */
  public static final List<String> FIXED_COLUMNS =
      List.of(
          DatasetSchema.SPLIT,
          DatasetSchema.DATABASE,
          DatasetSchema.RECORD,
          DatasetSchema.SAMPLE,
          DatasetSchema.AAMI_CLASS,
          DatasetSchema.SYMBOL,
          DatasetSchema.AUGMENTATION,
          DatasetSchema.RR_PREV,
          DatasetSchema.RR_NEXT);

  /** Prefix of the window value columns: {@code w0}, {@code w1}, … */
  public static final String WINDOW_COLUMN_PREFIX = "w";

  private static final List<String> SPLIT_ORDER =
      List.of(DatasetSchema.TRAIN, DatasetSchema.VALIDATION, DatasetSchema.TEST);
  private static final String DRAW_RANK = "_draw_rank";

  private SampleExport() {}

  /**
   * What to export.
   *
   * @param dataset the dataset directory (any Hadoop URI) written by the ETL
   * @param output the CSV file to write (any Hadoop URI); replaced if it exists
   * @param beatsPerClass at most this many beats per (split, AAMI class)
   * @param seed seed of the draw; the same seed draws the same beats
   * @param splits splits to export (empty: all)
   * @param includeAugmented whether augmented training rows may be drawn (default: originals only)
   */
  public record Settings(
      String dataset, String output, int beatsPerClass, long seed, List<String> splits, boolean includeAugmented) {
    public Settings {
      if (dataset == null || dataset.isBlank()) {
        throw new ConfigException("Cannot export a sample: no dataset given (e.g. --dataset work/dataset)");
      }
      if (output == null || output.isBlank()) {
        throw new ConfigException("Cannot export a sample: no output file given (e.g. --output work/export/beats-sample.csv)");
      }
      if (beatsPerClass <= 0) {
        throw new ConfigException(
            "Cannot export a sample: beats per class must be positive, was " + beatsPerClass + " (e.g. --per-class 20)");
      }
      splits = List.copyOf(splits);
      for (String s : splits) {
        if (!SPLIT_ORDER.contains(s)) {
          throw new ConfigException("Cannot export a sample: unknown split '" + s + "' (splits: " + SPLIT_ORDER + ")");
        }
      }
    }
  }

  /**
   * What was written.
   *
   * @param output the CSV file
   * @param rows beat rows written (header excluded)
   * @param rowsBySplitAndClass rows per split, then per AAMI class, in CSV order
   * @param windowColumns number of {@code w<i>} columns
   */
  public record Result(String output, long rows, Map<String, Map<String, Long>> rowsBySplitAndClass, int windowColumns) {}

  /** Draws the sample and writes the CSV. */
  public static Result run(SparkSession spark, Settings settings) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    DatasetSchema schema = readSchema(settings.dataset(), hadoop);
    String beats = HadoopFiles.join(settings.dataset(), DatasetSchema.BEATS_DIR);
    if (!HadoopFiles.exists(beats, hadoop)) {
      throw new DatasetContractException(
          "Cannot export a sample of " + settings.dataset() + ": no " + DatasetSchema.BEATS_DIR
              + "/ directory (is the dataset complete? re-run the ETL)");
    }
    Dataset<Row> rows =
        spark.read().schema(SparkSchemas.structType(schema)).option("basePath", beats).parquet(beats);
    if (!settings.includeAugmented()) {
      rows = rows.filter(col(DatasetSchema.AUGMENTATION).equalTo(DatasetSchema.NOT_AUGMENTED));
    }
    if (!settings.splits().isEmpty()) {
      rows = rows.filter(col(DatasetSchema.SPLIT).isin(settings.splits().toArray()));
    }
    Column drawKey =
        xxhash64(lit(settings.seed()), col(DatasetSchema.DATABASE), col(DatasetSchema.RECORD),
            col(DatasetSchema.SAMPLE), col(DatasetSchema.AUGMENTATION));
    WindowSpec perClass =
        Window.partitionBy(DatasetSchema.SPLIT, DatasetSchema.AAMI_CLASS)
            .orderBy(drawKey, col(DatasetSchema.DATABASE), col(DatasetSchema.RECORD), col(DatasetSchema.SAMPLE),
                col(DatasetSchema.AUGMENTATION));
    List<Column> selected = new ArrayList<>();
    for (String c : FIXED_COLUMNS) {
      selected.add(col(c));
    }
    selected.add(col(DatasetSchema.WINDOW));
    List<Row> drawn =
        new ArrayList<>(
            rows.withColumn(DRAW_RANK, row_number().over(perClass))
                .filter(col(DRAW_RANK).leq(settings.beatsPerClass()))
                .select(selected.toArray(new Column[0]))
                .collectAsList());
    drawn.sort(CSV_ORDER);

    write(drawn, schema.windowLength(), settings.output(), hadoop);
    Map<String, Map<String, Long>> counts = countBySplitAndClass(drawn);
    LOG.info("Exported {} beats of {} to {}: {}", drawn.size(), settings.dataset(), settings.output(), counts);
    return new Result(settings.output(), drawn.size(), counts, schema.windowLength());
  }

  private static DatasetSchema readSchema(String dataset, Configuration hadoop) {
    String uri = HadoopFiles.join(dataset, DatasetSchema.FILE_NAME);
    if (!HadoopFiles.exists(uri, hadoop)) {
      throw new DatasetContractException(
          "Cannot export a sample of " + dataset + ": no " + DatasetSchema.FILE_NAME
              + " (is it a directory written by the ETL?)");
    }
    DatasetSchema schema = DatasetSchema.fromJson(HadoopFiles.readString(uri, hadoop), uri);
    schema.requireReadable(dataset);
    return schema;
  }

  private static final Comparator<Row> CSV_ORDER =
      Comparator.<Row>comparingInt(r -> SPLIT_ORDER.indexOf(r.<String>getAs(DatasetSchema.SPLIT)))
          .thenComparingInt(r -> classIndex(r.getAs(DatasetSchema.AAMI_CLASS)))
          .thenComparing(r -> r.<String>getAs(DatasetSchema.DATABASE))
          .thenComparing(r -> r.<String>getAs(DatasetSchema.RECORD))
          .thenComparingLong(r -> r.<Long>getAs(DatasetSchema.SAMPLE))
          .thenComparing(r -> r.<String>getAs(DatasetSchema.AUGMENTATION));

  private static int classIndex(String aamiClass) {
    return AamiClass.vocabulary().indexOf(aamiClass);
  }

  private static Map<String, Map<String, Long>> countBySplitAndClass(List<Row> rows) {
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (Row r : rows) {
      counts.computeIfAbsent(r.getAs(DatasetSchema.SPLIT), k -> new LinkedHashMap<>())
          .merge(r.getAs(DatasetSchema.AAMI_CLASS), 1L, Long::sum);
    }
    return counts;
  }

  private static void write(List<Row> rows, int windowLength, String output, Configuration hadoop) {
    List<String> header = new ArrayList<>(FIXED_COLUMNS);
    for (int i = 0; i < windowLength; i++) {
      header.add(WINDOW_COLUMN_PREFIX + i);
    }
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(header.toArray(new String[0])).setRecordSeparator('\n').build();
    try (Writer w = new OutputStreamWriter(HadoopFiles.create(output, hadoop), StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, format)) {
      List<Object> values = new ArrayList<>(header.size());
      for (Row r : rows) {
        values.clear();
        for (String c : FIXED_COLUMNS) {
          values.add(r.getAs(c));
        }
        List<Float> window = r.getList(r.fieldIndex(DatasetSchema.WINDOW));
        if (window.size() != windowLength) {
          throw new DatasetContractException(
              "Cannot export beat " + r.getAs(DatasetSchema.RECORD) + "@" + r.getAs(DatasetSchema.SAMPLE) + ": window has "
                  + window.size() + " values, schema.json says " + windowLength + " (re-run the ETL)");
        }
        values.addAll(window);
        csv.printRecord(values);
      }
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot write sample " + output + ": " + e.getMessage() + " (check the path and permissions)", e);
    }
  }
}
