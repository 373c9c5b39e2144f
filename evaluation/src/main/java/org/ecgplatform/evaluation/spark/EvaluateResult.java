package org.ecgplatform.evaluation.spark;

import java.util.Optional;
import org.ecgplatform.evaluation.metrics.EvaluationMetrics;
import org.ecgplatform.evaluation.report.RegressionGate;

/**
 * What one evaluation run produced.
 *
 * @param runId identifier of the run, also in metrics.json and the history
 * @param outputUri the completed output directory
 * @param historyDir where the history row was appended
 * @param metrics all metrics
 * @param gate the regression gate's verdict, when a baseline was given
 * @param scoringSeconds wall time of distributed scoring and the predictions write
 * @param networkSeconds task time in the model's calls, summed over the tasks (a report: a retried
 *     task counts twice)
 * @param beatsComputed beats the model's calls computed, context beats included (a report, likewise)
 * @param totalSeconds wall time of the whole run
 */
public record EvaluateResult(
    String runId,
    String outputUri,
    String historyDir,
    EvaluationMetrics metrics,
    Optional<RegressionGate.Result> gate,
    double scoringSeconds,
    double networkSeconds,
    long beatsComputed,
    double totalSeconds) {

  /** Beats scored. */
  public long beats() {
    return metrics.beats();
  }

  /** True unless a baseline was given and the gate failed. */
  public boolean gatePassed() {
    return gate.map(RegressionGate.Result::passed).orElse(true);
  }
}
