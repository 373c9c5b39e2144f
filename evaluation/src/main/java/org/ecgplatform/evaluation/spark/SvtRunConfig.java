package org.ecgplatform.evaluation.spark;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.evaluation.rhythm.SvtRunRule;

/**
 * The supraventricular-run rule of both modes ({@code evaluation.svt-run.*}, documented in {@code
 * reference.conf}; {@link SvtRunRule}). It applies after the irregular-rhythm gate and the decision
 * weights, to the classes; a beat it calls S gives its N probability to S, so that the
 * probabilities written agree with its class.
 *
 * @param enabled whether the rule applies
 * @param rule its settings (checked even when off)
 */
public record SvtRunConfig(boolean enabled, SvtRunRule rule) implements Serializable {
  static final String SECTION = "svt-run";
  static final Set<String> KEYS = Set.of("enabled", "max-rr-s", "max-rr-of-mean", "rr-tolerance");

  public SvtRunConfig {
    Objects.requireNonNull(rule, "rule");
  }

  /** The defaults of {@code reference.conf}. */
  public static SvtRunConfig defaults() {
    return from(com.typesafe.config.ConfigFactory.defaultReference().getConfig(EvaluateConfig.ROOT));
  }

  /** Reads {@code svt-run.*} of the {@code evaluation} section. */
  static SvtRunConfig from(Config evaluation) {
    EvaluationSection c = new EvaluationSection(evaluation, SECTION);
    boolean enabled = c.getBoolean("enabled");
    try {
      return new SvtRunConfig(enabled, new SvtRunRule(c.getDouble("max-rr-s"), c.getDouble("max-rr-of-mean"),
          c.getDouble("rr-tolerance")));
    } catch (IllegalArgumentException e) {
      throw EvaluationSection.invalid(SECTION, e);
    }
  }

  /**
   * Where a model's RR features hold the RR interval before a beat and the record's mean: {@code
   * [prev, mean]}, or null when the rule is off.
   *
   * @throws EcgPlatformException when the rule is on and the model lacks either
   */
  int[] rrColumns(List<String> rrFeatures) {
    if (!enabled) {
      return null;
    }
    int prev = rrFeatures.indexOf(DatasetSchema.RR_PREV);
    int mean = rrFeatures.indexOf(DatasetSchema.RR_MEAN);
    if (prev < 0 || mean < 0) {
      throw new EcgPlatformException("Cannot apply " + EvaluateConfig.path(SECTION) + ": it needs the RR features "
          + DatasetSchema.RR_PREV + " and " + DatasetSchema.RR_MEAN + ", the model has " + rrFeatures + " (set "
          + EvaluateConfig.path(SECTION + ".enabled") + "=false)");
    }
    return new int[] {prev, mean};
  }

  /**
   * Checks that the rule can apply to a model of these classes.
   *
   * @throws EcgPlatformException when the rule is on and the model lacks the class S or N
   */
  void requireClasses(List<String> classes) {
    if (enabled && (classes.indexOf("S") < 0 || classes.indexOf("N") < 0)) {
      throw new EcgPlatformException("Cannot apply " + EvaluateConfig.path(SECTION) + ": the model's classes " + classes
          + " lack S or N (set " + EvaluateConfig.path(SECTION + ".enabled") + "=false)");
    }
  }

  /** One line for the run's facts and logs. */
  public String describe() {
    if (!enabled) {
      return "off";
    }
    return String.format(Locale.ROOT, "on (RR < %s s and <= %s x the record's mean, within %s of the opening beat's)",
        rule.maxRrS(), rule.maxRrOfMean(), rule.rrTolerance());
  }
}
