package org.ecgplatform.evaluation.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Objects;
import java.util.Optional;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.evaluation.metrics.MatchSettings;

/**
 * Everything one detection-mode run needs ({@link DetectionJob}), validated on construction. Read
 * from the same {@code evaluation} section as {@link EvaluateConfig}, with the same precedence.
 *
 * @param testUri directory of the annotation files to score, {@code <record>.<testAnnotator>}
 * @param testAnnotator annotator name (file extension) of the files to score
 * @param referenceUri WFDB database directory: each record's header and reference annotations
 * @param referenceAnnotator annotator name of the reference annotations (usually {@code atr})
 * @param outputUri where the run's files go; must not exist yet
 * @param settings class mapping ({@value EvaluateConfig#KEY_CLASS_MAPPING}), match window
 *     ({@value EvaluateConfig#KEY_MATCH_WINDOW}) and start ({@value EvaluateConfig#KEY_START})
 * @param historyDir history table location; empty: {@code <output>/../history} ({@value
 *     EvaluateConfig#KEY_HISTORY})
 */
public record DetectionConfig(
    String testUri,
    String testAnnotator,
    String referenceUri,
    String referenceAnnotator,
    String outputUri,
    MatchSettings settings,
    Optional<String> historyDir) {

  /** The usual reference annotator of PhysioNet databases. */
  public static final String DEFAULT_REFERENCE_ANNOTATOR = "atr";

  public DetectionConfig {
    requireUri("--test", testUri);
    requireUri("--reference", referenceUri);
    requireUri("--output", outputUri);
    requireAnnotator("--test-annotator", testAnnotator);
    requireAnnotator("--reference-annotator", referenceAnnotator);
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(historyDir, "historyDir");
  }

  private static void requireUri(String option, String uri) {
    if (uri == null || uri.isBlank()) {
      throw ConfigException.invalid(option, uri, "a directory: a path, hdfs:// or s3a:// URI");
    }
  }

  private static void requireAnnotator(String option, String annotator) {
    if (annotator == null || !annotator.matches("[A-Za-z0-9_]+")) {
      throw ConfigException.invalid(option, annotator, "letters, digits or _ (a WFDB annotator name such as atr or qrs)");
    }
  }

  /** Defaults from {@code reference.conf} and nothing else; for tests and embedding. */
  public static DetectionConfig defaults(String testUri, String testAnnotator, String referenceUri, String outputUri) {
    return from(ConfigFactory.defaultReference(), testUri, testAnnotator, referenceUri, DEFAULT_REFERENCE_ANNOTATOR, outputUri);
  }

  /** Reads the {@value EvaluateConfig#ROOT} section of {@code config} (already resolved, with reference defaults). */
  public static DetectionConfig from(Config config, String testUri, String testAnnotator, String referenceUri,
      String referenceAnnotator, String outputUri) {
    Config c = EvaluateConfig.section(config);
    double window = ConfigLoader.get(EvaluateConfig.path(EvaluateConfig.KEY_MATCH_WINDOW), () -> c.getDouble(EvaluateConfig.KEY_MATCH_WINDOW));
    double start = ConfigLoader.get(EvaluateConfig.path(EvaluateConfig.KEY_START), () -> c.getDouble(EvaluateConfig.KEY_START));
    if (!(window > 0) || window > 10) {
      throw ConfigException.invalid(EvaluateConfig.path(EvaluateConfig.KEY_MATCH_WINDOW), window, "seconds, 0 < window <= 10 (EC57: 0.15)");
    }
    if (!(start >= 0) || Double.isInfinite(start)) {
      throw ConfigException.invalid(EvaluateConfig.path(EvaluateConfig.KEY_START), start, "seconds >= 0");
    }
    String history = ConfigLoader.get(EvaluateConfig.path(EvaluateConfig.KEY_HISTORY), () -> c.getString(EvaluateConfig.KEY_HISTORY));
    return new DetectionConfig(testUri, testAnnotator, referenceUri, referenceAnnotator, outputUri,
        new MatchSettings(EvaluateConfig.classMapping(c), window, start),
        history.isBlank() ? Optional.empty() : Optional.of(history));
  }
}
