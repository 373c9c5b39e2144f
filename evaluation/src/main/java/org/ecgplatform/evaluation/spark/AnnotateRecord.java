package org.ecgplatform.evaluation.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.Beat;
import org.ecgplatform.etl.beats.BeatExtractor;
import org.ecgplatform.etl.beats.LeadSelector;
import org.ecgplatform.etl.beats.RecordTemplate;
import org.ecgplatform.etl.beats.RrFeatures;
import org.ecgplatform.etl.beats.Segmentation;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.detect.QrsChunks;
import org.ecgplatform.etl.detect.QrsDetector;
import org.ecgplatform.etl.io.HadoopWfdbStorage;
import org.ecgplatform.etl.spark.RecordProcessor;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.AnnotationCode;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.evaluation.metrics.RhythmSummary;
import org.ecgplatform.evaluation.report.AnnotatedRecord;
import org.ecgplatform.evaluation.report.RhythmChart;
import org.ecgplatform.training.model.StreamingScorer;

/**
 * Executor side of the annotation job: one record in, its annotation file written, its beat rows
 * and summary (or the reason it was quarantined) out. It composes the ETL's own stages, so a
 * detected beat gets exactly the window a reference beat gets in the ETL:
 *
 * <ol>
 *   <li>read the header and check the signal files ({@link RecordProcessor#checkSignalFiles}, per
 *       {@code etl.wfdb.checksum-mismatch}); choose the window leads ({@link
 *       RecordProcessor#selectLeads}, {@code etl.leads.*}); read them and every other ECG lead in
 *       millivolts;
 *   <li>detect the beats with {@link QrsDetector} on all ECG leads (the window leads first: the
 *       first gives the fiducial point), chunk by chunk ({@link QrsChunks}) to bound its memory;
 *   <li>clean, resample and cut the windows of the detected beats with the ETL's {@link
 *       BeatExtractor}, add the record template channels ({@link RecordTemplate}) when the ETL does;
 *   <li>classify the beats in time order through the model's {@link StreamingScorer} (per beat or
 *       in sequences, as the model needs); beats too close to the record's ends for a window are
 *       written as Q without probabilities;
 *   <li>write {@code <record>.<annotator>} in MIT format and return the rows and the {@link
 *       RhythmSummary}.
 * </ol>
 *
 * <p>Any failure of a record (unreadable files, no ECG lead, invalid samples) comes back as a
 * quarantine entry naming the reason; one bad record never fails the job.
 */
