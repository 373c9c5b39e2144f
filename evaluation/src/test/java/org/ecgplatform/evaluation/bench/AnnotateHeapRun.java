package org.ecgplatform.evaluation.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.typesafe.config.Config;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.ExtractionConfig;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.spark.Sessions;
import org.ecgplatform.evaluation.spark.AnnotateConfig;
import org.ecgplatform.evaluation.spark.AnnotateJob;
import org.ecgplatform.evaluation.spark.AnnotateResult;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.BeatNetwork;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;

/**
 * One row of {@code submit-scripts/benchmark-annotate.sh}: the annotation job ({@link AnnotateJob})
 * on one database, in this JVM (the script starts a fresh one per row, so that the heap figures are
 * the run's own), embedded Spark whose master the overrides give (the script: {@code local[2]}).
 * Not a test.
 *
 * <p>Heap figures of the JVM, which in local mode is the driver and the executor at once:
 *
 * <ul>
 *   <li>{@code live_heap_mb}: the most heap in use right after a garbage collection, over every
 *       collection of the run (GC notifications; the sum over the heap pools of their usage after
 *       the collection). What survives a collection is what the run holds, plus old-generation
 *       garbage that a young collection does not look at, so it is an upper bound of the live data.
 *   <li>{@code peak_heap_mb}: the sum of the heap pools' peak usage: how far the heap filled
 *       between collections (depends on -Xmx and the collector more than on the data).
 * </ul>
 *
 * <pre>
 * AnnotateHeapRun --model DIR --input DIR --output DIR --result FILE --label NAME [--duration-s S] [--make-model] [key=value ...]
 * </pre>
 *
 * Appends {@code label,record_s,beats,job_s,wall_s,live_heap_mb,peak_heap_mb,xmx_mb,gcs} to {@code
 * --result} ({@code record_s} is {@code --duration-s} as given; {@code job_s} the job's own time,
 * {@code wall_s} with the Spark session's start and stop). {@code --make-model} writes an untrained, seeded reference network (the ETL's default windows,
 * MLII and its record template) to {@code --model} when nothing is there: the cost of
 * classification depends on the network's size, not on its weights.
 */
public final class AnnotateHeapRun {
  private AnnotateHeapRun() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = new LinkedHashMap<>();
    List<String> overrides = new ArrayList<>();
    boolean makeModel = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--make-model")) {
        makeModel = true;
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i].substring(2), args[++i]);
      } else if (args[i].contains("=")) {
        overrides.add(args[i]);
      } else {
        throw new IllegalArgumentException("Cannot run AnnotateHeapRun: unexpected argument '" + args[i] + "'");
      }
    }
    for (String k : List.of("model", "input", "output", "result", "label")) {
      if (!opts.containsKey(k)) {
        throw new IllegalArgumentException("Cannot run AnnotateHeapRun: --" + k + " is required");
      }
    }
    Config merged = ConfigLoader.load(null, overrides, "evaluation", "etl", "spark");
    AnnotateConfig config = AnnotateConfig.from(merged, opts.get("model"), List.of(opts.get("input")), opts.get("output"));
    if (makeModel && !Files.exists(Path.of(opts.get("model"), "model.json"))) {
      writeUntrainedModel(opts.get("model"), config.extraction());
    }

    AtomicLong liveAfterGc = new AtomicLong();
    AtomicLong collections = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, hb) -> {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (isHeapPool(e.getKey())) {
            used += e.getValue().getUsed();
          }
        }
        liveAfterGc.accumulateAndGet(used, Math::max);
        collections.incrementAndGet();
      }, null, null);
    }
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }

    long t0 = System.nanoTime();
    SparkSession spark = Sessions.create("annotate-benchmark", merged);
    AnnotateResult r;
    try {
      r = AnnotateJob.run(spark, config);
    } finally {
      spark.stop();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    double recordS = Double.parseDouble(opts.getOrDefault("duration-s", "0"));
    String row = String.format(Locale.ROOT, "%s,%.0f,%d,%.1f,%.1f,%d,%d,%d,%d%n", opts.get("label"), recordS, r.beats(),
        r.totalSeconds(), wall, liveAfterGc.get() >> 20, peak >> 20, Runtime.getRuntime().maxMemory() >> 20,
        collections.get());
    Path result = Path.of(opts.get("result"));
    Files.writeString(result, row, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.out.print(row);
  }

  private static boolean isHeapPool(String name) {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getName().equals(name)) {
        return p.getType() == MemoryType.HEAP;
      }
    }
    return false;
  }

  /** The reference network, untrained (seed 7), for the ETL's default windows of MLII plus its template. */
  private static void writeUntrainedModel(String uri, ExtractionConfig etl) {
    NetworkConfig cfg = NetworkConfig.reference(2, etl.samplesBefore() + etl.samplesAfter(), 5, 1e-3, 7);
    DatasetSchema schema = DatasetSchema.current(etl.targetFsHz(), etl.samplesBefore(), etl.samplesAfter(), 2);
    ModelMetadata m = new ModelMetadata(ModelMetadata.CURRENT_VERSION, AamiClass.vocabulary(), schema.fsHz(),
        schema.samplesBefore(), schema.samplesAfter(), 2, List.of("MLII", "MLII:template"), schema.rrFeatures(),
        Normalizer.identity(2, schema.rrFeatures().size()), schema, "untrained (benchmark)", null, cfg, Map.of(), List.of(), 0,
        "benchmark", "2026-12-01T00:00:00Z");
    new BeatModel(BeatNetwork.build(cfg, null), m).save(uri, new Configuration());
  }
}
