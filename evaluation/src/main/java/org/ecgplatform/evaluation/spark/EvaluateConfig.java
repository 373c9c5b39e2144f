package org.ecgplatform.evaluation.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.report.GateRule;

/**
 * Everything one evaluation run needs, validated on construction.
 *
 * <p>Built by {@link #from(Config, String, String, String, String)} from Typesafe Config: keys
 * under {@value #ROOT} with the defaults and documentation in {@code reference.conf}; precedence
 * (highest first) is the command line's {@code key=value} overrides, the environment file,
 * conf/defaults.conf, then {@code reference.conf} ({@code ConfigLoader}). An unknown key or a value
 * of the wrong type or range is a {@link ConfigException} naming the key and the value.
 *
 * @param modelUri the model to evaluate
 * @param datasetUri the beat dataset (an ETL output)
 * @param outputUri where the run's files go; must not exist yet
 * @param baselineUri a previous run's output to compare with and gate against
 * @param split dataset split to evaluate ({@value #KEY_SPLIT})
 * @param batchSize beats per scorer call ({@value #KEY_BATCH_SIZE})
 * @param annotator annotator name of the prediction annotations ({@value #KEY_ANNOTATOR})
 * @param writeAnnotations whether to write per-record annotations ({@value #KEY_ANNOTATIONS})
 * @param historyDir history table location; empty: {@code <output>/../history} ({@value #KEY_HISTORY})
 * @param topConfusions confusion cells shown with examples in the report ({@value #KEY_TOP_CONFUSIONS})
 * @param examplesPerConfusion example beats per confusion cell ({@value #KEY_EXAMPLES})
 * @param gateRules regression gate tolerances ({@value #KEY_GATE}{@code .<metric>.max-drop|max-rise})
 * @param classMapping how the reference beats' annotation symbols become classes ({@value
 *     #KEY_CLASS_MAPPING}); under {@code bxb} the reference class is re-derived from the dataset's
 *     {@code symbol} column
 * @param afGate the irregular-rhythm gate ({@code af-gate.*}; {@link AfGateConfig})
 * @param svtRun the supraventricular-run rule ({@code svt-run.*}; {@link SvtRunConfig})
 * @param decisionWeights how a beat's class follows from its probabilities ({@code
 *     decision-weights.*}; {@link DecisionWeights})
 */
