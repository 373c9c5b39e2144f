package org.ecgplatform.etl.spark;

import com.typesafe.config.Config;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the job's {@link SparkSession}. Under {@code spark-submit} the master and properties come
 * from spark-submit; on embedded Spark (the README's local run) they come from the {@code spark}
 * block of the configuration. Nothing is hard-coded here.
 */
public final class Sessions {
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

  private Sessions() {}

  public static SparkSession create(String appName, Config config) {
    SparkConf submitted = new SparkConf(true);
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (!submitted.contains("spark.master")) {
      String master = config.getString("spark.master");
      b.master(master);
      LOG.info("Embedded Spark, master {}", master);
      if (master.startsWith("local")) {
        // Embedded runs bind to loopback and need no UI.
        b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false");
      }
    }
    if (!submitted.contains("spark.executorEnv.OMP_NUM_THREADS")) {
      // ND4J threads per Spark task on the executors (the driver's come from the launcher's environment).
      b.config("spark.executorEnv.OMP_NUM_THREADS", config.getString("spark.nd4j.omp-threads"));
    }
    Config extra = config.getConfig("spark.conf");
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : extra.entrySet()) {
      String key = e.getKey().replace("\"", "");
      if (!submitted.contains(key)) {
        b.config(key, String.valueOf(e.getValue().unwrapped()));
      }
    }
    return b.getOrCreate();
  }
}
