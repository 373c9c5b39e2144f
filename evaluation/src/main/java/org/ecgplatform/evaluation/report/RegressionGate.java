package org.ecgplatform.evaluation.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The nightly regression gate: compares this run's metrics with a baseline run's and fails when a
 * gated metric moved the wrong way by more than its tolerance ({@link GateRule}). A metric the
 * baseline left undefined is not gated; one that was defined and became undefined fails.
 */
public final class RegressionGate {
  private final List<GateRule> rules;

  public RegressionGate(List<GateRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public List<GateRule> rules() {
    return rules;
  }

  /**
   * The gate's verdict.
   *
   * @param passed true when no rule failed
   * @param failures one message per failed rule, naming the metric, the baseline and current values
   * @param notes rules that could not be applied (baseline undefined)
   */
  public record Result(boolean passed, List<String> failures, List<String> notes) {
    public Result {
      failures = List.copyOf(failures);
      notes = List.copyOf(notes);
    }

    /** One line for logs and exit messages. */
    public String message() {
      return passed ? "Regression gate passed" : "Regression gate failed: " + String.join("; ", failures);
    }

    public String toJson() {
      ObjectNode root = Json.object();
      root.put("passed", passed);
      ArrayNode f = root.putArray("failures");
      failures.forEach(f::add);
      ArrayNode n = root.putArray("notes");
      notes.forEach(n::add);
      return Json.write(root);
    }
  }

  public Result check(Map<String, Double> baseline, Map<String, Double> current) {
    List<String> failures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (GateRule rule : rules) {
      double before = baseline.getOrDefault(rule.metric(), Double.NaN);
      double now = current.getOrDefault(rule.metric(), Double.NaN);
      if (Double.isNaN(before)) {
        notes.add(rule.metric() + " not gated: undefined in the baseline");
        continue;
      }
      if (Double.isNaN(now)) {
        failures.add(String.format(Locale.ROOT, "%s became undefined (baseline %.4f)", rule.metric(), before));
        continue;
      }
      double worse = rule.kind() == GateRule.Kind.MAX_DROP ? before - now : now - before;
      // 1e-12 absorbs rounding of values that went through JSON text.
      if (worse > rule.tolerance() + 1e-12) {
        failures.add(
            String.format(
                Locale.ROOT,
                "%s %s from %.4f to %.4f (%+.4f; %s = %.4f)",
                rule.metric(),
                rule.kind() == GateRule.Kind.MAX_DROP ? "dropped" : "rose",
                before,
                now,
                now - before,
                rule.configKey(),
                rule.tolerance()));
      }
    }
    return new Result(failures.isEmpty(), failures, notes);
  }

  /** Every metric of {@code current} next to the baseline, for the delta table. */
  public static List<MetricDelta> compare(Map<String, Double> baseline, Map<String, Double> current) {
    List<MetricDelta> out = new ArrayList<>();
    current.forEach((k, v) -> out.add(new MetricDelta(k, baseline.getOrDefault(k, Double.NaN), v)));
    return out;
  }

  /** {@code metric,baseline,current,delta}. */
  public static String deltaCsv(List<MetricDelta> deltas) {
    List<List<?>> rows = new ArrayList<>();
    for (MetricDelta d : deltas) {
      rows.add(List.of(d.metric(), d.baseline(), d.current(), d.delta()));
    }
    return Csv.write(List.of("metric", "baseline", "current", "delta"), rows);
  }
}
