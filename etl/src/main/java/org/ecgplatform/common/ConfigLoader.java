package org.ecgplatform.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.BadValue;
import com.typesafe.config.ConfigException.Missing;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Loads a job's configuration from HOCON with one documented precedence, highest first:
 *
 * <ol>
 *   <li>{@code key=value} overrides from the command line;
 *   <li>the environment file ({@code conf/<env>.conf}, or any file given with {@code --config});
 *   <li>{@code conf/defaults.conf} when present beside the environment file;
 *   <li>the defaults in each module's {@code reference.conf} (every key documented there).
 * </ol>
 *
 * <p>Every project key is kebab-case ({@code etl.target-fs-hz}); Spark's own properties keep
 * Spark's names under {@code spark.conf}. Keys below the job's roots (for example {@code etl}) that
 * {@code reference.conf} does not know are errors, so a typo never silently falls back to a
 * default; an old camelCase key is reported with its new spelling ("Unknown configuration key
 * etl.targetFsHz: renamed to etl.target-fs-hz"). Java system properties are not consulted: what
 * runs is what the files and the command line say.
 */
public final class ConfigLoader {
  /**
   * The top-level keys of the project's configuration, one per job plus {@code spark}. A key under
   * any other root is an error. A job validates its own roots and leaves the others' keys to them
   * (pipeline.sh passes every override to every stage).
   */
  public static final List<String> ROOTS = List.of("etl", "spark", "synth", "training", "evaluation");

  /**
   * Maps of reference.conf that come with default entries but accept any key, because their keys
   * are data: database names ({@code etl.split.presets}) and metric names ({@code evaluation.gate},
   * validated by the evaluation job). Maps declared empty ({@code spark.conf {}}) need no entry.
   */
  static final Set<String> MAPS = Set.of("etl.split.presets", "evaluation.gate");

  private ConfigLoader() {}

  /**
   * Merges overrides, environment file and reference defaults, and checks every key under {@code
   * roots} against the reference.
   *
   * @param envFile the environment file, or null for defaults only
   * @param overrides {@code key=value} strings (HOCON values; plain strings need no quotes)
   * @param roots the config roots this job owns and validates, e.g. {@code "etl"}
   */
  public static Config load(File envFile, List<String> overrides, String... roots) {
    Config reference = ConfigFactory.defaultReference();
    Config cli = parseOverrides(overrides);
    Config env = ConfigFactory.empty();
    if (envFile != null) {
      if (!envFile.isFile()) {
        throw new ConfigException(
            "Cannot read configuration: file " + envFile + " does not exist (environments live in conf/: local, standalone, yarn, k8s)");
      }
      env = parseFile(envFile);
      File defaults = new File(envFile.getAbsoluteFile().getParentFile(), "defaults.conf");
      if (defaults.isFile() && !defaults.equals(envFile.getAbsoluteFile())) {
        env = env.withFallback(parseFile(defaults));
      }
    }
    Config user = cli.withFallback(env);
    Config merged;
    try {
      merged = user.withFallback(reference).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot resolve configuration: " + e.getMessage(), e);
    }
    checkKnownKeys(user, reference, roots);
    return merged;
  }

  /** Parses {@code key=value} strings; a value that is not valid HOCON is taken as a string. */
  public static Config parseOverrides(List<String> overrides) {
    Config c = ConfigFactory.empty();
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("Invalid override '" + o + "' (expected key=value, e.g. etl.target-fs-hz=250)");
      }
      String key = o.substring(0, eq).trim();
      String value = o.substring(eq + 1).trim();
      Config one;
      try {
        one = ConfigFactory.parseString(key + " = " + value, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
      } catch (com.typesafe.config.ConfigException e) {
        one = ConfigFactory.empty().withValue(key, com.typesafe.config.ConfigValueFactory.fromAnyRef(value));
      }
      c = one.withFallback(c);
    }
    return c;
  }

  private static Config parseFile(File f) {
    try {
      return ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot read configuration file " + f + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks the user's keys (command line, environment file, conf/defaults.conf) against the
   * reference: a top-level key must be a {@linkplain #ROOTS project root}, and every key under one
   * of the job's {@code roots} must be documented in reference.conf or lie below a {@linkplain
   * #isMap map}. An unknown key whose kebab-case spelling is known (an old camelCase key such as
   * {@code etl.targetFsHz}) is reported with its new name.
   */
  private static void checkKnownKeys(Config user, Config reference, String... roots) {
    List<String> problems = new ArrayList<>();
    for (String top : new TreeSet<>(user.root().keySet())) {
      if (!ROOTS.contains(top)) {
        problems.add(unknownRoot(top, user, reference, roots));
      }
    }
    for (String root : roots) {
      if (!user.hasPath(root) || user.getValue(root).valueType() != ConfigValueType.OBJECT) {
        continue;
      }
      Set<String> paths = new TreeSet<>();
      for (Map.Entry<String, ConfigValue> e : user.getConfig(root).entrySet()) {
        paths.add(root + "." + e.getKey());
      }
      for (String path : paths) {
        if (reference.hasPathOrNull(path) || isMap(reference, path)) {
          continue;
        }
        String renamed = kebabPath(path);
        problems.add(!renamed.equals(path) && (reference.hasPathOrNull(renamed) || isMap(reference, renamed))
            ? path + ": renamed to " + renamed
            : path);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("Unknown configuration key" + (problems.size() > 1 ? "s " : " ")
          + String.join("; ", problems) + " (every key is documented in its module's reference.conf; --print-config"
          + " shows the effective values)");
    }
  }

  private static String unknownRoot(String top, Config user, Config reference, String... roots) {
    List<String> leaves = new ArrayList<>();
    ConfigValue v = user.root().get(top);
    if (v.valueType() == ConfigValueType.OBJECT) {
      for (Map.Entry<String, ConfigValue> e : user.getConfig(ConfigUtil.joinPath(top)).entrySet()) {
        leaves.add(ConfigUtil.joinPath(top) + "." + e.getKey());
      }
    } else {
      leaves.add(ConfigUtil.joinPath(top));
    }
    for (String root : roots) {
      for (String leaf : leaves) {
        String candidate = kebabPath(root + "." + leaf);
        if (reference.hasPathOrNull(candidate)) {
          return String.join(", ", leaves) + ": keys start with their root, did you mean " + candidate + "?";
        }
      }
    }
    return String.join(", ", leaves) + ": keys start with one of " + String.join(", ", ROOTS);
  }

  /**
   * Whether {@code path} lies below a map of reference.conf, whose keys are data rather than
   * configuration names and are validated by the job that reads them: an object declared {@code {}}
   * (e.g. {@code spark.conf}, Spark's own property names) or one of {@link #MAPS}.
   */
  private static boolean isMap(Config reference, String path) {
    List<String> parts = ConfigUtil.splitPath(path);
    for (int n = parts.size() - 1; n >= 1; n--) {
      String p = ConfigUtil.joinPath(parts.subList(0, n));
      if (MAPS.contains(p)) {
        return true;
      }
      if (reference.hasPath(p) && reference.getValue(p).valueType() == ConfigValueType.OBJECT
          && reference.getConfig(p).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** {@code path} with every segment in kebab-case ({@link #kebabCase}); quoted segments keep their quotes. */
  public static String kebabPath(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : ConfigUtil.splitPath(path)) {
      parts.add(kebabCase(part));
    }
    return ConfigUtil.joinPath(parts);
  }

  /**
   * The kebab-case spelling of a camelCase name, the one style of every project key: a hyphen
   * before each upper-case letter that starts a word, then lower case ({@code targetFsHz} becomes
   * {@code target-fs-hz}, {@code macroF1} {@code macro-f1}, {@code f1N} {@code f1-n}). A run of
   * capitals is one word ({@code maxRRInterval} becomes {@code max-rr-interval}).
   */
  public static String kebabCase(String name) {
    StringBuilder b = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        char prev = i > 0 ? name.charAt(i - 1) : '-';
        boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        boolean startsWord = Character.isLowerCase(prev) || Character.isDigit(prev)
            || (Character.isUpperCase(prev) && nextLower);
        if (startsWord) {
          b.append('-');
        }
        b.append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Renders a config subtree as compact JSON, for manifests and logs. */
  public static String toJson(Config c) {
    return c.root().render(ConfigRenderOptions.concise());
  }

  /** Reads a typed value and turns Typesafe's exceptions into {@link ConfigException}s naming the key. */
  public static <T> T get(String key, Supplier<T> getter) {
    try {
      return getter.get();
    } catch (Missing e) {
      throw new ConfigException("Missing configuration key " + key + " (set it in conf/ or as " + key + "=…)", e);
    } catch (WrongType | BadValue e) {
      throw new ConfigException("Invalid value for " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * The constant of {@code type} named {@code value} (any case, surrounding blanks ignored).
   *
   * @throws ConfigException naming {@code key}, the value and the accepted names
   */
  public static <E extends Enum<E>> E enumValue(String key, String value, Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
      names.add(e.name().toLowerCase(java.util.Locale.ROOT));
    }
    throw ConfigException.invalid(key, value, "one of " + String.join(", ", names));
  }

  /** The list of leaf keys of a subtree with their values, sorted; for --help output. */
  public static List<String> keys(Config c) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      out.add(e.getKey() + " = " + e.getValue().render(ConfigRenderOptions.concise()));
    }
    out.sort(null);
    return out;
  }
}