final class AnnotateRecord implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Placeholder symbol handed to the ETL's segmenter for detected beats: it only needs a beat symbol. */
  private static final String DETECTED = "Q";

  /** Columns of the beats Parquet. */
  static final StructType BEATS_SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("database", DataTypes.StringType, false),
      DataTypes.createStructField("record", DataTypes.StringType, false),
      DataTypes.createStructField("sample", DataTypes.LongType, false),
      DataTypes.createStructField("time_s", DataTypes.DoubleType, false),
      DataTypes.createStructField("class", DataTypes.StringType, false),
      DataTypes.createStructField("symbol", DataTypes.StringType, false),
      DataTypes.createStructField("probabilities", DataTypes.createArrayType(DataTypes.FloatType, false), true)));

  /** One record to annotate. */
  record Task(String database, HadoopWfdbStorage storage, String record) implements Serializable {}

  /** What came of a record: {@code annotated} and {@code rows}, or the {@code reason} it was quarantined. */
  record Outcome(String database, String record, AnnotatedRecord annotated, List<Row> rows, String reason)
      implements Serializable {
    Outcome withoutRows() {
      return new Outcome(database, record, annotated, List.of(), reason);
    }
  }

  private final AnnotateConfig config;
  private final BroadcastScorer scorer;
  private final ScorerSpec spec;
  private final HadoopWfdbStorage output;
  private final HadoopWfdbStorage plots;

  /**
   * @param output where the annotation files go
   * @param plots where the tachograms go (with {@code evaluation.annotate.write-plots})
   */
  AnnotateRecord(AnnotateConfig config, BroadcastScorer scorer, ScorerSpec spec, HadoopWfdbStorage output,
      HadoopWfdbStorage plots) {
    this.config = config;
    this.scorer = scorer;
    this.spec = spec;
    this.output = output;
    this.plots = plots;
  }

  /** Annotates one record; never throws for a bad record (it comes back quarantined). */
  Outcome apply(Task task) {
    try {
      return annotate(task);
    } catch (RuntimeException e) {
      return new Outcome(task.database(), task.record(), null, List.of(), RecordProcessor.reason(e));
    }
  }

  private Outcome annotate(Task task) {
    WfdbRecord rec = WfdbRecord.open(task.storage(), task.record());
    double fs = rec.header().fsHz();
    List<String> warnings = new ArrayList<>(RecordProcessor.checkSignalFiles(rec, config.checksumMismatch()));
    LeadSelector.Selection leads = RecordProcessor.selectLeads(rec, config.leads());
    int[] detectionLeads = detectionLeads(leads, rec.header().descriptions());
    float[][] signals = rec.readMillivolts(0, rec.availableFrames(), detectionLeads);

    long[] beats = config.beatsFrom().isEmpty() ? detect(signals, fs) : annotatedBeats(task, rec.availableFrames());
    float[][] windowLeads = Arrays.copyOf(signals, leads.indexes().size());
    String[] symbols = new String[beats.length];
    Arrays.fill(symbols, DETECTED);
    Segmentation seg = new BeatExtractor(config.extraction()).extract(windowLeads, fs, beats, symbols);
    float[] template = config.leads().recordTemplate() && !seg.beats().isEmpty() ? RecordTemplate.median(seg.beats()) : null;

    float[][] probabilities = classify(task.record(), seg, template, beats.length);
    List<Annotation> annotations = new ArrayList<>(beats.length);
    List<Row> rows = new ArrayList<>(beats.length);
    double[] times = new double[beats.length];
    AamiClass[] classes = new AamiClass[beats.length];
    long unclassified = 0;
    for (int i = 0; i < beats.length; i++) {
      float[] p = probabilities[i];
      AamiClass c = p == null ? AamiClass.Q : AamiClass.valueOf(spec.classes().get(argMax(p)));
      unclassified += p == null ? 1 : 0;
      String symbol = PredictedBeat.MIT_SYMBOL.get(c);
      annotations.add(Annotation.of(beats[i], AnnotationCode.ofMnemonic(symbol).orElseThrow().code()));
      times[i] = beats[i] / fs;
      classes[i] = c;
      rows.add(RowFactory.create(task.database(), task.record(), beats[i], times[i], c.name(), symbol, p));
    }
    RhythmSummary summary = RhythmSummary.of(task.record(), times, classes, config.minRunBeats());
    Annotations.write(output, task.record(), config.annotator(), annotations);
    if (config.writePlots()) {
      writePlot(task.record(), times, classes).ifPresent(warnings::add);
    }
    AnnotatedRecord annotated = new AnnotatedRecord(task.database(), task.record(), leads.names(), fs, beats.length,
        unclassified, summary, warnings);
    return new Outcome(task.database(), task.record(), annotated, rows, null);
  }

  /** Draws the record's tachogram; a picture that cannot be written is a warning, not a lost record. */
  private Optional<String> writePlot(String record, double[] times, AamiClass[] classes) {
    String name = record + ".png";
    try (OutputStream out = plots.create(name)) {
      out.write(RhythmChart.png(record + ": heart rate per beat, by class", times, classes));
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("Cannot write " + plots.describe(name) + ": " + RecordProcessor.reason(e));
    }
  }

  /** The window leads, then the record's other ECG leads: the detector fuses them all. */
  private static int[] detectionLeads(LeadSelector.Selection leads, List<String> signalNames) {
    List<Integer> idx = new ArrayList<>(leads.indexes());
    for (int i = 0; i < signalNames.size(); i++) {
      if (!idx.contains(i) && LeadSelector.isEcgLead(signalNames.get(i))) {
        idx.add(i);
      }
    }
    return idx.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The beats of an existing annotation file ({@code evaluation.annotate.beats-from}): its beat
   * annotations (the symbols of {@link AamiClass}) inside the record, in time order. With the
   * reference annotator this gives exactly the ETL's beats, so the model sees the ETL's windows.
   */
  private long[] annotatedBeats(Task task, long frames) {
    return Annotations.read(task.storage(), task.record(), config.beatsFrom()).stream()
        .filter(a -> AamiClass.ofSymbol(a.symbol()).isPresent() && a.sample() >= 0 && a.sample() < frames)
        .mapToLong(Annotation::sample)
        .sorted()
        .distinct()
        .toArray();
  }

  /** Beats of the whole record, detected chunk by chunk and merged without duplicates or gaps. */
  private long[] detect(float[][] signals, double fs) {
    QrsDetector detector = new QrsDetector(config.detector());
    List<long[]> kept = new ArrayList<>();
    for (QrsChunks.Chunk chunk : QrsChunks.plan(signals[0].length, fs, config.detectChunkS(), config.detectMarginS())) {
      float[][] part = new float[signals.length][];
      for (int l = 0; l < signals.length; l++) {
        part[l] = Arrays.copyOfRange(signals[l], (int) chunk.readFrom(), (int) chunk.readTo());
      }
      kept.add(QrsChunks.keep(chunk, detector.detect(part, fs, chunk.readFrom())));
    }
    return QrsChunks.merge(kept);
  }

  /**
   * Class probabilities per detected beat (null for a beat without a window): the record's beats
   * stream through the model in time order, so a sequence model sees its neighbours.
   */
  private float[][] classify(String record, Segmentation seg, float[] template, int detected) {
    float[][] out = new float[detected][];
    StreamingScorer<Beat> stream = scorer.get().stream(config.batchSize());
    List<StreamingScorer.Scored<Beat>> scored = new ArrayList<>(seg.beats().size());
    for (Beat b : seg.beats()) {
      float[] window = template == null ? b.window() : RecordTemplate.append(b.window(), template);
      scored.addAll(stream.add(record, b, window, rr(b.rr(), spec.rrFeatures())));
    }
    scored.addAll(stream.finish());
    for (StreamingScorer.Scored<Beat> s : scored) {
      out[s.beat().beatIndex()] = s.probabilities();
    }
    return out;
  }

  /** The RR features of a beat in the model's order (the dataset's column names, seconds). */
  static float[] rr(RrFeatures rr, List<String> names) {
    float[] v = new float[names.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) switch (names.get(k)) {
        case DatasetSchema.RR_PREV -> rr.prevS();
        case DatasetSchema.RR_NEXT -> rr.nextS();
        case DatasetSchema.RR_LOCAL -> rr.localS();
        case DatasetSchema.RR_MEAN -> rr.meanS();
        default -> throw new IllegalArgumentException("Cannot compute RR feature " + names.get(k) + " (known: "
            + KNOWN_RR + ")");
      };
    }
    return v;
  }

  /** The RR features the ETL computes, by their dataset column names. */
  static final List<String> KNOWN_RR =
      List.of(DatasetSchema.RR_PREV, DatasetSchema.RR_NEXT, DatasetSchema.RR_LOCAL, DatasetSchema.RR_MEAN);

  private static int argMax(float[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }
}
