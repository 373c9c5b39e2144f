package org.ecgplatform.evaluation.report;

import java.io.Serializable;
import java.util.Objects;
import java.util.Set;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.evaluation.metrics.EvaluationMetrics;

/**
 * One tolerance of the regression gate, from configuration {@code evaluation.gate.<metric>.max-drop}
 * (metric where higher is better: fails when {@code baseline − current > max-drop}) or {@code
 * evaluation.gate.<metric>.max-rise} (lower is better, e.g. {@code veb-fpr}: fails when {@code
 * current − baseline > max-rise}).
 *
 * <p>Metric names: the configuration writes them in kebab-case like every key ({@code macro-f1});
 * {@link EvaluationMetrics#flat()}, metrics.json and the history table use the same words in
 * camelCase ({@code macroF1}). {@link #metricOfConfigName} and {@link #configName} map one to the
 * other, one rule for every metric.
 *
 * @param metric a name of {@link EvaluationMetrics#flat()}
 * @param kind which way is a regression
 * @param tolerance the allowed change, ≥ 0, in the metric's units (fractions, not percent)
 */
public record GateRule(String metric, Kind kind, double tolerance) implements Serializable {

  /** The configuration block of the gate. */
  public static final String CONFIG_PREFIX = "evaluation.gate.";

  /** Which way a metric regresses; the suffix is the configuration key. */
  public enum Kind {
    MAX_DROP("max-drop"),
    MAX_RISE("max-rise");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    /**
     * The kind named by a configuration key.
     *
     * @throws ConfigException naming {@code configPath}, with the new spelling for an old one ({@code maxDrop})
     */
    public static Kind ofKey(String key, String configPath) {
      for (Kind k : values()) {
        if (k.key.equals(key)) {
          return k;
        }
      }
      for (Kind k : values()) {
        if (k.key.equals(ConfigLoader.kebabCase(key))) {
          throw renamed(configPath, ConfigLoader.kebabPath(configPath));
        }
      }
      throw ConfigException.invalid(configPath, key, "gate.<metric>.max-drop or gate.<metric>.max-rise");
    }
  }

  /** Every metric name the gate can refer to (the names of {@link EvaluationMetrics#flat()}). */
  public static final Set<String> METRICS =
      Set.copyOf(EvaluationMetrics.compute(java.util.Map.of()).flat().keySet());

  public GateRule {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
    String path = CONFIG_PREFIX + configName(metric) + "." + kind.key();
    if (!METRICS.contains(metric)) {
      throw ConfigException.invalid(path, configName(metric), "a metric name, one of " + configNames());
    }
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw ConfigException.invalid(path, tolerance, "a finite tolerance >= 0");
    }
  }

  /** The configuration key of this rule, e.g. {@code evaluation.gate.macro-f1.max-drop}. */
  public String configKey() {
    return CONFIG_PREFIX + configName(metric) + "." + kind.key();
  }

  /** The configuration name of a metric: its name in kebab-case ({@code macroF1} → {@code macro-f1}). */
  public static String configName(String metric) {
    return ConfigLoader.kebabCase(metric);
  }

  /**
   * The metric a configuration name refers to ({@code macro-f1} → {@code macroF1}): each letter after
   * a hyphen in upper case, the hyphen dropped.
   *
   * @param configPath the key it was read from, for the messages
   * @throws ConfigException when no metric has that name, or when the name is a metric's old
   *     camelCase spelling (the message gives the new one)
   */
  public static String metricOfConfigName(String name, String configPath) {
    StringBuilder b = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '-' && i + 1 < name.length()) {
        b.append(Character.toUpperCase(name.charAt(++i)));
      } else {
        b.append(c);
      }
    }
    String metric = b.toString();
    if (METRICS.contains(metric) && configName(metric).equals(name)) {
      return metric;
    }
    if (METRICS.contains(name)) {
      throw renamed(configPath, ConfigLoader.kebabPath(configPath));
    }
    throw ConfigException.invalid(configPath, name, "a metric name, one of " + configNames());
  }

  private static java.util.SortedSet<String> configNames() {
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    METRICS.forEach(m -> names.add(configName(m)));
    return names;
  }

  private static ConfigException renamed(String oldKey, String newKey) {
    return new ConfigException("Unknown configuration key " + oldKey + ": renamed to " + newKey);
  }
}
