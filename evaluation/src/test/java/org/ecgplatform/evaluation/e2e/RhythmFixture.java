package org.ecgplatform.evaluation.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.spark.SparkSchemas;

/**
 * A small beat dataset in the ETL's layout whose records are real rhythms in time order: beats
 * every RR interval, each with the ETL's RR columns, an ECG window ({@code MLII}) and the record's
 * template channel ({@code MLII:template}), so that a model can be trained on it in seconds and a
 * beat-sequence model sees genuine neighbours.
 *
 * <pre>
 * class  symbol  share  QRS                     P wave   RR before
 * N      N       76%    narrow, +1 mV           yes      0.80 s
 * S      A       14%    narrow, +1 mV           no       0.55 s (a third of them 0.76 s: S and N overlap)
 * V      V       10%    wide, -1.1 mV           no       0.60 s, compensatory pause after
 * </pre>
 *
 * Records {@code t1..t3} are the train split, {@code v1} the validation split, {@code r1..r4} the
 * test split; amplitudes and rates differ a little per record.
 */
final class RhythmFixture {
  static final String DATABASE = "rhythmdb";
  static final int FS_HZ = 128;
  static final int BEFORE = 24;
  static final int AFTER = 40;
  static final DatasetSchema SCHEMA = DatasetSchema.current(FS_HZ, BEFORE, AFTER, 2);
  static final List<String> LEADS = List.of("MLII", "MLII:template");
  /** Rate of the source records' sample numbers. */
  static final int SOURCE_HZ = 360;

  private RhythmFixture() {}

  /** Writes the dataset under {@code dir}. */
  static void write(SparkSession spark, Path dir, long seed) throws IOException {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int r = 1; r <= 3; r++) {
      record(rows, DatasetSchema.TRAIN, "t" + r, 100, rnd);
    }
    record(rows, DatasetSchema.VALIDATION, "v1", 50, rnd);
    for (int r = 1; r <= 4; r++) {
      record(rows, DatasetSchema.TEST, "r" + r, 50, rnd);
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(DatasetSchema.FILE_NAME), SCHEMA.toJson(), StandardCharsets.UTF_8);
    spark.createDataFrame(rows, SparkSchemas.structType(SCHEMA))
        .repartition(2)
        .write()
        .partitionBy(DatasetSchema.SPLIT, DatasetSchema.DATABASE)
        .parquet(dir.resolve(DatasetSchema.BEATS_DIR).toString());
  }

  private static void record(List<Row> rows, String split, String record, int beats, Random rnd) {
    double gain = 0.85 + 0.3 * rnd.nextDouble();
    double rate = 0.9 + 0.2 * rnd.nextDouble();
    AamiClass[] cls = new AamiClass[beats];
    double[] rrBefore = new double[beats + 1];
    for (int i = 0; i < beats; i++) {
      double u = rnd.nextDouble();
      cls[i] = i == 0 ? AamiClass.N : u < 0.76 ? AamiClass.N : u < 0.90 ? AamiClass.S : AamiClass.V;
      double base = switch (cls[i]) {
        case S -> rnd.nextDouble() < 0.33 ? 0.76 : 0.55;
        case V -> 0.60;
        default -> i > 0 && cls[i - 1] == AamiClass.V ? 1.0 : 0.80;
      };
      rrBefore[i] = rate * base + 0.03 * rnd.nextGaussian();
    }
    rrBefore[beats] = rate * 0.8;
    double[] time = new double[beats];
    time[0] = 1.0;
    for (int i = 1; i < beats; i++) {
      time[i] = time[i - 1] + rrBefore[i];
    }
    double mean = (time[beats - 1] - time[0]) / (beats - 1);
    float[] template = shape(AamiClass.N, gain, null);
    for (int i = 0; i < beats; i++) {
      double local = 0;
      int n = 0;
      for (int k = Math.max(1, i - 10); k <= i; k++) {
        local += rrBefore[k];
        n++;
      }
      float[] w = shape(cls[i], gain, rnd);
      List<Float> window = new ArrayList<>(2 * (BEFORE + AFTER));
      for (float v : w) {
        window.add(v);
      }
      for (float v : template) {
        window.add(v);
      }
      rows.add(RowFactory.create(DATABASE, record, record, split, Math.round(time[i] * SOURCE_HZ), time[i], FS_HZ, LEADS,
          cls[i] == AamiClass.S ? "A" : cls[i].symbols().get(0), cls[i].name(), cls[i].ordinal(),
          (float) (i == 0 ? mean : rrBefore[i]), (float) rrBefore[i + 1], (float) (n == 0 ? mean : local / n), (float) mean,
          window, DatasetSchema.NOT_AUGMENTED));
    }
  }

  /** One lead's window of a beat of class {@code c}; noise-free when {@code rnd} is null (the template). */
  private static float[] shape(AamiClass c, double gain, Random rnd) {
    int w = BEFORE + AFTER;
    float[] out = new float[w];
    double width = c == AamiClass.V ? 5.0 : 1.8;
    double amp = (c == AamiClass.V ? -1.1 : 1.0) * gain * (rnd == null ? 1 : 1 + 0.08 * rnd.nextGaussian());
    for (int i = 0; i < w; i++) {
      double t = i - BEFORE;
      double x = amp * Math.exp(-t * t / (2 * width * width));
      if (c == AamiClass.N) {
        double tp = t + 16;
        x += 0.15 * gain * Math.exp(-tp * tp / 12.0);
      }
      double tt = t - 22;
      x += (c == AamiClass.V ? -0.3 : 0.25) * gain * Math.exp(-tt * tt / 40.0);
      out[i] = (float) (x + (rnd == null ? 0 : 0.04 * rnd.nextGaussian()));
    }
    return out;
  }
}
