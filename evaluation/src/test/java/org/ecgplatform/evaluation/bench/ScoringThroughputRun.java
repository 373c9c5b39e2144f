package org.ecgplatform.evaluation.bench;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.rank.Median;
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
 * job runs {@code --runs} times in this JVM (default 6). The result file's {@code beats_per_s} is
 * the second run's (the first run after the cold one, the figure this row has always reported), and
 * {@code warm_beats_per_s} the median over runs {@code --warm-from} (default 4) to the last: a short
 * job (the flat sequence model scores the benchmark's split in 1-2 s) is still being compiled by the
 * JIT in its second run, a longer one much less, so the second run alone understates the faster
 * model against the slower one. {@code run_beats_per_s} lists every run. The file adds the second
 * run's {@code network_seconds} (task time in the model's calls, summed over the two task threads),
 * {@code beats_computed} (context beats included) and {@code network_beats_per_s} (scored beats per
 * network second, one thread's rate), so that the network's share of the job's time shows. Not a
 * test.
 *
 * <pre>
 * ScoringThroughputRun --model DIR --dataset URI --work DIR --result FILE [--runs 6] [--warm-from 4]
 *     [evaluation.key=value ...]
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
    int runs = Integer.parseInt(opts.getOrDefault("runs", "6"));
    int warmFrom = Integer.parseInt(opts.getOrDefault("warm-from", "4"));
    if (runs < 2 || warmFrom < 2 || warmFrom > runs) {
      throw new IllegalArgumentException("Cannot run ScoringThroughputRun: --runs " + runs + " and --warm-from " + warmFrom
          + " must satisfy 2 <= warm-from <= runs");
    }
    Path work = Path.of(opts.get("work"));
    SparkSession spark = SharedSpark.newSession("ScoringThroughputRun");
    EvaluateResult second = null;
    double[] rates = new double[runs];
    try {
      for (int i = 1; i <= runs; i++) {
        EvaluateConfig c = EvaluateConfig.from(
            ConfigFactory.parseString(String.join("\n", overrides)).withFallback(ConfigFactory.defaultReference()).resolve(),
            opts.get("model"), opts.get("dataset"), work.resolve("run-" + i).toUri().toString(), null);
        EvaluateResult r = EvaluateJob.run(spark, c);
        rates[i - 1] = r.metrics().beats() / r.scoringSeconds();
        if (i == 2) {
          second = r;
        }
        System.out.printf(Locale.ROOT, "run %d: %d beats scored in %.2f s = %.0f beats/s (batch %d); network calls %.2f s"
            + " of task time, %d beats computed%n", i, r.metrics().beats(), r.scoringSeconds(), rates[i - 1], c.batchSize(),
            r.networkSeconds(), r.beatsComputed());
      }
    } finally {
      spark.stop();
    }
    double warm = new Median().evaluate(rates, warmFrom - 1, runs - warmFrom + 1);
    System.out.printf(Locale.ROOT, "runs %d-%d (warm JVM): median %.0f beats/s%n", warmFrom, runs, warm);
    System.out.print(BenchResult.write(Path.of(opts.get("result")), second.metrics().beats(), second.scoringSeconds(), "",
        "runs=" + runs + " " + String.join(" ", overrides),
        String.format(Locale.ROOT, "network_seconds=%.3f", second.networkSeconds()),
        "beats_computed=" + second.beatsComputed(),
        String.format(Locale.ROOT, "network_beats_per_s=%.1f", second.metrics().beats() / second.networkSeconds()),
        String.format(Locale.ROOT, "warm_beats_per_s=%.1f", warm),
        "warm_runs=" + warmFrom + "-" + runs,
        "run_beats_per_s=" + Arrays.stream(rates).mapToObj(r -> String.format(Locale.ROOT, "%.1f", r))
            .collect(Collectors.joining(" "))));
  }
}
