package org.ecgplatform.evaluation.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.evaluation.spark.EvaluateConfig;
import org.ecgplatform.evaluation.spark.EvaluateJob;
import org.ecgplatform.evaluation.spark.EvaluateResult;
import org.ecgplatform.evaluation.spark.FixtureDataset;
import org.ecgplatform.evaluation.spark.LabelEchoScorerFactory;
import org.ecgplatform.evaluation.spark.ScorerSpec;
import org.ecgplatform.testing.SharedSpark;

/**
 * Throughput of the evaluation job on {@code local[2]} with a trivial scorer (the label-echo test
 * scorer), so the figure is the platform's own cost per beat: reading Parquet windows, batching,
 * writing predictions, counting, reports. A real model's inference cost adds to it.
 *
 * <p>Beats: {@code -Dbeats=50000} (default), one lead, 90 + 166 samples at 360 Hz (MIT-BIH-like
 * windows). Prints the figures and writes them to {@code evaluation/target/bench/evaluate.txt}.
 * Not a test (name does not match surefire's pattern); run with {@code main}.
 */
public final class EvaluateBenchmark {
  private EvaluateBenchmark() {}

  public static void main(String[] args) throws IOException {
    int beats = Integer.getInteger("beats", 50_000);
    int runs = Integer.getInteger("runs", 3);
    DatasetSchema schema = DatasetSchema.current(360, 90, 166, 1);
    Path work = Files.createTempDirectory("ecg-eval-bench");
    SparkSession spark = SharedSpark.newSession("EvaluateBenchmark");
    StringBuilder report = new StringBuilder();
    try {
      Path ds = work.resolve("dataset");
      writeDataset(spark, ds, schema, beats);
      String model = FixtureDataset.writeModel(work.resolve("models"), "trivial", ScorerSpec.of(schema), 10);
      report.append(String.format(Locale.ROOT, "EvaluateBenchmark: %d beats, window %d floats, local[2], trivial scorer%n", beats, schema.windowLength()));
      for (int i = 0; i <= runs; i++) {
        EvaluateConfig c = EvaluateConfig.defaults(model, ds.toUri().toString(), work.resolve("runs/" + i).toUri().toString(), null);
        EvaluateResult r = EvaluateJob.run(spark, c, new LabelEchoScorerFactory(), new org.ecgplatform.evaluation.spark.CsvAnnotationSink());
        String line = String.format(Locale.ROOT, "%s run %d: scoring+predictions write %.2f s = %.0f beats/s; whole job %.2f s = %.0f beats/s%n",
            i == 0 ? "warm-up" : "measured", i, r.scoringSeconds(), r.beats() / r.scoringSeconds(), r.totalSeconds(), r.beats() / r.totalSeconds());
        System.out.print(line);
        report.append(line);
      }
    } finally {
      spark.stop();
    }
    Path out = Paths.get("target", "bench");
    if (Files.isDirectory(Paths.get("evaluation", "target"))) {
      out = Paths.get("evaluation", "target", "bench");
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("evaluate.txt"), report.toString(), StandardCharsets.UTF_8);
    System.out.println("written to " + out.resolve("evaluate.txt").toAbsolutePath());
  }

  /** Generates the beats on the executors (nothing large passes through the driver). */
  private static void writeDataset(SparkSession spark, Path dir, DatasetSchema schema, int beats) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(DatasetSchema.FILE_NAME), schema.toJson(), StandardCharsets.UTF_8);
    int windowLength = schema.windowLength();
    int records = 20;
    // createDataFrame(JavaRDD<Row>) encodes arrays as Scala Seq, hence the converters below.
    JavaRDD<Row> rows = spark.range(beats).toJavaRDD().map(id -> {
      long i = id;
      int label = new int[] {0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 2, 0, 4}[(int) (i % 15)];
      List<Float> w = new ArrayList<>(windowLength);
      w.add((float) label);
      w.add((float) (i + 1));
      for (int k = 2; k < windowLength; k++) {
        w.add((float) Math.sin(k * 0.05 + i));
      }
      String record = Integer.toString(100 + (int) (i % records));
      long sample = 100 + 300 * (i / records);
      AamiClass c = AamiClass.ofIndex(label);
      return RowFactory.create("mitdb", record, "p" + record, "test", sample, sample / 360.0, 360, scala.collection.JavaConverters.asScalaBuffer(List.of("MLII")), c.symbols().get(0), c.name(),
          label, 0.8f, 0.8f, 0.8f, 0.8f, scala.collection.JavaConverters.asScalaBuffer(w), DatasetSchema.NOT_AUGMENTED);
    });
    spark.createDataFrame(rows, FixtureDataset.sparkSchemaOf(schema))
        .write()
        .partitionBy(DatasetSchema.SPLIT, DatasetSchema.DATABASE)
        .parquet(dir.resolve(DatasetSchema.BEATS_DIR).toString());
  }
}
