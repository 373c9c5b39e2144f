package org.ecgplatform.evaluation.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.Beat;
import org.ecgplatform.etl.beats.BeatExtractor;
import org.ecgplatform.etl.beats.RecordTemplate;
import org.ecgplatform.etl.beats.RrFeatures;
import org.ecgplatform.etl.beats.Segmentation;
import org.ecgplatform.etl.detect.QrsChunks;
import org.ecgplatform.etl.detect.QrsDetector;
import org.ecgplatform.etl.spark.RecordProcessor;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.evaluation.annotate.RecordLayout;
import org.ecgplatform.evaluation.rhythm.AfGate;
import org.ecgplatform.evaluation.rhythm.AtrialActivity;
import org.ecgplatform.evaluation.rhythm.SvtRunRule;
import org.ecgplatform.training.model.Probabilities;
import org.ecgplatform.training.model.StreamingScorer;

/**
 * Executor side of the annotation job, per chunk of a record ({@link RecordLayout}): each task
 * reads only its chunk's frames from storage ({@link WfdbRecord#readMillivolts}: a seek for the
 * fixed-layout formats; FLAC and the difference format decode from the file's start in bounded
 * buffers), so its memory depends on the chunk's length, not the record's. The ETL's own stages do
 * the work, so a detected beat gets exactly the window a reference beat gets in the ETL:
 *
 * <ol>
 *   <li>{@link #detect}: the beats of the chunk's core, found by {@link QrsDetector} on all ECG
 *       leads (the window leads first: the first gives the fiducial point) over the core and its
 *       margins; the window leads' samples of the core must be finite, as the ETL requires.
 *   <li>{@link #templateWindows}: the ETL's windows ({@link BeatExtractor}: clean, resample, cut) of
 *       the beats the record template is the median of.
 *   <li>{@link #score}: the windows of the beats the model needs, the record template appended when
 *       the ETL appends it ({@link RecordTemplate}), the RR features of the whole record's beats (as
 *       the ETL computes them), streamed in time order through the model's {@link StreamingScorer}
 *       (per beat or in sequences with context); the core's beats come out with their classes,
 *       those too close to the record's ends for a window as Q without probabilities.
 * </ol>
 *
 * A failure comes back as the chunk's {@code error}; the job quarantines the record.
 */
