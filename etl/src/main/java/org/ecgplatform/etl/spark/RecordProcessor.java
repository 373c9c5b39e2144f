package org.ecgplatform.etl.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ecgplatform.etl.beats.Augmenter;
import org.ecgplatform.etl.beats.Beat;
import org.ecgplatform.etl.beats.BeatExtractor;
import org.ecgplatform.etl.beats.LeadSelector;
import org.ecgplatform.etl.beats.NoiseSource;
import org.ecgplatform.etl.beats.RecordTemplate;
import org.ecgplatform.etl.beats.Segmentation;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.etl.io.HadoopWfdbStorage;
import org.ecgplatform.etl.signal.Resampler;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.ChecksumResult;
import org.ecgplatform.etl.wfdb.SignalSpec;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.etl.wfdb.WfdbStorage;

/**
 * Executor side of the ETL: one record in, its beat rows and accounting out. It only composes the
 * pure stages (WFDB reader, {@link LeadSelector}, {@link BeatExtractor}, {@link Augmenter}); any
 * failure of a record is caught here and turned into a quarantine entry naming the reason, so one
 * bad record never fails the job.
 */
public final class RecordProcessor implements Serializable {
  private static final long serialVersionUID = 1L;
  /** NSTDB noise, decoded once per executor JVM. */
  private static final Map<String, List<NoiseSource>> NOISE_CACHE = new ConcurrentHashMap<>();

  private final EtlConfig config;
  private final DatasetSchema schema;
  /** Whether the rows end with {@link DatasetSchema#RR_LONG}. */
  private final boolean longRr;
  private final HadoopFiles.SerializableConf conf;

  public RecordProcessor(EtlConfig config, DatasetSchema schema, HadoopFiles.SerializableConf conf) {
    this.config = config;
    this.schema = schema;
    this.longRr = schema.rrFeatures().contains(DatasetSchema.RR_LONG);
    this.conf = conf;
  }

  /** Processes one record; never throws for a bad record (it is returned as rejected). */
  public RecordResult process(RecordTask task) {
    Map<String, Long> millis = new LinkedHashMap<>();
    long t = System.nanoTime();
    try {
      WfdbStorage storage = new HadoopWfdbStorage(conf.get(), URI.create(task.databaseUri()));
      WfdbRecord rec = WfdbRecord.open(storage, task.record());
      LeadSelector.Selection leads = selectLeads(rec, config);
      int[] idx = leads.indexes().stream().mapToInt(Integer::intValue).toArray();
      List<String> warnings = checkSignalFiles(rec, config.checksumMismatch());
      float[][] signals = rec.readMillivolts(0, rec.availableFrames(), idx);
      List<Annotation> anns = Annotations.read(storage, task.record(), config.annotator());
      millis.put("read", elapsed(t));

      long t1 = System.nanoTime();
      long[] samples = new long[anns.size()];
      String[] symbols = new String[anns.size()];
      for (int i = 0; i < anns.size(); i++) {
        samples[i] = anns.get(i).sample();
        symbols[i] = anns.get(i).symbol();
      }
      double fsIn = rec.header().fsHz();
      Segmentation seg = new BeatExtractor(config.extraction()).extract(signals, fsIn, samples, symbols);
      millis.put("clean-resample-segment", elapsed(t1));

      long t2 = System.nanoTime();
      String[] leadNames = channelNames(leads.names());
      float[] template = config.recordTemplate() && !seg.beats().isEmpty()
          ? RecordTemplate.median(seg.beats(), config.templateBeats())
          : null;
      List<Row> rows = new ArrayList<>(seg.beats().size());
      Map<String, Long> classCounts = new LinkedHashMap<>();
      Map<String, Long> augCounts = new LinkedHashMap<>();
      Augmenter augmenter = augmenterFor(task);
      for (Beat b : seg.beats()) {
        rows.add(row(task, b, fsIn, leadNames, b.window(), template, DatasetSchema.NOT_AUGMENTED));
        classCounts.merge(b.aamiClass().name(), 1L, Long::sum);
        if (augmenter != null) {
          for (Augmenter.AugmentedWindow a :
              augmenter.augment(task.record(), b.sourceSample(), b.aamiClass(), b.window(), b.leadCount())) {
            rows.add(row(task, b, fsIn, leadNames, a.window(), template, a.description()));
            augCounts.merge(b.aamiClass().name(), 1L, Long::sum);
          }
        }
      }
      millis.put("augment-and-rows", elapsed(t2));
      Segmentation.Counts n = seg.counts();
      RecordStats stats = new RecordStats(task.database(), task.record(), task.split(), true, null,
          headerSha256(storage, task.record()), inputBytes(storage, rec), fsIn, String.join(",", leadNames),
          n.beatsIn(), n.nonBeatIgnored(), n.windowsOut(), n.skippedAtEdges(),
          augCounts.values().stream().mapToLong(Long::longValue).sum(), classCounts, augCounts, millis, warnings);
      return new RecordResult(stats, rows);
    } catch (RuntimeException | IOException e) {
      millis.put("failed", elapsed(t));
      return new RecordResult(RecordStats.rejected(task, reason(e), millis), List.of());
    }
  }

