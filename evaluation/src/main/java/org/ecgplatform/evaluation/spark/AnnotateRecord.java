package org.ecgplatform.evaluation.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.LeadSelector;
import org.ecgplatform.etl.beats.RrFeatures;
import org.ecgplatform.etl.beats.WindowConfig;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.io.HadoopWfdbStorage;
import org.ecgplatform.etl.spark.RecordProcessor;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.AnnotationCode;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.evaluation.annotate.RecordLayout;
import org.ecgplatform.evaluation.metrics.RhythmSummary;
import org.ecgplatform.evaluation.report.AnnotatedRecord;
import org.ecgplatform.evaluation.report.RhythmChart;

/**
 * Executor side of the annotation job, per record: what is done once for a record before and after
 * its chunks ({@link AnnotateChunk}) are processed.
 *
 * <ol>
 *   <li>{@link #plan}: read the header, check the signal files ({@link
 *       RecordProcessor#checkSignalFiles}, per {@code etl.wfdb.checksum-mismatch}, streamed), choose
 *       the window leads ({@link RecordProcessor#selectLeads}, {@code etl.leads.*}) and the
 *       detection leads (the window leads first, then every other ECG lead), cut the record into
 *       chunks ({@link RecordLayout}); with {@code evaluation.annotate.beats-from}, read the beats
 *       of that annotation file instead of detecting them.
 *   <li>{@link #finish}: from the classes of every chunk's beats, in record order, write {@code
 *       <record>.<annotator>} in MIT format and the tachogram, and return the {@link RhythmSummary}.
 *       It holds the record's beats and classes, never samples: O(beats), a few MB for a 24-hour
 *       Holter's ~100,000 beats.
 * </ol>
 *
 * <p>Any failure of a record (unreadable files, no ECG lead, invalid samples) comes back as a
 * quarantine entry naming the reason; one bad record never fails the job.
 */
