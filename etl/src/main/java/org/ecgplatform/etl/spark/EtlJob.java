package org.ecgplatform.etl.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.common.SoftwareVersion;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.io.HadoopFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ETL job: WFDB databases in, a beat dataset out (see {@link DatasetSchema} for its layout).
 *
 * <ol>
 *   <li>list each database's records on the driver and assign every record to a split by patient;
 *   <li>one Spark task per record decodes, cleans, resamples, segments and (train split only)
 *       augments it on an executor ({@link RecordProcessor}); a record that fails is quarantined
 *       with its reason and the others go on;
 *   <li>the rows are written as Parquet partitioned by split and database into a staging
 *       directory, with {@code schema.json}, {@code manifest.json} and {@code rejects.csv};
 *   <li>the staging directory replaces the output in one rename, so no half-written dataset is
 *       ever visible and a re-run replaces rather than duplicates.
 * </ol>
 */
public final class EtlJob {
  private static final Logger LOG = LoggerFactory.getLogger(EtlJob.class);

  private EtlJob() {}

  public static EtlResult run(SparkSession spark, EtlConfig config) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Map<String, Long> stageMillis = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    LOG.info("ETL config: {}", config.configJson());

    // 1. Records and splits, on the driver.
    RecordPlan plan = RecordPlan.create(config, hadoop);
    stageMillis.put("list-and-split", millisSince(t0));
    LOG.info("Planned {} records from {} database(s): {} ({} excluded by split preset)",
        plan.tasks().size(), config.inputs().size(), plan.countsBySplit(), plan.excluded().size());

