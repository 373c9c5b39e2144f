package org.ecgplatform.evaluation.bench;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.evaluation.spark.EvaluateConfig;
import org.ecgplatform.evaluation.spark.EvaluateJob;
import org.ecgplatform.evaluation.spark.EvaluateResult;
import org.ecgplatform.testing.BenchResult;
import org.ecgplatform.testing.SharedSpark;

/**
 * The evaluation row of {@code submit-scripts/benchmark-throughput.sh}: the evaluation job
 * ({@link EvaluateJob}, real model, local[2]) on one split of a dataset; the figure is the job's own
 * scoring rate (beats / scoring seconds: Parquet read, batching, inference, predictions write). The
 * job runs {@code --runs} times in this JVM (default 2) and the last run is reported, so that JIT
 * and native warm-up are not counted. The result file adds the run's {@code network_seconds} (task
 * time in the model's calls, summed over the two task threads), {@code beats_computed} (context
 * beats included) and {@code network_beats_per_s} (scored beats per network second, one thread's
 * rate), so that the network's share of the job's time shows. Not a test.
 *
 * <pre>
 * ScoringThroughputRun --model DIR --dataset URI --work DIR --result FILE [--runs 2] [evaluation.key=value ...]
 * </pre>
 */
public final class ScoringThroughputRun {
  private ScoringThroughputRun() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = new LinkedHashMap<>();
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i].substring(2), args[++i]);
      } else if (args[i].contains("=")) {
        overrides.add(args[i]);
      } else {
        throw new IllegalArgumentException("Cannot run ScoringThroughputRun: unexpected argument '" + args[i] + "'");
      }
    }
    for (String k : List.of("model", "dataset", "work", "result")) {
      if (!opts.containsKey(k)) {
        throw new IllegalArgumentException("Cannot run ScoringThroughputRun: --" + k + " is required");
      }
    }
    int runs = Integer.parseInt(opts.getOrDefault("runs", "2"));
    Path work = Path.of(opts.get("work"));
    SparkSession spark = SharedSpark.newSession("ScoringThroughputRun");
    EvaluateResult last = null;
    try {
      for (int i = 1; i <= runs; i++) {
        EvaluateConfig c = EvaluateConfig.from(
            ConfigFactory.parseString(String.join("\n", overrides)).withFallback(ConfigFactory.defaultReference()).resolve(),
            opts.get("model"), opts.get("dataset"), work.resolve("run-" + i).toUri().toString(), null);
        last = EvaluateJob.run(spark, c);
        System.out.printf(Locale.ROOT, "run %d: %d beats scored in %.2f s = %.0f beats/s (batch %d); network calls %.2f s"
            + " of task time, %d beats computed%n", i, last.metrics().beats(), last.scoringSeconds(),
            last.metrics().beats() / last.scoringSeconds(), c.batchSize(), last.networkSeconds(), last.beatsComputed());
      }
    } finally {
      spark.stop();
    }
    System.out.print(BenchResult.write(Path.of(opts.get("result")), last.metrics().beats(), last.scoringSeconds(), "",
        "runs=" + runs + " " + String.join(" ", overrides),
        String.format(Locale.ROOT, "network_seconds=%.3f", last.networkSeconds()),
        "beats_computed=" + last.beatsComputed(),
        String.format(Locale.ROOT, "network_beats_per_s=%.1f", last.metrics().beats() / last.networkSeconds())));
  }
}