  /**
   * The leads of a record that go into its windows ({@code etl.leads.*}): the ETL and the
   * annotation job choose them here.
   *
   * @throws org.ecgplatform.common.EcgPlatformException when the record has no ECG lead
   * @throws IllegalArgumentException when two leads are configured and the record has one
   */
  public static LeadSelector.Selection selectLeads(WfdbRecord rec, EtlConfig.Leads config) {
    LeadSelector.Selection leads = new LeadSelector(config.preference()).select(rec.name(), rec.header().descriptions());
    if (config.leadCount() == 2 && leads.indexes().size() < 2) {
      throw new IllegalArgumentException("only one ECG lead (" + leads.names() + "), but etl.leads.second=true");
    }
    return leads;
  }

  private static LeadSelector.Selection selectLeads(WfdbRecord rec, EtlConfig config) {
    return selectLeads(rec, config.leadSettings());
  }

  /**
   * The WFDB library's check of the signal files against the header (only where the header lets
   * it check, see {@link ChecksumResult}): under {@code quarantine} a failure rejects the record
   * (an exception whose message is the reason), under {@code warn} it comes back as a warning and
   * the record is read as far as its files go. Shared by the ETL and the annotation job.
   */
  public static List<String> checkSignalFiles(WfdbRecord rec, EtlConfig.ChecksumMismatch policy) {
    List<String> warnings = new ArrayList<>();
    for (ChecksumResult c : rec.verifyChecksums()) {
      if (c.ok()) {
        continue;
      }
      if (policy == EtlConfig.ChecksumMismatch.QUARANTINE) {
        throw new IllegalArgumentException("Cannot trust the signal file: " + c.problem() + " (the file is corrupt,"
            + " truncated or does not belong to this header; " + EtlConfig.CHECKSUM_MISMATCH_KEY
            + "=warn keeps such records)");
      }
      warnings.add(c.problem());
    }
    return warnings;
  }

  private String[] channelNames(List<String> leads) {
    List<String> names = new ArrayList<>(leads);
    if (config.recordTemplate()) {
      for (String l : leads) {
        names.add(DatasetSchema.templateChannel(l));
      }
    }
    return names.toArray(new String[0]);
  }

  private Row row(RecordTask task, Beat b, double fsIn, String[] leads, float[] beatWindow, float[] template,
      String augmentation) {
    float[] window = template == null ? beatWindow : RecordTemplate.append(beatWindow, template);
    Object[] values = {
        task.database(), task.record(), task.patient(), task.split(),
        b.sourceSample(), b.sourceSample() / fsIn, schema.fsHz(), leads,
        b.symbol(), b.aamiClass().name(), b.aamiClass().ordinal(),
        (float) b.rr().prevS(), (float) b.rr().nextS(), (float) b.rr().localS(), (float) b.rr().meanS(),
        window, augmentation};
    if (longRr) {
      values = java.util.Arrays.copyOf(values, values.length + 1);
      values[values.length - 1] = (float) b.rr().longS();
    }
    return RowFactory.create(values);
  }

  /** The augmenter for training records (null for other splits or when augmentation is off). */
  private Augmenter augmenterFor(RecordTask task) {
    if (!config.augment() || !DatasetSchema.TRAIN.equals(task.split())) {
      return null;
    }
    List<NoiseSource> noise = config.nstdbDir() == null ? List.of()
        : NOISE_CACHE.computeIfAbsent(config.nstdbDir() + "@" + schema.fsHz(), k -> loadNoise());
    return new Augmenter(config.augmentation(), schema.fsHz(), noise);
  }

  /** The NSTDB noise records bw, em and ma, both channels, in mV at the target rate. */
  private List<NoiseSource> loadNoise() {
    URI dir = URI.create(HadoopFiles.qualify(config.nstdbDir(), conf.get()));
    WfdbStorage storage = new HadoopWfdbStorage(conf.get(), dir);
    List<NoiseSource> out = new ArrayList<>();
    for (String name : List.of("bw", "em", "ma")) {
      WfdbRecord rec = WfdbRecord.open(storage, name);
      float[][] ch = rec.readMillivolts(0, rec.availableFrames());
      int fsIn = (int) Math.round(rec.header().fsHz());
      for (int j = 0; j < ch.length; j++) {
        if (fsIn != schema.fsHz()) {
          ch[j] = new Resampler(fsIn, config.extraction().resampling()).resample(ch[j]);
        }
      }
      out.add(new NoiseSource(name, ch));
    }
    return out;
  }

  private static String headerSha256(WfdbStorage storage, String record) throws IOException {
    String name = record + ".hea";
    try (WfdbStorage.Input in = storage.open(name)) {
      // The header was already opened (and its size checked) by WfdbRecord.open.
      byte[] header = in.readFully((int) in.size());
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(header));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private long inputBytes(WfdbStorage storage, WfdbRecord rec) throws IOException {
    long total = storage.size(rec.name() + ".hea");
    java.util.Set<String> files = new java.util.TreeSet<>();
    for (SignalSpec s : rec.header().signals()) {
      if (s.hasFile()) {
        files.add(s.fileName());
      }
    }
    files.add(rec.name() + "." + config.annotator());
    for (String f : files) {
      if (storage.exists(f)) {
        total += storage.size(f);
      }
    }
    return total;
  }

  /** The quarantine reason of a failure: its message on one line (the class name when it has none). */
  public static String reason(Throwable e) {
    String m = e.getMessage();
    String r = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    return r.replace('\n', ' ');
  }

  private static long elapsed(long t) {
    return (System.nanoTime() - t) / 1_000_000;
  }
}