    // 2. One task per record on the executors: decode, clean, resample, segment, augment, and
    // write that record's rows straight to Parquet, so an executor holds one record at a time
    // (nothing is cached; memory does not grow with the number of records). Each record's
    // accounting comes back through an accumulator, de-duplicated by record because a re-executed
    // task reports again.
    long t1 = System.nanoTime();
    DatasetSchema schema =
        DatasetSchema.current(config.targetFsHz(), config.samplesBefore(), config.samplesAfter(), config.channelCount(),
            config.extraction().window().longRr())
            .withSettings(config.contractSettings());
    HadoopFiles.SerializableConf conf = new HadoopFiles.SerializableConf(hadoop);
    RecordProcessor processor = new RecordProcessor(config, schema, conf);
    CollectionAccumulator<RecordStats> reports = jsc.sc().collectionAccumulator("ecg-etl-record-stats");
    JavaRDD<Row> rows =
        jsc.parallelize(plan.tasks(), Math.max(1, plan.tasks().size()))
            .flatMap(task -> {
              RecordResult r = processor.process(task);
              reports.add(r.stats());
              return r.rows().iterator();
            });
    String staging = HadoopFiles.stagingDir(HadoopFiles.qualify(config.output(), hadoop));
    try {
      // 3. Parquet, partitioned by split and database: one file per record and split, beats in
      // sample order, so the files are the same on every run.
      spark.createDataFrame(rows, SparkSchemas.structType(schema))
          .write()
          .mode(SaveMode.ErrorIfExists)
          .option("parquet.block.size", String.valueOf(config.rowGroupMb() * 1024L * 1024L))
          // Waveform samples never repeat enough for a dictionary: trying one only costs time.
          .option("parquet.enable.dictionary#" + DatasetSchema.WINDOW + ".list.element", "false")
          .option("maxRecordsPerFile", String.valueOf(config.maxRowsPerFile()))
          .partitionBy(DatasetSchema.SPLIT, DatasetSchema.DATABASE)
          .parquet(HadoopFiles.join(staging, DatasetSchema.BEATS_DIR));
      stageMillis.put("process-and-write", millisSince(t1));

      Map<String, RecordStats> byRecord = new java.util.LinkedHashMap<>();
      for (RecordStats r : reports.value()) {
        byRecord.put(r.database() + "/" + r.record(), r);
      }
      List<RecordStats> stats = new ArrayList<>();
      for (RecordTask t : plan.tasks()) {
        RecordStats r = byRecord.get(t.database() + "/" + t.record());
        if (r == null) {
          throw new IllegalStateException("No accounting came back for record " + t.database() + "/" + t.record());
        }
        stats.add(r);
      }
      List<RecordStats> ok = stats.stream().filter(RecordStats::ok).toList();
      List<RecordStats> rejected = stats.stream().filter(s -> !s.ok()).toList();
      for (RecordStats r : rejected) {
        LOG.warn("Quarantined record {}/{}: {}", r.database(), r.record(), r.reason());
      }
      for (RecordStats r : ok) {
        for (String w : r.warnings()) {
          LOG.warn("Kept record {}/{} ({}=warn): {}", r.database(), r.record(), EtlConfig.CHECKSUM_MISMATCH_KEY, w);
        }
      }
      if (ok.isEmpty()) {
        throw new EcgPlatformException(
            "Cannot build dataset: none of the " + stats.size() + " records could be read"
                + (rejected.isEmpty() ? "" : " (first reason: " + rejected.get(0).reason() + ")"));
      }
      for (RecordStats s : ok) {
        if (!s.balanced()) {
          throw new IllegalStateException("Beat accounting does not balance for " + s.database() + "/" + s.record()
              + ": " + s.beatAnnotations() + " != " + s.windowsWritten() + " + " + s.skippedAtEdges());
        }
      }

      // 4. Contract, manifest, rejects; then publish.
      long t3 = System.nanoTime();
      HadoopFiles.writeString(HadoopFiles.join(staging, DatasetSchema.FILE_NAME), schema.toJson(), hadoop);
      writeRejects(HadoopFiles.join(staging, DatasetSchema.REJECTS_FILE), rejected, hadoop);
      Map<String, Long> rowsBySplit = rowsBySplit(ok);
      long originals = ok.stream().mapToLong(RecordStats::windowsWritten).sum();
      stageMillis.put("manifest", millisSince(t3));
      stageMillis.put("total", millisSince(t0));
      String manifest = manifestJson(config, plan, stats, stageMillis);
      HadoopFiles.writeString(HadoopFiles.join(staging, DatasetSchema.MANIFEST_FILE), manifest, hadoop);
      HadoopFiles.publish(staging, HadoopFiles.qualify(config.output(), hadoop), hadoop);

      double seconds = stageMillis.get("total") / 1000.0;
      EtlResult result = new EtlResult(config.output(), ok.size(), rejected, rowsBySplit,
          originals / Math.max(seconds, 1e-9), stageMillis, stats);
      logSummary(result, ok, stats.size());
      return result;
    } catch (RuntimeException e) {
      HadoopFiles.deleteQuietly(staging, hadoop);
      throw e;
    }
  }

  private static Map<String, Long> rowsBySplit(List<RecordStats> ok) {
    Map<String, Long> m = new TreeMap<>();
    for (RecordStats s : ok) {
      m.merge(s.split(), s.windowsWritten() + s.augmentedWritten(), Long::sum);
    }
    return m;
  }

  private static void logSummary(EtlResult r, List<RecordStats> ok, int total) {
    long beats = ok.stream().mapToLong(RecordStats::windowsWritten).sum();
    long skipped = ok.stream().mapToLong(RecordStats::skippedAtEdges).sum();
    long augmented = ok.stream().mapToLong(RecordStats::augmentedWritten).sum();
    LOG.info("ETL done: {}/{} records, {} beats written ({} skipped at record edges), {} augmented copies; rows per"
            + " split {}; {} rejected; {} beats/s; stages (ms) {}; output {}",
        ok.size(), total, beats, skipped, augmented, r.rowsBySplit(), r.rejected().size(),
        String.format("%.0f", r.beatsPerSecond()), r.stageMillis(), r.output());
  }

  private static void writeRejects(String uri, List<RecordStats> rejected, Configuration hadoop) {
    try (Writer w = new OutputStreamWriter(HadoopFiles.create(uri, hadoop), StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader("database", "record", "split", "reason").get())) {
      for (RecordStats r : rejected) {
        csv.printRecord(r.database(), r.record(), r.split(), r.reason());
      }
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot write " + uri + ": " + e.getMessage(), e);
    }
  }

  static String manifestJson(EtlConfig config, RecordPlan plan, List<RecordStats> stats, Map<String, Long> stageMillis) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("software", Map.of("name", "ecg-platform", "version", SoftwareVersion.get()));
    m.put("createdAt", Instant.now().toString());
    m.put("configHash", sha256(config.configJson()));
    Map<String, Object> inputs = new LinkedHashMap<>();
    plan.databaseUris().forEach((db, uri) -> inputs.put(db, uri));
    m.put("inputs", inputs);
    // counts[split][database][class] for originals and augmented copies.
    Map<String, Map<String, Map<String, Long>>> counts = new TreeMap<>();
    Map<String, Map<String, Map<String, Long>>> augmented = new TreeMap<>();
    long in = 0;
    long written = 0;
    long skipped = 0;
    long nonBeat = 0;
    for (RecordStats s : stats) {
      if (!s.ok()) {
        continue;
      }
      in += s.beatAnnotations();
      written += s.windowsWritten();
      skipped += s.skippedAtEdges();
      nonBeat += s.nonBeatAnnotations();
      s.classCounts().forEach((c, n) -> counts.computeIfAbsent(s.split(), k -> new TreeMap<>())
          .computeIfAbsent(s.database(), k -> new TreeMap<>()).merge(c, n, Long::sum));
      s.augmentedClassCounts().forEach((c, n) -> augmented.computeIfAbsent(s.split(), k -> new TreeMap<>())
          .computeIfAbsent(s.database(), k -> new TreeMap<>()).merge(c, n, Long::sum));
    }
    m.put("counts", counts);
    m.put("augmentedCounts", augmented);
    m.put("accounting", Map.of("beatAnnotations", in, "windowsWritten", written, "skippedAtEdges", skipped,
        "nonBeatAnnotations", nonBeat));
    m.put("excluded", plan.excluded());
    List<Map<String, Object>> rejected = new ArrayList<>();
    for (RecordStats s : stats) {
      if (!s.ok()) {
        rejected.add(Map.of("database", s.database(), "record", s.record(), "reason", s.reason()));
      }
    }
    m.put("rejected", rejected);
    List<Map<String, Object>> warnings = new ArrayList<>();
    for (RecordStats s : stats) {
      for (String w : s.warnings()) {
        warnings.add(Map.of("database", s.database(), "record", s.record(), "warning", w));
      }
    }
    m.put("warnings", warnings);
    Map<String, Long> executorMillis = new TreeMap<>();
    for (RecordStats s : stats) {
      s.stageMillis().forEach((k, v) -> executorMillis.merge(k, v, Long::sum));
    }
    m.put("timingsMs", Map.of("driver", stageMillis, "executorTotals", executorMillis));
    m.put("records", stats);
    try {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Map<String, Object> withConfig = new LinkedHashMap<>(m);
      withConfig.put("config", json.readTree(config.configJson()));
      return json.writeValueAsString(withConfig);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise manifest", e);
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long millisSince(long t) {
    return (System.nanoTime() - t) / 1_000_000;
  }
}
