package org.ecgplatform.evaluation.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.training.model.Probabilities;

/**
 * How a beat's class follows from its probabilities, in both modes ({@code
 * evaluation.decision-weights}, documented in {@code reference.conf}): the class with the largest
 * weighted probability {@code w_c * p_c}, the first of equals. A class without a weight has weight
 * 1, so no weights at all is the plain arg-max (the default); a weight above 1 calls the class more
 * often, at the cost of the others (a cost-sensitive decision, the same as moving the class's
 * threshold). The weights apply after the irregular-rhythm gate, to the probabilities the job
 * writes, so a beat the gate took S from stays off S whatever S's weight.
 *
 * @param weights class name (N, S, V, F, Q) to its weight, finite and positive; sorted by name
 */
public record DecisionWeights(SortedMap<String, Double> weights) implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String KEY = "decision-weights";

  public DecisionWeights {
    weights = new TreeMap<>(weights);
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      String key = EvaluateConfig.path(KEY + "." + e.getKey());
      if (!AamiClass.vocabulary().contains(e.getKey())) {
        throw ConfigException.invalid(key, e.getValue(), "a weight of one of the classes " + AamiClass.vocabulary()
            + " (no class " + e.getKey() + ")");
      }
      double w = e.getValue();
      if (!(w > 0) || Double.isInfinite(w)) {
        throw ConfigException.invalid(key, w, "a finite weight > 0 (1: the plain arg-max)");
      }
    }
  }

  /** No weights: the plain arg-max. */
  public static DecisionWeights none() {
    return new DecisionWeights(new TreeMap<>());
  }

  /** Reads {@code decision-weights.*} of the {@code evaluation} section; absent or empty: {@link #none()}. */
  static DecisionWeights from(Config evaluation) {
    if (!evaluation.hasPath(KEY)) {
      return none();
    }
    Config c = ConfigLoader.get(EvaluateConfig.path(KEY), () -> evaluation.getConfig(KEY));
    TreeMap<String, Double> w = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      String name = e.getKey();
      w.put(name, ConfigLoader.get(EvaluateConfig.path(KEY + "." + name), () -> c.getDouble(name)));
    }
    return new DecisionWeights(w);
  }

  /** Whether every weight is 1 (the decision is the plain arg-max). */
  public boolean isPlainArgMax() {
    return weights.values().stream().allMatch(w -> w == 1.0);
  }

  /**
   * The weights in the order of {@code classes} (a model's), 1 for a class without one: the
   * argument {@code w} of {@link Probabilities#argMax(float[], float[])}, which decides the class.
   */
  public float[] forClasses(List<String> classes) {
    for (String name : weights.keySet()) {
      if (!classes.contains(name)) {
        throw new ConfigException("Invalid configuration " + EvaluateConfig.path(KEY + "." + name)
            + ": the model has no class " + name + " (its classes: " + classes + ")");
      }
    }
    float[] w = new float[classes.size()];
    for (int c = 0; c < w.length; c++) {
      w[c] = weights.getOrDefault(classes.get(c), 1.0).floatValue();
    }
    return w;
  }

  /** One line for the run's facts and logs. */
  public String describe() {
    if (isPlainArgMax()) {
      return "arg-max";
    }
    return weights.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s x%s", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", ", "arg-max of the weighted probabilities (", "; other classes x1)"));
  }
}
