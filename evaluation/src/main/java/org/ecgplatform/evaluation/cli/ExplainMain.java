package org.ecgplatform.evaluation.cli;

import com.typesafe.config.Config;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.cli.Cli;
import org.ecgplatform.etl.cli.JobOptions;
import org.ecgplatform.etl.spark.Sessions;
import org.ecgplatform.evaluation.explain.ClockTime;
import org.ecgplatform.evaluation.explain.ConfusionCell;
import org.ecgplatform.evaluation.explain.Explanation;
import org.ecgplatform.evaluation.explain.ExplanationReport;
import org.ecgplatform.evaluation.spark.EvaluateConfig;
import org.ecgplatform.evaluation.spark.ExplainConfig;
import org.ecgplatform.evaluation.spark.ExplainJob;
import org.ecgplatform.evaluation.spark.ExplainResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Command line of the error analysis: parse, build an {@link ExplainConfig}, call {@link
 * ExplainJob#run}, print where the pictures are. The Spark master comes from {@code spark-submit}
 * or the environment file (never set here). Options and configuration as every job ({@link
 * JobOptions}); exit status as every job ({@link Cli}): 0 success, 1 the run failed, 2 bad
 * arguments or configuration.
 */
@Command(
    name = "ecg-explain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    version = "ecg-explain 0.1.0",
    description = {
      "Error analysis of a classification evaluation: for the most frequent confusions (or --cells), example beats spread "
          + "over the records that hold them, each as a PNG of the ECG lead with the saliency of the model's decision "
          + "(which samples drove it), the record template, the neighbouring beats and RR intervals, and for the "
          + "beat-sequence model each neighbouring beat's share; plus index.md (embeddable in docs/results.md), "
          + "examples.csv, a trace CSV per example and the per-record table of the confusions.",
      "The beats are scored again exactly as the evaluation scored them (same sequences for the beat-sequence model); "
          + "probabilities that differ from the evaluation's are an error (wrong --model or --dataset)."
    },
    footer = {"", "Keys (section evaluation.explain of evaluation's reference.conf), in full:",
        "  evaluation.explain.top-cells=3", "  evaluation.explain.per-confusion=4",
        "  evaluation.explain.cells=\"S>N,V>N\"", "  evaluation.explain.method=integrated-gradients|gradient",
        "  evaluation.explain.integration-steps=32"},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:success", "1:the run failed", "2:bad arguments or configuration"})
public final class ExplainMain implements Callable<Integer> {
  private static final String[] ROOTS = {EvaluateConfig.ROOT, "spark"};

  @Option(names = "--model", required = true, paramLabel = "<URI>", description = "the model that was evaluated")
  String model;

  @Option(names = "--dataset", required = true, paramLabel = "<URI>", description = "the beat dataset it scored (ETL output)")
  String dataset;

  @Option(names = "--evaluation", required = true, paramLabel = "<URI>",
      description = "the evaluation output (classification mode) whose errors are explained")
  String evaluation;

  @Option(names = "--output", required = true, paramLabel = "<URI>", description = "output directory; must not exist")
  String output;

  @Option(names = "--cells", paramLabel = "<cells>",
      description = "cells to explain as reference>predicted, comma-separated, e.g. \"S>N,N>S,V>N\" "
          + "(default: the evaluation.explain.top-cells most frequent)")
  String cells;

  @Option(names = "--per-confusion", paramLabel = "<n>",
      description = {"example beats per cell", "(default: evaluation.explain.per-confusion, 4)"})
  Integer perConfusion;

  @Mixin JobOptions job = new JobOptions();

  @CommandLine.Spec CommandSpec spec;

  private final SparkSession session;

  private ExplainMain(SparkSession session) {
    this.session = session;
  }

  public static void main(String[] args) {
    Cli.exit(execute(null, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the command; {@code spark} null creates (and stops) a session from the environment.
   *
   * @return the exit code
   */
  public static int execute(SparkSession spark, PrintWriter out, PrintWriter err, String... args) {
    return Cli.execute(new ExplainMain(spark), out, err, args);
  }

  @Override
  public Integer call() {
    Config merged = job.load(ROOTS);
    ExplainConfig config = ExplainConfig.from(merged, model, dataset, evaluation, output, cells, perConfusion);
    if (job.printed(merged, ROOTS)) {
      return Cli.EXIT_OK;
    }
    SparkSession spark = session != null ? session : Sessions.create("ecg-explain", merged);
    try {
      ExplainResult r = ExplainJob.run(spark, config);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "Error analysis %s: %d misclassified beats, %d examples -> %s/%s%n", r.runId(), r.errors(),
          r.exampleCount(), r.outputUri(), ExplanationReport.INDEX_MD);
      for (Map.Entry<ConfusionCell, List<Explanation>> e : r.examples().entrySet()) {
        out.printf(Locale.ROOT, "  %s: %d examples%n", e.getKey(), e.getValue().size());
        for (Explanation x : e.getValue()) {
          out.printf(Locale.ROOT, "    %s at %s -> %s%n", x.error().recordKey(), ClockTime.format(x.error().timeS()),
              ExplanationReport.pngPath(x));
        }
      }
      out.printf(Locale.ROOT, "  total %.1f s%n", r.totalSeconds());
      out.flush();
      return Cli.EXIT_OK;
    } finally {
      if (session == null) {
        spark.stop();
      }
    }
  }
}
