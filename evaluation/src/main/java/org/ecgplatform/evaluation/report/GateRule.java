package org.ecgplatform.evaluation.report;

import java.io.Serializable;
import java.util.Objects;
import java.util.Set;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.evaluation.metrics.EvaluationMetrics;

/**
 * One tolerance of the regression gate, from configuration {@code gate.<metric>.maxDrop} (metric
 * where higher is better: fails when {@code baseline − current > maxDrop}) or {@code
 * gate.<metric>.maxRise} (lower is better, e.g. {@code vebFpr}: fails when {@code current −
 * baseline > maxRise}).
 *
 * @param metric a name of {@link EvaluationMetrics#flat()}
 * @param kind which way is a regression
 * @param tolerance the allowed change, ≥ 0, in the metric's units (fractions, not percent)
 */
public record GateRule(String metric, Kind kind, double tolerance) implements Serializable {

  /** Which way a metric regresses; the suffix is the configuration key. */
  public enum Kind {
    MAX_DROP("maxDrop"),
    MAX_RISE("maxRise");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    public static Kind ofKey(String key, String configPath) {
      for (Kind k : values()) {
        if (k.key.equals(key)) {
          return k;
        }
      }
      throw ConfigException.invalid(configPath, key, "gate.<metric>.maxDrop or gate.<metric>.maxRise");
    }
  }

  /** Every metric name the gate can refer to. */
  public static final Set<String> METRICS =
      Set.copyOf(EvaluationMetrics.compute(java.util.Map.of()).flat().keySet());

  public GateRule {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
    String path = "gate." + metric + "." + kind.key();
    if (!METRICS.contains(metric)) {
      throw ConfigException.invalid(path, metric, "a metric name, one of " + new java.util.TreeSet<>(METRICS));
    }
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw ConfigException.invalid(path, tolerance, "a finite tolerance >= 0");
    }
  }

  /** The configuration key of this rule. */
  public String configKey() {
    return "gate." + metric + "." + kind.key();
  }
}
