package org.ecgplatform.evaluation.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.ecgplatform.etl.beats.RecordTemplate;
import org.ecgplatform.etl.beats.WindowConfig;
import org.ecgplatform.etl.detect.QrsChunks;
import org.ecgplatform.evaluation.annotate.RecordLayout;
import org.ecgplatform.training.model.ChunkGeometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The Spark passes of {@link AnnotateJob}, in the order it calls them; each logs its task count and
 * time. Records that fail a pass are remembered with their reason ({@link #failed()}) and left out
 * of the later passes.
 */
final class AnnotatePasses {
  private static final Logger LOG = LoggerFactory.getLogger(AnnotatePasses.class);

  private final JavaSparkContext jsc;
  private final AnnotateConfig config;
  private final ScorerSpec spec;
  private final ChunkGeometry geometry;
  private final AnnotateRecord perRecord;
  private final AnnotateChunk perChunk;
  /** Quarantined records, in the order they failed: record → reason. */
  private final Map<String, String> failed = new LinkedHashMap<>();
  /** Beats the irregular-rhythm gate placed in an irregular rhythm (classification pass). */
  private long irregularBeats;

  AnnotatePasses(JavaSparkContext jsc, AnnotateConfig config, ScorerSpec spec, ChunkGeometry geometry,
      AnnotateRecord perRecord, AnnotateChunk perChunk) {
    this.jsc = jsc;
    this.config = config;
    this.spec = spec;
    this.geometry = geometry;
    this.perRecord = perRecord;
    this.perChunk = perChunk;
  }

  /** Record → reason of every record quarantined so far. */
  Map<String, String> failed() {
    return failed;
  }

  /** One task per record: header, checks, leads, chunks. Returns the plans of the good records. */
  List<AnnotateRecord.Plan> plan(List<AnnotateRecord.Task> tasks) {
    long t = System.nanoTime();
    describe(AnnotateJob.Pass.PLAN);
    AnnotateRecord records = perRecord;
    List<AnnotateRecord.Plan> all = jsc.parallelize(tasks, Math.max(1, tasks.size())).map(records::plan).collect();
    List<AnnotateRecord.Plan> good = new ArrayList<>();
    for (AnnotateRecord.Plan p : all) {
      if (p.reason() != null) {
        failed.put(p.record(), p.reason());
      } else {
        good.add(p);
      }
    }
    LOG.info("Planned {} records ({} chunks) in {} s", good.size(),
        good.stream().mapToInt(p -> p.layout().detection().size()).sum(), seconds(t));
    return good;
  }

  /** One task per chunk: the beats of each record, merged from its chunks' cores (or from beats-from). */
  Map<String, long[]> detect(List<AnnotateRecord.Plan> plans) {
    describe(AnnotateJob.Pass.DETECT);
    long t = System.nanoTime();
    Map<String, long[]> beats = new LinkedHashMap<>();
    Map<String, List<long[]>> parts = new LinkedHashMap<>();
    List<AnnotateChunk.DetectTask> tasks = new ArrayList<>();
    for (AnnotateRecord.Plan p : plans) {
      if (p.annotatedBeats() != null) {
        beats.put(p.record(), p.annotatedBeats());
        continue;
      }
      parts.put(p.record(), new ArrayList<>());
      for (int k = 0; k < p.layout().detection().size(); k++) {
        tasks.add(new AnnotateChunk.DetectTask(p, k));
      }
    }
    if (!tasks.isEmpty()) {
      AnnotateChunk chunks = perChunk;
      // collect() keeps the task order: each record's chunks in record order.
      for (AnnotateChunk.Beats b : jsc.parallelize(tasks, tasks.size()).map(chunks::detect).collect()) {
        if (b.error() != null) {
          failed.putIfAbsent(b.record(), b.error());
        } else {
          parts.get(b.record()).add(b.samples());
        }
      }
    }
    parts.forEach((record, kept) -> {
      if (!failed.containsKey(record)) {
        beats.put(record, QrsChunks.merge(kept));
      }
    });
    LOG.info("Detected {} beats in {} chunks in {} s", beats.values().stream().mapToLong(b -> b.length).sum(), tasks.size(),
        seconds(t));
    return beats;
  }

  /** One task per chunk holding template windows: record → its template (none for a record without windows). */
  Map<String, float[]> templates(List<AnnotateRecord.Plan> plans, Map<String, long[]> beats) {
    long t = System.nanoTime();
    describe(AnnotateJob.Pass.TEMPLATE);
    List<AnnotateChunk.TemplateTask> tasks = new ArrayList<>();
    for (AnnotateRecord.Plan p : plans) {
      long[] b = beats.get(p.record());
      if (b == null) {
        continue;
      }
      for (RecordLayout.Template tpl : p.layout().template(b, config.leads().templateBeats())) {
        tasks.add(new AnnotateChunk.TemplateTask(p, tpl, Arrays.stream(tpl.beats()).mapToLong(i -> b[i]).toArray()));
      }
    }
    Map<String, float[]> templates = new LinkedHashMap<>();
    if (tasks.isEmpty()) {
      return templates;
    }
    AnnotateChunk chunks = perChunk;
    List<Tuple2<String, AnnotateChunk.Windows>> medians = jsc.parallelize(tasks, tasks.size())
        .map(chunks::templateWindows)
        .mapToPair(w -> new Tuple2<>(w.record(), w))
        .groupByKey()
        .mapValues(AnnotatePasses::median)
        .collect();
    for (Tuple2<String, AnnotateChunk.Windows> m : medians) {
      if (m._2().error() != null) {
        failed.putIfAbsent(m._1(), m._2().error());
      } else {
        templates.put(m._1(), m._2().windows().get(0));
      }
    }
    LOG.info("Record templates of {} records ({} tasks) in {} s", templates.size(), tasks.size(), seconds(t));
    return templates;
  }

  /** The median of a record's template windows, as the only window of the result; or the first error. */
  private static AnnotateChunk.Windows median(Iterable<AnnotateChunk.Windows> parts) {
    List<float[]> all = new ArrayList<>();
    String record = null;
    for (AnnotateChunk.Windows w : parts) {
      if (w.error() != null) {
        return w;
      }
      record = w.record();
      all.addAll(w.windows());
    }
    try {
      return new AnnotateChunk.Windows(record, List.of(RecordTemplate.medianOfWindows(all)), null);
    } catch (RuntimeException e) {
      return new AnnotateChunk.Windows(record, List.of(), e.getMessage());
    }
  }

  /**
   * One task per chunk holding beats: their classes (with the supraventricular-run rule on, then one
   * task per record applies it across the record's chunks), the beats Parquet written to {@code
   * beatsDir}; then one task per record writes its files. Returns the records' outcomes.
   */
  List<AnnotateRecord.Outcome> score(SparkSession spark, List<AnnotateRecord.Plan> plans, Map<String, long[]> beats,
      Map<String, float[]> templates, String beatsDir) {
    long t = System.nanoTime();
    describe(AnnotateJob.Pass.CLASSIFY);
    List<AnnotateChunk.ScoreTask> tasks = new ArrayList<>();
    List<Tuple2<String, AnnotateRecord.Plan>> good = new ArrayList<>();
    WindowConfig window = config.extraction().window();
    Map<String, boolean[]> gated = config.afGate().enabled() ? irregular(plans, beats) : Map.of();
    for (AnnotateRecord.Plan p : plans) {
      long[] b = beats.get(p.record());
      if (b == null || failed.containsKey(p.record())) {
        continue;
      }
      good.add(new Tuple2<>(p.record(), p));
      float[][] rr = AnnotateRecord.rr(b, p.fsHz(), window, spec.rrFeatures());
      float[] template = templates.get(p.record());
      boolean[] irregular = gated.get(p.record());
      for (RecordLayout.Scoring s : p.layout().scoring(b, geometry)) {
        tasks.add(new AnnotateChunk.ScoreTask(p, s, Arrays.copyOfRange(b, s.beatsFrom(), s.beatsTo()),
            s.feeds() ? Arrays.copyOfRange(rr, s.feedFrom(), s.feedTo()) : new float[0][], template,
            irregular == null ? null : Arrays.copyOfRange(irregular, s.beatsFrom(), s.beatsTo())));
      }
    }
    AnnotateChunk chunks = perChunk;
    JavaRDD<AnnotateChunk.Scores> scored = jsc.parallelize(tasks, Math.max(1, tasks.size()))
        .map(chunks::score);
    LongAccumulator svtChanged = jsc.sc().longAccumulator("N beats the SVT-run rule changed to S");
    if (config.svtRun().enabled()) {
      // the rule reads the classes of every beat before a beat: one task per record
      scored = scored.groupBy(AnnotateChunk.Scores::record, Math.max(1, good.size()))
          .flatMap(r -> chunks.svtRuns(r._2(), svtChanged).iterator());
    }
    scored = scored
        // On disk, not in the executors' heap: a record's scores grow with its length. Read three
        // times: the failures, the beats Parquet, the per-record files.
        .persist(StorageLevel.DISK_ONLY());
    for (Tuple2<String, String> e : scored.filter(s -> s.error() != null).map(s -> new Tuple2<>(s.record(), s.error())).collect()) {
      failed.putIfAbsent(e._1(), e._2());
    }
    HashSet<String> bad = new HashSet<>(failed.keySet());
    JavaRDD<AnnotateChunk.Scores> ok = scored.filter(s -> !bad.contains(s.record()));
    spark.createDataFrame(ok.flatMap(s -> s.rows().iterator()), AnnotateRecord.BEATS_SCHEMA).write().parquet(beatsDir);
    if (config.afGate().enabled()) {
      LOG.info("AF gate {}: {} beats in an irregular rhythm, not called S", config.afGate().describe(spec), irregularBeats);
    }
    if (config.svtRun().enabled()) {
      LOG.info("SVT-run rule {}: {} beats called N changed to S", config.svtRun().describe(), svtChanged.value());
    }
    LOG.info("Classified {} beats ({} tasks) in {} s", beats.entrySet().stream().filter(e -> !bad.contains(e.getKey()))
        .mapToLong(e -> e.getValue().length).sum(), tasks.size(), seconds(t));

    long t2 = System.nanoTime();
    describe(AnnotateJob.Pass.WRITE);
    JavaPairRDD<String, Iterable<AnnotateChunk.Scores>> perRecordScores = ok.mapToPair(s -> new Tuple2<>(s.record(), s.light()))
        .groupByKey();
    AnnotateRecord records = perRecord;
    List<AnnotateRecord.Outcome> done = jsc.parallelizePairs(good.stream().filter(g -> !bad.contains(g._1())).toList(),
            Math.max(1, good.size()))
        .leftOuterJoin(perRecordScores)
        .map(j -> records.finish(j._2()._1(), j._2()._2().isPresent() ? j._2()._2().get() : List.<AnnotateChunk.Scores>of()))
        .collect();
    scored.unpersist(false);
    LOG.info("Wrote the annotation files of {} records in {} s", done.size(), seconds(t2));
    return done;
  }

  /**
   * The irregular-rhythm gate's decision for every beat of each record: from the whole record's
   * beat times (on the driver, which holds them: a few microseconds per beat), so that chunk edges
   * do not change it; then, with the atrial check on, one task per chunk core holding a flagged
   * beat unflags those whose stretch has organised atrial activity (a flagged beat without a window
   * keeps its flag: it is not classified). Records whose task fails are quarantined.
   */
  private Map<String, boolean[]> irregular(List<AnnotateRecord.Plan> plans, Map<String, long[]> beats) {
    Map<String, boolean[]> flags = new LinkedHashMap<>();
    List<AnnotateChunk.AtrialTask> tasks = new ArrayList<>();
    boolean atrial = config.afGate().atrial(spec.fsHz(), spec.samplesBefore()) != null;
    int half = config.afGate().detector().windowBeats() / 2;
    for (AnnotateRecord.Plan p : plans) {
      long[] b = beats.get(p.record());
      if (b == null || failed.containsKey(p.record())) {
        continue;
      }
      boolean[] f = config.afGate().detector().flags(Arrays.stream(b).asDoubleStream().toArray());
      flags.put(p.record(), f);
      if (atrial) {
        for (RecordLayout.Atrial a : p.layout().atrial(b, f, half)) {
          tasks.add(new AnnotateChunk.AtrialTask(p, a, Arrays.copyOfRange(b, a.cutFrom(), a.cutTo()),
              Arrays.copyOfRange(f, a.coreFrom(), a.coreTo())));
        }
      }
    }
    if (!tasks.isEmpty()) {
      long t = System.nanoTime();
      AnnotateChunk chunks = perChunk;
      for (AnnotateChunk.AtrialKept k : jsc.parallelize(tasks, tasks.size()).map(chunks::atrial).collect()) {
        if (k.error() != null) {
          failed.putIfAbsent(k.record(), k.error());
        } else {
          System.arraycopy(k.kept(), 0, flags.get(k.record()), k.coreFrom(), k.kept().length);
        }
      }
      LOG.info("Atrial activity of {} chunks with beats in an irregular rhythm in {} s", tasks.size(), seconds(t));
    }
    for (boolean[] f : flags.values()) {
      for (boolean x : f) {
        irregularBeats += x ? 1 : 0;
      }
    }
    return flags;
  }

  /** Names the Spark jobs of a pass (Spark's UI, event log and listeners show it). */
  private void describe(AnnotateJob.Pass pass) {
    jsc.setJobDescription(pass.description());
  }

  private static String seconds(long since) {
    return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - since) / 1e9);
  }
}