public record EvaluateConfig(
    String modelUri,
    String datasetUri,
    String outputUri,
    Optional<String> baselineUri,
    String split,
    int batchSize,
    String annotator,
    boolean writeAnnotations,
    Optional<String> historyDir,
    int topConfusions,
    int examplesPerConfusion,
    List<GateRule> gateRules,
    ClassMapping classMapping,
    AfGateConfig afGate,
    SvtRunConfig svtRun,
    DecisionWeights decisionWeights) {

  public static final String ROOT = "evaluation";
  public static final String KEY_SPLIT = "split";
  public static final String KEY_BATCH_SIZE = "batch-size";
  public static final String KEY_ANNOTATOR = "annotator";
  public static final String KEY_ANNOTATIONS = "write-annotations";
  public static final String KEY_HISTORY = "history-dir";
  public static final String KEY_TOP_CONFUSIONS = "report.top-confusions";
  public static final String KEY_EXAMPLES = "report.examples-per-confusion";
  public static final String KEY_GATE = "gate";
  public static final String KEY_CLASS_MAPPING = "class-mapping";
  /** Settings of the detection mode ({@link DetectionConfig}), in the same section. */
  public static final String KEY_MATCH_WINDOW = "detection.match-window-s";
  public static final String KEY_START = "detection.start-s";

  private static final Set<String> KEYS = Set.of(KEY_SPLIT, KEY_BATCH_SIZE, KEY_ANNOTATOR, KEY_ANNOTATIONS, KEY_HISTORY,
      KEY_TOP_CONFUSIONS, KEY_EXAMPLES, KEY_CLASS_MAPPING, KEY_MATCH_WINDOW, KEY_START);

  public EvaluateConfig {
    requireUri("--model", modelUri);
    requireUri("--dataset", datasetUri);
    requireUri("--output", outputUri);
    Objects.requireNonNull(baselineUri, "baselineUri");
    Objects.requireNonNull(historyDir, "historyDir");
    if (split == null || !split.matches("[A-Za-z0-9_-]+")) {
      throw ConfigException.invalid(path(KEY_SPLIT), split, "a split name such as test, val, train");
    }
    if (batchSize < 1 || batchSize > 1_000_000) {
      throw ConfigException.invalid(path(KEY_BATCH_SIZE), batchSize, "1..1000000 beats");
    }
    if (annotator == null || !annotator.matches("[A-Za-z0-9_]+")) {
      throw ConfigException.invalid(path(KEY_ANNOTATOR), annotator, "letters, digits or _ (a WFDB annotator name)");
    }
    if (topConfusions < 0) {
      throw ConfigException.invalid(path(KEY_TOP_CONFUSIONS), topConfusions, ">= 0");
    }
    if (examplesPerConfusion < 0) {
      throw ConfigException.invalid(path(KEY_EXAMPLES), examplesPerConfusion, ">= 0");
    }
    gateRules = List.copyOf(gateRules);
    Objects.requireNonNull(classMapping, "classMapping");
    Objects.requireNonNull(afGate, "afGate");
    Objects.requireNonNull(svtRun, "svtRun");
    Objects.requireNonNull(decisionWeights, "decisionWeights");
  }

  private static void requireUri(String option, String uri) {
    if (uri == null || uri.isBlank()) {
      throw ConfigException.invalid(option, uri, "a file, hdfs:// or s3a:// URI");
    }
  }

  static String path(String key) {
    return ROOT + "." + key;
  }

  /** Defaults from {@code reference.conf} and nothing else; for tests and embedding. */
  public static EvaluateConfig defaults(String modelUri, String datasetUri, String outputUri, String baselineUri) {
    return from(ConfigFactory.defaultReference(), modelUri, datasetUri, outputUri, baselineUri);
  }

  /**
   * Reads the {@value #ROOT} section of {@code config} (already resolved, with reference defaults).
   *
   * @param baselineUri null for none
   */
  public static EvaluateConfig from(Config config, String modelUri, String datasetUri, String outputUri, String baselineUri) {
    Config c = section(config);
    String history = get(c, KEY_HISTORY, c::getString);
    return new EvaluateConfig(
        modelUri,
        datasetUri,
        outputUri,
        Optional.ofNullable(baselineUri).filter(s -> !s.isBlank()),
        get(c, KEY_SPLIT, c::getString),
        get(c, KEY_BATCH_SIZE, c::getInt),
        get(c, KEY_ANNOTATOR, c::getString),
        get(c, KEY_ANNOTATIONS, c::getBoolean),
        history.isBlank() ? Optional.empty() : Optional.of(history),
        get(c, KEY_TOP_CONFUSIONS, c::getInt),
        get(c, KEY_EXAMPLES, c::getInt),
        gateRules(c),
        classMapping(c),
        AfGateConfig.from(c),
        SvtRunConfig.from(c),
        DecisionWeights.from(c));
  }

  /** A value of the {@value #ROOT} block; a missing key or a wrong type is an error naming the full key. */
  private static <T> T get(Config c, String key, java.util.function.Function<String, T> getter) {
    return ConfigLoader.get(path(key), () -> getter.apply(key));
  }

  /**
   * The {@value #ROOT} section, every key checked: an unknown key is an error naming it. Both modes
   * read this one section (each ignores the other's settings); the error analysis' keys under
   * {@code explain} are checked by {@link ExplainConfig}.
   */
  static Config section(Config config) {
    Config c;
    try {
      c = config.getConfig(ROOT);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot read configuration: no '" + ROOT + "' section (" + e.getMessage() + ")", e);
    }
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      String key = e.getKey();
      if (!KEYS.contains(key) && !AnnotateConfig.KEYS.contains(key)
          && !EvaluationSection.holds(AfGateConfig.SECTION, AfGateConfig.KEYS, key)
          && !EvaluationSection.holds(SvtRunConfig.SECTION, SvtRunConfig.KEYS, key) && !key.startsWith(KEY_GATE + ".")
          && !key.startsWith(DecisionWeights.KEY + ".")
          && !key.startsWith(ExplainConfig.SECTION + ".")) {
        String renamed = ConfigLoader.kebabPath(key);
        throw new ConfigException("Unknown configuration key " + path(key)
            + (KEYS.contains(renamed) ? ": renamed to " + path(renamed)
                : " = " + e.getValue().render() + " (known keys: " + new TreeSet<>(KEYS) + ", " + new TreeSet<>(AnnotateConfig.KEYS) + ", "
                    + AfGateConfig.SECTION + "." + new TreeSet<>(AfGateConfig.KEYS) + ", " + SvtRunConfig.SECTION + "."
                    + new TreeSet<>(SvtRunConfig.KEYS) + ", " + DecisionWeights.KEY + ".<class> and " + KEY_GATE
                    + ".<metric>.max-drop|max-rise)"));
      }
    }
    return c;
  }

  /** {@value #KEY_CLASS_MAPPING}: {@code aami} or {@code bxb}. */
  static ClassMapping classMapping(Config c) {
    return ConfigLoader.enumValue(path(KEY_CLASS_MAPPING), ConfigLoader.get(path(KEY_CLASS_MAPPING), () -> c.getString(KEY_CLASS_MAPPING)),
        ClassMapping.class);
  }

  private static List<GateRule> gateRules(Config c) {
    List<GateRule> rules = new ArrayList<>();
    if (!c.hasPath(KEY_GATE)) {
      return rules;
    }
    ConfigObject gate = c.getObject(KEY_GATE);
    for (String name : new TreeSet<>(gate.keySet())) {
      ConfigValue v = gate.get(name);
      if (v.valueType() != ConfigValueType.OBJECT) {
        throw ConfigException.invalid(path(KEY_GATE + "." + name), v.render(), "{ max-drop = <fraction> } or { max-rise = <fraction> }");
      }
      ConfigObject o = (ConfigObject) v;
      for (String kind : new TreeSet<>(o.keySet())) {
        String key = ConfigUtil.joinPath(KEY_GATE, name, kind);
        String p = path(key);
        String metric = GateRule.metricOfConfigName(name, p);
        GateRule.Kind k = GateRule.Kind.ofKey(kind, p);
        double tolerance;
        try {
          tolerance = c.getDouble(key);
        } catch (com.typesafe.config.ConfigException e) {
          throw ConfigException.invalid(p, o.get(kind).unwrapped(), "a number (fraction, e.g. 0.01)");
        }
        rules.add(new GateRule(metric, k, tolerance));
      }
    }
    return rules;
  }
}
