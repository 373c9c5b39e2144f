package org.ecgplatform.etl.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.signal.Resampler;
import org.ecgplatform.etl.signal.ResamplingConfig;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.etl.wfdb.SignalDefinition;
import org.ecgplatform.etl.wfdb.SignalFormat;
import org.ecgplatform.etl.wfdb.SignalSpec;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.etl.wfdb.WfdbWriter;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ETL checks signal files against their headers only where the WFDB library does: records
 * with header length 0 (as PhysioNet's {@code xform} writes them) in every signal format go
 * through; a real checksum mismatch is quarantined or, with {@code etl.wfdb.checksum-mismatch=warn},
 * kept with a warning. The records are built at test time from the first minute of mitdb 100.
 */
@ExtendWith(SharedSpark.class)
class EtlChecksumTest {
  private static final int FRAMES = 60 * 360;

  @TempDir Path tmp;

  private static WfdbRecord mitdb100() {
    return WfdbRecord.open(new LocalWfdbStorage(TestData.require("mitdb")), "100");
  }

  /** The beat annotations of mitdb 100 before {@code frames}, positions mapped by {@code map}. */
  private static List<Annotation> annotations(long frames, java.util.function.LongUnaryOperator map) {
    List<Annotation> out = new ArrayList<>();
    for (Annotation a : Annotations.read(new LocalWfdbStorage(TestData.require("mitdb")), "100", "atr")) {
      if (a.sample() < frames) {
        out.add(new Annotation(map.applyAsLong(a.sample()), a.code(), a.symbol(), a.subtype(), a.chan(), a.num(), a.aux()));
      }
    }
    return out;
  }

  /** Rewrites a header as xform leaves it: no length on the record line, every checksum 0. */
  private static void lengthZero(Path hea) throws IOException {
    List<String> lines = Files.readAllLines(hea);
    List<String> out = new ArrayList<>();
    String[] recordLine = lines.get(0).split(" ");
    recordLine[3] = "0";
    out.add(String.join(" ", recordLine));
    for (String line : lines.subList(1, lines.size())) {
      out.add(line.replaceFirst("^((?:\\S+ ){6})\\S+", "$10"));
    }
    Files.write(hea, out);
  }

  /**
   * Record {@code name}: mitdb 100's first minute in {@code format}, values relative to its
   * baseline and divided by the smallest factor that fits the format; returns that factor.
   */
  private static int reencode(LocalWfdbStorage db, String name, SignalFormat format, double fsHz, int[][] digital,
      List<Annotation> anns) {
    int maxAbs = 0;
    for (int[] s : digital) {
      for (int v : s) {
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
    }
    int divisor = format == SignalFormat.FMT_8 ? 1
        : (int) Math.max(1, (maxAbs + (long) format.maxValue() - 1) / format.maxValue());
    List<SignalDefinition> defs = new ArrayList<>();
    int[][] scaled = new int[digital.length][];
    for (int s = 0; s < digital.length; s++) {
      SignalSpec spec = mitdb100().header().signals().get(s);
      defs.add(new SignalDefinition(spec.description(), spec.adcGain() / divisor, 0, "mV", format.bitsPerSample(), 0));
      scaled[s] = new int[digital[s].length];
      for (int i = 0; i < scaled[s].length; i++) {
        scaled[s][i] = Math.round(digital[s][i] / (float) divisor);
      }
    }
    WfdbWriter.write(db, name, fsHz, format, defs, scaled);
    Annotations.write(db, name, "atr", anns);
    return divisor;
  }

  private static EtlConfig config(Path input, Path output, String... extra) {
    List<String> o = new ArrayList<>(List.of("etl.inputs=[\"" + input + "\"]", "etl.output=\"" + output + "\"",
        "etl.augment.enabled=false"));
    o.addAll(List.of(extra));
    return EtlConfig.from(ConfigLoader.load(null, o, "etl"));
  }

  /** Each record's original-beat windows, in sample order. */
  private static Map<String, List<List<Float>>> windows(SparkSession spark, Path out) {
    Map<String, List<List<Float>>> byRecord = new TreeMap<>();
    for (Row r : spark.read().parquet(out.resolve(DatasetSchema.BEATS_DIR).toString())
        .filter(col(DatasetSchema.AUGMENTATION).equalTo(DatasetSchema.NOT_AUGMENTED))
        .orderBy(DatasetSchema.RECORD, DatasetSchema.SAMPLE).collectAsList()) {
      byRecord.computeIfAbsent(r.getAs(DatasetSchema.RECORD), k -> new ArrayList<>())
          .add(r.getList(r.fieldIndex(DatasetSchema.WINDOW)));
    }
    return byRecord;
  }

  @Test
  void recordsWithHeaderLength0InEveryFormatGoThroughTheEtl(SparkSession spark) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("xform"));
    LocalWfdbStorage db = new LocalWfdbStorage(in);
    WfdbRecord source = mitdb100();
    int[][] digital = source.readDigital(0, FRAMES);
    for (int s = 0; s < digital.length; s++) {
      int baseline = source.header().signals().get(s).baseline();
      for (int i = 0; i < FRAMES; i++) {
        digital[s][i] -= baseline;
      }
    }
    List<Annotation> anns = annotations(FRAMES, k -> k);
    // The reference: format 212 with its length and checksums, as WFDB writes a record.
    reencode(db, "ref", SignalFormat.FMT_212, 360, digital, anns);
    List<String> records = new ArrayList<>();
    List<String> lossless = new ArrayList<>();
    for (SignalFormat format : SignalFormat.values()) {
      if (format.isWritable()) {
        String name = "f" + format.code();
        if (reencode(db, name, format, 360, digital, anns) == 1) {
          lossless.add(name);
        }
        lengthZero(in.resolve(name + ".hea"));
        records.add(name);
      }
    }
    // Another rate, as 'xform -F 250' writes it: samples and annotations moved to 250 Hz.
    Resampler to250 = new Resampler(360, ResamplingConfig.to(250));
    int[][] at250 = new int[digital.length][];
    for (int s = 0; s < digital.length; s++) {
      double[] x = new double[FRAMES];
      for (int i = 0; i < FRAMES; i++) {
        x[i] = digital[s][i];
      }
      at250[s] = java.util.Arrays.stream(to250.resample(x)).mapToInt(v -> (int) Math.round(v)).toArray();
    }
    reencode(db, "r250", SignalFormat.FMT_16, 250, at250, annotations(FRAMES, to250::mapSample));
    lengthZero(in.resolve("r250.hea"));
    records.add("r250");
    // FLAC (the writer writes none): the corpus's FLAC files, as WFDB wrote them, with beats every 0.75 s.
    Path corpus = TestData.require("wfdb-formats");
    WfdbRecord flac = WfdbRecord.open(new LocalWfdbStorage(corpus), "flacformats");
    for (SignalSpec spec : flac.header().signals()) {
      String name = "flac" + spec.format().code();
      Files.copy(corpus.resolve(spec.fileName()), in.resolve(name + ".dat"));
      Files.writeString(in.resolve(name + ".hea"), name + " 1 200 0\n" + name + ".dat " + spec.format().code()
          + " 200/mV " + spec.adcResolution() + " 0 " + spec.initValue() + " 0 0 MLII\n");
      Annotations.write(db, name, "atr", List.of(Annotation.of(100, 1), Annotation.of(250, 1), Annotation.of(400, 1)));
      records.add(name);
    }
    Path out = tmp.resolve("ds");

    EtlResult result = EtlJob.run(spark, config(in, out));

    assertThat(result.rejected()).isEmpty();
    assertThat(result.recordStats()).extracting(RecordStats::record).containsAll(records).contains("ref");
    assertThat(result.recordStats()).allSatisfy(s -> {
      assertThat(s.ok()).as(s.record()).isTrue();
      assertThat(s.warnings()).as(s.record()).isEmpty();
      assertThat(s.windowsWritten()).as(s.record()).isPositive();
      assertThat(s.windowsWritten() + s.skippedAtEdges()).as(s.record()).isEqualTo(s.beatAnnotations());
    });
    Map<String, List<List<Float>>> windows = windows(spark, out);
    int refBeats = windows.get("ref").size();
    assertThat(refBeats).isGreaterThan(60);
    // Lossless re-encodings give the very same windows; the others (8-bit format 80 keeps a
    // quarter of the resolution) and the 250 Hz copy the same beats.
    assertThat(lossless).contains("f8", "f16", "f24", "f32", "f61", "f160", "f212");
    for (String r : records) {
      if (lossless.contains(r)) {
        assertThat(windows.get(r)).as(r).isEqualTo(windows.get("ref"));
      } else if (!r.startsWith("flac")) {
        assertThat(windows.get(r)).as(r).hasSize(refBeats);
      }
    }
    assertThat(windows.keySet()).contains("flac508", "flac516", "flac524");
  }

  /** Record 'bad': mitdb 100's first minute in format 212 with its checksums, one sample changed. */
  private Path badRecord() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("corrupt"));
    LocalWfdbStorage db = new LocalWfdbStorage(in);
    WfdbRecord source = mitdb100();
    int[][] digital = source.readDigital(0, FRAMES);
    List<SignalDefinition> defs = source.header().signals().stream().map(SignalDefinition::of).toList();
    WfdbWriter.write(db, "bad", 360, SignalFormat.FMT_212, defs, digital);
    Annotations.write(db, "bad", "atr", annotations(FRAMES, k -> k));
    byte[] dat = Files.readAllBytes(in.resolve("bad.dat"));
    dat[3000] ^= 0x04; // sample 2000: frame 1000, signal 0
    Files.write(in.resolve("bad.dat"), dat);
    // A good record beside it, so that the job has something to write under both policies.
    WfdbWriter.write(db, "good", 360, SignalFormat.FMT_212, defs, digital);
    Annotations.write(db, "good", "atr", annotations(FRAMES, k -> k));
    return in;
  }

  @Test
  void aRealMismatchIsQuarantinedByDefault(SparkSession spark) throws IOException {
    Path in = badRecord();
    Path out = tmp.resolve("q");

    EtlResult result = EtlJob.run(spark, config(in, out));

    assertThat(result.recordsOk()).isEqualTo(1);
    assertThat(result.rejected()).singleElement().satisfies(s -> {
      assertThat(s.record()).isEqualTo("bad");
      assertThat(s.reason()).startsWith("Cannot trust the signal file: signal 0 (MLII) of record bad: checksum ")
          .contains("of the file bad.dat differs from the header's").contains("etl.wfdb.checksum-mismatch=warn");
    });
    assertThat(Files.readString(out.resolve(DatasetSchema.REJECTS_FILE))).contains("corrupt,bad,");
  }

  @Test
  void aRealMismatchIsKeptWithAWarningUnderWarn(SparkSession spark) throws IOException {
    Path in = badRecord();
    Path out = tmp.resolve("w");

    EtlResult result = EtlJob.run(spark, config(in, out, "etl.wfdb.checksum-mismatch=warn"));

    assertThat(result.rejected()).isEmpty();
    RecordStats bad = result.recordStats().stream().filter(s -> s.record().equals("bad")).findFirst().orElseThrow();
    assertThat(bad.ok()).isTrue();
    assertThat(bad.windowsWritten()).isPositive();
    assertThat(bad.warnings()).singleElement().asString()
        .startsWith("signal 0 (MLII) of record bad: checksum ").contains("bad.dat");
    JsonNode manifest = new ObjectMapper().readTree(out.resolve(DatasetSchema.MANIFEST_FILE).toFile());
    assertThat(manifest.get("warnings")).hasSize(1);
    assertThat(manifest.get("warnings").get(0).get("record").asText()).isEqualTo("bad");
    assertThat(manifest.get("warnings").get(0).get("warning").asText()).isEqualTo(bad.warnings().get(0));
    assertThat(manifest.get("config").get("wfdb").get("checksum-mismatch").asText()).isEqualTo("warn");
    assertThat(windows(spark, out).get("bad")).hasSameSizeAs(windows(spark, out).get("good"));
  }
}
