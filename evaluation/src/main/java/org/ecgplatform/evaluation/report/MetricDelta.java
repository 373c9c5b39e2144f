package org.ecgplatform.evaluation.report;

/**
 * One metric of this run next to the baseline run.
 *
 * @param metric name, as in {@code EvaluationMetrics.flat()}
 * @param baseline the baseline's value ({@code NaN} when undefined or absent)
 * @param current this run's value ({@code NaN} when undefined)
 */
public record MetricDelta(String metric, double baseline, double current) {
  /** current − baseline; {@code NaN} when either is undefined. */
  public double delta() {
    return current - baseline;
  }
}
