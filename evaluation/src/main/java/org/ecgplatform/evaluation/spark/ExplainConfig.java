package org.ecgplatform.evaluation.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.evaluation.explain.ConfusionCell;
import org.ecgplatform.training.model.SaliencyMethod;

/**
 * Everything one error analysis ({@link ExplainJob}) needs, validated on construction.
 *
 * <p>Built by {@link #from} from the {@code evaluation.explain} section (defaults and documentation
 * in {@code reference.conf}); the command line's {@code --cells} and {@code --per-confusion} take
 * precedence over {@value #KEY_CELLS} and {@value #KEY_PER_CONFUSION}. An unknown key or a bad value
 * is a {@link ConfigException} naming the key and the value.
 *
 * @param modelUri the model that was evaluated
 * @param datasetUri the dataset it scored (an ETL output)
 * @param evaluationUri the evaluation output (classification mode) whose errors are explained
 * @param outputUri where the analysis goes; must not exist yet
 * @param cells the cells to explain; empty: the {@code topCells} most frequent ({@value #KEY_CELLS})
 * @param topCells most frequent cells explained when none are named ({@value #KEY_TOP_CELLS})
 * @param perConfusion example beats per cell ({@value #KEY_PER_CONFUSION})
 * @param method saliency method ({@value #KEY_METHOD})
 * @param integrationSteps steps of integrated gradients ({@value #KEY_STEPS})
 */
public record ExplainConfig(String modelUri, String datasetUri, String evaluationUri, String outputUri,
    List<ConfusionCell> cells, int topCells, int perConfusion, SaliencyMethod method, int integrationSteps) {

  /** The section of these keys, inside {@value EvaluateConfig#ROOT}. */
  public static final String SECTION = "explain";
  public static final String KEY_CELLS = "cells";
  public static final String KEY_TOP_CELLS = "top-cells";
  public static final String KEY_PER_CONFUSION = "per-confusion";
  public static final String KEY_METHOD = "method";
  public static final String KEY_STEPS = "integration-steps";
  /** More examples than this per cell make a page nobody reads and a slow run. */
  public static final int MAX_PER_CONFUSION = 100;

  private static final Set<String> KEYS = Set.of(KEY_CELLS, KEY_TOP_CELLS, KEY_PER_CONFUSION, KEY_METHOD, KEY_STEPS);

  public ExplainConfig {
    requireUri("--model", modelUri);
    requireUri("--dataset", datasetUri);
    requireUri("--evaluation", evaluationUri);
    requireUri("--output", outputUri);
    cells = List.copyOf(cells);
    if (topCells < 1 || topCells > 20) {
      throw ConfigException.invalid(path(KEY_TOP_CELLS), topCells, "1..20 cells");
    }
    if (perConfusion < 1 || perConfusion > MAX_PER_CONFUSION) {
      throw ConfigException.invalid(path(KEY_PER_CONFUSION), perConfusion, "1.." + MAX_PER_CONFUSION + " examples");
    }
    Objects.requireNonNull(method, "method");
    if (integrationSteps < 1 || integrationSteps > 1024) {
      throw ConfigException.invalid(path(KEY_STEPS), integrationSteps, "1..1024 steps");
    }
  }

  private static void requireUri(String option, String uri) {
    if (uri == null || uri.isBlank()) {
      throw ConfigException.invalid(option, uri, "a file, hdfs:// or s3a:// URI");
    }
  }

  static String path(String key) {
    return EvaluateConfig.ROOT + "." + SECTION + "." + key;
  }

  /**
   * Reads the {@value #SECTION} section of {@code config} (resolved, with reference defaults).
   *
   * @param cells the {@code --cells} option, or null to use {@value #KEY_CELLS}
   * @param perConfusion the {@code --per-confusion} option, or null to use {@value #KEY_PER_CONFUSION}
   */
  public static ExplainConfig from(Config config, String modelUri, String datasetUri, String evaluationUri, String outputUri,
      String cells, Integer perConfusion) {
    Config c = EvaluateConfig.section(config);
    Config e;
    try {
      e = c.getConfig(SECTION);
    } catch (com.typesafe.config.ConfigException ex) {
      throw new ConfigException("Cannot read configuration: no '" + EvaluateConfig.ROOT + "." + SECTION + "' section ("
          + ex.getMessage() + ")", ex);
    }
    for (Map.Entry<String, ConfigValue> entry : e.entrySet()) {
      if (!KEYS.contains(entry.getKey())) {
        throw new ConfigException("Unknown configuration key " + path(entry.getKey()) + " = " + entry.getValue().render()
            + " (known keys: " + new TreeSet<>(KEYS) + ")");
      }
    }
    String cellText = cells != null ? cells : get(e, KEY_CELLS, e::getString);
    return new ExplainConfig(modelUri, datasetUri, evaluationUri, outputUri,
        ConfusionCell.parseList(cells != null ? "--cells" : path(KEY_CELLS), cellText), get(e, KEY_TOP_CELLS, e::getInt),
        perConfusion != null ? perConfusion : get(e, KEY_PER_CONFUSION, e::getInt),
        SaliencyMethod.parse(path(KEY_METHOD), get(e, KEY_METHOD, e::getString)), get(e, KEY_STEPS, e::getInt));
  }

  /** A value of the {@value #SECTION} block; a missing key or a wrong type is an error naming the full key. */
  private static <T> T get(Config c, String key, java.util.function.Function<String, T> getter) {
    return ConfigLoader.get(path(key), () -> getter.apply(key));
  }
}