final class AnnotateChunk implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Placeholder symbol handed to the ETL's segmenter for detected beats: it only needs a beat symbol. */
  private static final String DETECTED = "Q";

  /** Detect the beats of chunk {@code chunk} of {@code plan}'s layout. */
  record DetectTask(AnnotateRecord.Plan plan, int chunk) implements Serializable {}

  /** The beats a detection task kept (record sample numbers, ascending), or its error. */
  record Beats(String record, int chunk, long[] samples, String error) implements Serializable {}

  /** Cut the template windows of {@code samples} (beats {@code t.beats()} of the record). */
  record TemplateTask(AnnotateRecord.Plan plan, RecordLayout.Template t, long[] samples) implements Serializable {}

  /** The windows a template task cut, or its error. */
  record Windows(String record, List<float[]> windows, String error) implements Serializable {}

  /** Judge the atrial activity of {@code a}'s core: {@code samples} of beats {@code [a.cutFrom(), a.cutTo())}, {@code flagged} of its core. */
  record AtrialTask(AnnotateRecord.Plan plan, RecordLayout.Atrial a, long[] samples, boolean[] flagged)
      implements Serializable {}

  /** Which of an atrial task's core beats (from {@code coreFrom} on) stay in an irregular rhythm, or its error. */
  record AtrialKept(String record, int coreFrom, boolean[] kept, String error) implements Serializable {}

  /**
   * Score the beats of {@code s}: {@code samples} are those of beat indexes {@code [s.beatsFrom(),
   * s.beatsTo())}, {@code rr} the RR features of the fed beats {@code [s.feedFrom(), s.feedTo())},
   * {@code template} the record's template or null.
   */
  record ScoreTask(AnnotateRecord.Plan plan, RecordLayout.Scoring s, long[] samples, float[][] rr, float[] template,
      boolean[] irregular) implements Serializable {}

  /**
   * The core beats of a scoring task: samples, classes ({@link AamiClass} ordinals) and
   * probabilities (null for a beat without a window), or its error.
   */
  record Scores(String database, String record, double fsHz, int chunk, long[] samples, byte[] classes,
      float[][] probabilities, long unclassified, String error) implements Serializable {
    /** The same without the probabilities, for the per-record step. */
    Scores light() {
      return new Scores(database, record, fsHz, chunk, samples, classes, null, unclassified, error);
    }

    /** The beats Parquet's rows ({@link AnnotateRecord#BEATS_SCHEMA}). */
    List<Row> rows() {
      List<Row> rows = new ArrayList<>(samples.length);
      for (int i = 0; i < samples.length; i++) {
        AamiClass c = AamiClass.values()[classes[i]];
        rows.add(RowFactory.create(database, record, samples[i], samples[i] / fsHz, c.name(), PredictedBeat.MIT_SYMBOL.get(c),
            probabilities[i]));
      }
      return rows;
    }
  }

  private final AnnotateConfig config;
  private final BroadcastScorer scorer;
  private final ScorerSpec spec;
  private final float[] decisionWeights;

  AnnotateChunk(AnnotateConfig config, BroadcastScorer scorer, ScorerSpec spec) {
    this.config = config;
    this.scorer = scorer;
    this.spec = spec;
    // here, on the driver: a weight for a class the model lacks fails the job, not each chunk
    this.decisionWeights = config.decisionWeights().forClasses(spec.classes());
    config.svtRun().requireClasses(spec.classes());
  }

  /** Pass 1: the core's beats. */
  Beats detect(DetectTask task) {
    AnnotateRecord.Plan plan = task.plan();
    QrsChunks.Chunk chunk = plan.layout().detection().get(task.chunk());
    try {
      WfdbRecord rec = WfdbRecord.open(plan.task().storage(), plan.record());
      float[][] signals = rec.readMillivolts(chunk.readFrom(), chunk.readTo(), plan.detectionLeads());
      requireFinite(signals, plan.windowLeads(), chunk);
      long[] beats = new QrsDetector(config.detector()).detect(signals, plan.fsHz(), chunk.readFrom());
      return new Beats(plan.record(), task.chunk(), QrsChunks.keep(chunk, beats), null);
    } catch (RuntimeException e) {
      return new Beats(plan.record(), task.chunk(), null, where(e, chunk.coreFrom(), chunk.coreTo(), plan.fsHz()));
    }
  }

  /** Pass 2: the windows of the template's beats in this chunk. */
  Windows templateWindows(TemplateTask task) {
    AnnotateRecord.Plan plan = task.plan();
    try {
      Segmentation seg = windows(plan, task.t().readFrom(), task.t().readTo(), task.samples());
      List<float[]> windows = new ArrayList<>(seg.beats().size());
      seg.beats().forEach(b -> windows.add(b.window()));
      return new Windows(plan.record(), windows, null);
    } catch (RuntimeException e) {
      return new Windows(plan.record(), List.of(), where(e, task.t().readFrom(), task.t().readTo(), plan.fsHz()));
    }
  }

  /**
   * Pass 3, before scoring, for the irregular-rhythm gate's atrial check: which flagged core beats
   * lie in a stretch without organised atrial activity ({@link AtrialActivity#refine}).
   */
  AtrialKept atrial(AtrialTask task) {
    AnnotateRecord.Plan plan = task.plan();
    RecordLayout.Atrial a = task.a();
    try {
      AtrialActivity atrial = config.afGate().atrial(spec.fsHz(), spec.samplesBefore());
      Segmentation seg = windows(plan, a.readFrom(), a.readTo(), task.samples());
      boolean[] flags = new boolean[task.samples().length];
      System.arraycopy(task.flagged(), 0, flags, a.coreFrom() - a.cutFrom(), task.flagged().length);
      boolean[] kept = atrial.refine(flags, seg.beats().stream().map(b -> atrial.segment(b.window())).toList(),
          config.afGate().detector().windowBeats() / 2);
      return new AtrialKept(plan.record(), a.coreFrom(),
          Arrays.copyOfRange(kept, a.coreFrom() - a.cutFrom(), a.coreTo() - a.cutFrom()), null);
    } catch (RuntimeException e) {
      return new AtrialKept(plan.record(), a.coreFrom(), null, where(e, a.readFrom(), a.readTo(), plan.fsHz()));
    }
  }

  /** Pass 3: the core's beats with their classes. */
  Scores score(ScoreTask task) {
    AnnotateRecord.Plan plan = task.plan();
    RecordLayout.Scoring s = task.s();
    int base = s.beatsFrom();
    long[] core = Arrays.copyOfRange(task.samples(), s.coreFrom() - base, s.coreTo() - base);
    try {
      float[][] probabilities = new float[core.length][];
      if (s.feeds()) {
        long[] fed = Arrays.copyOfRange(task.samples(), s.feedFrom() - base, s.feedTo() - base);
        Segmentation seg = windows(plan, s.readFrom(), s.readTo(), fed);
        StreamingScorer<Integer> stream = scorer.get().stream(config.batchSize());
        List<StreamingScorer.Scored<Integer>> scored = new ArrayList<>(seg.beats().size());
        for (Beat b : seg.beats()) {
          float[] window = task.template() == null ? b.window() : RecordTemplate.append(b.window(), task.template());
          scored.addAll(stream.add(plan.record(), s.feedFrom() + b.beatIndex(), window, task.rr()[b.beatIndex()]));
        }
        scored.addAll(stream.finish());
        for (StreamingScorer.Scored<Integer> x : scored) {
          int i = x.beat();
          if (i >= s.coreFrom() && i < s.coreTo()) {
            probabilities[i - s.coreFrom()] = x.probabilities();
          }
        }
      }
      byte[] classes = new byte[core.length];
      long unclassified = 0;
      for (int i = 0; i < core.length; i++) {
        float[] p = probabilities[i];
        if (p != null && task.irregular() != null && task.irregular()[s.coreFrom() - base + i]) {
          p = AfGate.suppress(p, spec.classes().indexOf("S"), spec.classes().indexOf("N"));
          probabilities[i] = p;
        }
        unclassified += p == null ? 1 : 0;
        AamiClass c = p == null ? AamiClass.Q : AamiClass.valueOf(spec.classes().get(Probabilities.argMax(p, decisionWeights)));
        classes[i] = (byte) c.ordinal();
      }
      return new Scores(plan.task().database(), plan.record(), plan.fsHz(), s.chunk(), core, classes, probabilities,
          unclassified, null);
    } catch (RuntimeException e) {
      return new Scores(plan.task().database(), plan.record(), plan.fsHz(), s.chunk(), core, new byte[0], null, 0,
          where(e, s.readFrom(), s.readTo(), plan.fsHz()));
    }
  }

  /**
   * After pass 3, with the supraventricular-run rule on ({@link SvtRunConfig}): one record's scored
   * chunks (any order) in order, each beat's class after the rule, a beat it calls S with its N
   * probability moved to S. The rule needs the classes of every beat before a beat, across chunk
   * edges, so it runs once per record; each beat's RR interval and the record's mean are the ETL's
   * ({@link RrFeatures}, as the evaluation job reads them from the dataset). A record with a failed
   * chunk comes back as it was (it is quarantined). {@code changed} counts the beats it called S.
   */
  List<Scores> svtRuns(Iterable<Scores> chunks, org.apache.spark.util.LongAccumulator changed) {
    List<Scores> ordered = new ArrayList<>();
    chunks.forEach(ordered::add);
    ordered.sort(Comparator.comparingInt(Scores::chunk));
    if (ordered.isEmpty() || ordered.stream().anyMatch(c -> c.error() != null)) {
      return ordered;
    }
    long[] samples = ordered.stream().flatMapToLong(c -> Arrays.stream(c.samples())).toArray();
    RrFeatures[] rr = RrFeatures.compute(samples, ordered.get(0).fsHz(), config.extraction().window().localRrIntervals());
    // classes are AamiClass ordinals, probabilities are in the model's class order
    SvtRunRule.Stream runs = config.svtRun().rule().stream(AamiClass.S.ordinal(), AamiClass.N.ordinal());
    int s = spec.classes().indexOf(AamiClass.S.name());
    int n = spec.classes().indexOf(AamiClass.N.name());
    List<Scores> out = new ArrayList<>(ordered.size());
    int i = 0;
    for (Scores c : ordered) {
      byte[] classes = c.classes().clone();
      float[][] probabilities = c.probabilities().clone();
      for (int j = 0; j < classes.length; j++, i++) {
        int after = runs.next(c.record(), rr[i].prevS(), rr[i].meanS(), classes[j]);
        if (after != classes[j]) {
          classes[j] = (byte) after;
          probabilities[j] = AfGate.suppress(probabilities[j], n, s);
          changed.add(1);
        }
      }
      out.add(new Scores(c.database(), c.record(), c.fsHz(), c.chunk(), c.samples(), classes, probabilities,
          c.unclassified(), null));
    }
    return out;
  }

  /**
   * The ETL's windows of {@code beats} (record sample numbers) cut from frames {@code [from, to)}:
   * every one of them must fit, the layout made the range for that.
   */
  private Segmentation windows(AnnotateRecord.Plan plan, long from, long to, long[] beats) {
    WfdbRecord rec = WfdbRecord.open(plan.task().storage(), plan.record());
    float[][] signals = rec.readMillivolts(from, to, plan.windowLeadIndexes());
    long[] local = new long[beats.length];
    for (int i = 0; i < beats.length; i++) {
      local[i] = beats[i] - from;
    }
    String[] symbols = new String[beats.length];
    Arrays.fill(symbols, DETECTED);
    Segmentation seg = new BeatExtractor(config.extraction()).extract(signals, plan.fsHz(), local, symbols);
    if (seg.beats().size() != beats.length) {
      throw new IllegalStateException("Cannot cut the windows of " + beats.length + " beats from frames [" + from + ", " + to
          + "): " + seg.counts().skippedAtEdges() + " do not fit (the chunk layout is inconsistent)");
    }
    return seg;
  }

  /** The ETL refuses non-finite samples in the window leads: so does the annotation, over each core. */
  private static void requireFinite(float[][] signals, int windowLeads, QrsChunks.Chunk chunk) {
    int from = (int) (chunk.coreFrom() - chunk.readFrom());
    int to = (int) (chunk.coreTo() - chunk.readFrom());
    for (int lead = 0; lead < windowLeads; lead++) {
      float[] x = signals[lead];
      for (int i = from; i < to; i++) {
        if (!Float.isFinite(x[i])) {
          throw new IllegalArgumentException("Cannot extract beats: lead " + lead + " has the non-finite sample " + x[i]
              + " at sample " + (chunk.readFrom() + i) + " (interpolate invalid samples or reject the record)");
        }
      }
    }
  }

  private static String where(RuntimeException e, long from, long to, double fsHz) {
    return RecordProcessor.reason(e) + String.format(java.util.Locale.ROOT, " [in the chunk %.0f-%.0f s]", from / fsHz,
        to / fsHz);
  }
}
