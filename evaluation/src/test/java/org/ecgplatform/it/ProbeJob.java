package org.ecgplatform.it;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * A small Spark job for the cluster tests: reads {@code record,symbol} lines, labels each beat
 * symbol with its AAMI class and notes which executor JVM did it. Its tasks need two jars on the
 * executors: this class (shipped in a jar the test builds) and {@link AamiClass} (shipped in the
 * ETL job jar), so a job that runs proves that what {@code spark.jars} ships reaches every
 * executor, and that the executors read and write HDFS.
 */
public final class ProbeJob {
  /** Columns of {@link #label}: the input, the AAMI class and where it was computed. */
  public static final StructType SCHEMA = new StructType()
      .add("record", DataTypes.StringType, false)
      .add("symbol", DataTypes.StringType, false)
      .add("aami", DataTypes.StringType, true)
      .add("executorPid", DataTypes.LongType, false)
      .add("executorDir", DataTypes.StringType, false);

  private ProbeJob() {}

  /**
   * Labels every line of the text files under {@code inputUri} (one partition per file).
   *
   * @param taskDelayMs sleep per partition, so a test can act while tasks are still running
   */
  public static Dataset<Row> label(SparkSession spark, String inputUri, long taskDelayMs) {
    // Hadoop's text input: one split, hence one task, per small file.
    JavaRDD<String> lines = JavaSparkContext.fromSparkContext(spark.sparkContext()).textFile(inputUri);
    JavaRDD<Row> rows = lines.mapPartitions(it -> {
      long pid = ProcessHandle.current().pid();
      // Standalone executors run in <worker-work-dir>/<app-id>/<executor-id>.
      String dir = System.getProperty("user.dir");
      List<Row> out = new ArrayList<>();
      while (it.hasNext()) {
        String[] f = it.next().split(",", 2);
        String aami = AamiClass.ofSymbol(f[1]).map(Enum::name).orElse(null);
        out.add(RowFactory.create(f[0], f[1], aami, pid, dir));
      }
      if (taskDelayMs > 0) {
        Thread.sleep(taskDelayMs);
      }
      return out.iterator();
    });
    return spark.createDataFrame(rows, SCHEMA);
  }
}