final class AnnotateRecord implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Columns of the beats Parquet. */
  static final StructType BEATS_SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("database", DataTypes.StringType, false),
      DataTypes.createStructField("record", DataTypes.StringType, false),
      DataTypes.createStructField("sample", DataTypes.LongType, false),
      DataTypes.createStructField("time_s", DataTypes.DoubleType, false),
      DataTypes.createStructField("class", DataTypes.StringType, false),
      DataTypes.createStructField("symbol", DataTypes.StringType, false),
      DataTypes.createStructField("probabilities", DataTypes.createArrayType(DataTypes.FloatType, false), true)));

  /** The RR features the ETL computes, by their dataset column names. */
  static final List<String> KNOWN_RR = DatasetSchema.rrColumns(true);

  /** One record to annotate. */
  record Task(String database, HadoopWfdbStorage storage, String record) implements Serializable {}

  /**
   * What {@link #plan} found out about a record; {@code reason} non-null when it is quarantined.
   *
   * @param leadNames the window leads
   * @param detectionLeads signal indexes read: the window leads first, then the other ECG leads
   * @param windowLeads how many of {@code detectionLeads} are window leads
   * @param annotatedBeats the beats of {@code evaluation.annotate.beats-from}, else null (detect them)
   */
  record Plan(Task task, double fsHz, List<String> leadNames, int[] detectionLeads, int windowLeads,
      List<String> warnings, RecordLayout layout, long[] annotatedBeats, String reason) implements Serializable {
    String record() {
      return task.record();
    }

    int[] windowLeadIndexes() {
      return java.util.Arrays.copyOf(detectionLeads, windowLeads);
    }

    /** This plan without {@code annotatedBeats}, for the chunk tasks (which get their own beats). */
    Plan withoutBeats() {
      return new Plan(task, fsHz, leadNames, detectionLeads, windowLeads, warnings, layout, null, reason);
    }

    static Plan quarantined(Task task, String reason) {
      return new Plan(task, 0, List.of(), new int[0], 0, List.of(), null, null, reason);
    }
  }

  /** What came of a record: {@code annotated}, or the {@code reason} it was quarantined. */
  record Outcome(String database, String record, AnnotatedRecord annotated, String reason) implements Serializable {}

  private final AnnotateConfig config;
  private final HadoopWfdbStorage output;
  private final HadoopWfdbStorage plots;

  /**
   * @param output where the annotation files go
   * @param plots where the tachograms go (with {@code evaluation.annotate.write-plots})
   */
  AnnotateRecord(AnnotateConfig config, HadoopWfdbStorage output, HadoopWfdbStorage plots) {
    this.config = config;
    this.output = output;
    this.plots = plots;
  }

  /** Plans one record; never throws for a bad record (it comes back quarantined). */
  Plan plan(Task task) {
    try {
      WfdbRecord rec = WfdbRecord.open(task.storage(), task.record());
      double fs = rec.header().fsHz();
      List<String> warnings = new ArrayList<>(RecordProcessor.checkSignalFiles(rec, config.checksumMismatch()));
      LeadSelector.Selection leads = RecordProcessor.selectLeads(rec, config.leads());
      int[] detectionLeads = detectionLeads(leads, rec.header().descriptions());
      long frames = rec.availableFrames();
      RecordLayout layout = RecordLayout.of(frames, fs, config.extraction(), config.detectChunkS(), config.detectMarginS());
      long[] annotated = config.beatsFrom().isEmpty() ? null : annotatedBeats(task, frames);
      return new Plan(task, fs, leads.names(), detectionLeads, leads.indexes().size(), warnings, layout, annotated, null);
    } catch (RuntimeException e) {
      return Plan.quarantined(task, RecordProcessor.reason(e));
    }
  }

  /**
   * Writes the record's annotation file and tachogram from its chunks' classes.
   *
   * @param chunks the scored chunks of the record, any order; none for a record without beats
   */
  Outcome finish(Plan plan, Iterable<AnnotateChunk.Scores> chunks) {
    Task task = plan.task();
    try {
      List<AnnotateChunk.Scores> ordered = new ArrayList<>();
      chunks.forEach(ordered::add);
      ordered.sort((a, b) -> Integer.compare(a.chunk(), b.chunk()));
      int n = ordered.stream().mapToInt(c -> c.samples().length).sum();
      // Primitive arrays (about 21 bytes a beat), not an object per beat: this task holds a whole record.
      long[] samples = new long[n];
      double[] times = new double[n];
      AamiClass[] classes = new AamiClass[n];
      long unclassified = 0;
      int i = 0;
      for (AnnotateChunk.Scores c : ordered) {
        unclassified += c.unclassified();
        for (int j = 0; j < c.samples().length; j++, i++) {
          classes[i] = AamiClass.values()[c.classes()[j]];
          samples[i] = c.samples()[j];
          times[i] = samples[i] / plan.fsHz();
        }
      }
      ordered.clear();
      List<String> warnings = new ArrayList<>(plan.warnings());
      RhythmSummary summary = RhythmSummary.of(task.record(), times, classes, config.minRunBeats());
      Annotations.write(output, task.record(), config.annotator(), new BeatAnnotations(samples, classes));
      if (config.writePlots()) {
        writePlot(task.record(), times, classes).ifPresent(warnings::add);
      }
      AnnotatedRecord annotated = new AnnotatedRecord(task.database(), task.record(), plan.leadNames(), plan.fsHz(), n,
          unclassified, summary, warnings);
      return new Outcome(task.database(), task.record(), annotated, null);
    } catch (RuntimeException e) {
      return new Outcome(task.database(), task.record(), null, RecordProcessor.reason(e));
    }
  }

  /** The beats as annotations, each made when the writer reads it. */
  private static final class BeatAnnotations extends AbstractList<Annotation> implements RandomAccess {
    private static final int[] CODES = codes();
    private final long[] samples;
    private final AamiClass[] classes;

    BeatAnnotations(long[] samples, AamiClass[] classes) {
      this.samples = samples;
      this.classes = classes;
    }

    @Override
    public Annotation get(int index) {
      return Annotation.of(samples[index], CODES[classes[index].ordinal()]);
    }

    @Override
    public int size() {
      return samples.length;
    }

    private static int[] codes() {
      int[] codes = new int[AamiClass.values().length];
      for (AamiClass c : AamiClass.values()) {
        codes[c.ordinal()] = AnnotationCode.ofMnemonic(PredictedBeat.MIT_SYMBOL.get(c)).orElseThrow().code();
      }
      return codes;
    }
  }

  /** Draws the record's tachogram; a picture that cannot be written is a warning, not a lost record. */
  private Optional<String> writePlot(String record, double[] times, AamiClass[] classes) {
    String name = record + ".png";
    try (OutputStream out = plots.create(name)) {
      out.write(RhythmChart.png(record + ": heart rate per beat and beats per hour, by class", times, classes));
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

  /** The RR features of every beat in the model's order (the dataset's column names, seconds), as the ETL computes them. */
  static float[][] rr(long[] beats, double fsHz, WindowConfig window, List<String> names) {
    RrFeatures[] all = RrFeatures.compute(beats, fsHz, window.localRrIntervals(), window.longRrIntervals());
    float[][] out = new float[all.length][];
    for (int i = 0; i < all.length; i++) {
      out[i] = rr(all[i], names);
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
        case DatasetSchema.RR_LONG -> rr.longS();
        default -> throw new IllegalArgumentException("Cannot compute RR feature " + names.get(k) + " (known: "
            + KNOWN_RR + ")");
      };
    }
    return v;
  }
}
