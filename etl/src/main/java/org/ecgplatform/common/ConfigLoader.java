package org.ecgplatform.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.BadValue;
import com.typesafe.config.ConfigException.Missing;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
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
 * <p>Keys below the job's root (for example {@code etl}) that {@code reference.conf} does not know
 * are errors, so a typo never silently falls back to a default. Java system properties are not
 * consulted: what runs is what the files and the command line say.
 */
public final class ConfigLoader {
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
    for (String root : roots) {
      checkKnownKeys(user, reference, root);
    }
    return merged;
  }

  /** Parses {@code key=value} strings; a value that is not valid HOCON is taken as a string. */
  public static Config parseOverrides(List<String> overrides) {
    Config c = ConfigFactory.empty();
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("Invalid override '" + o + "' (expected key=value, e.g. etl.targetFsHz=250)");
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

  private static void checkKnownKeys(Config user, Config reference, String root) {
    if (!user.hasPath(root)) {
      return;
    }
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : user.getConfig(root).entrySet()) {
      String path = root + "." + e.getKey();
      if (!reference.hasPathOrNull(path) && !underFreeFormObject(reference, path)) {
        unknown.add(path);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          "Unknown configuration key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
              + " (see the documented keys in " + root + "'s reference.conf or run with --help)");
    }
  }

  /** Maps declared as {@code {}} in reference.conf (e.g. per-database settings) accept any key. */
  private static boolean underFreeFormObject(Config reference, String path) {
    List<String> parts = com.typesafe.config.ConfigUtil.splitPath(path);
    for (int n = parts.size() - 1; n >= 1; n--) {
      String p = com.typesafe.config.ConfigUtil.joinPath(parts.subList(0, n));
      if (reference.hasPath(p) && reference.getValue(p).valueType() == com.typesafe.config.ConfigValueType.OBJECT
          && reference.getConfig(p).isEmpty()) {
        return true;
      }
    }
    return false;
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

  /** The list of leaf keys of a subtree, sorted; for --help output. */
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

  public static List<String> keys(Config c) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      out.add(e.getKey() + " = " + e.getValue().render(ConfigRenderOptions.concise()));
    }
    out.sort(null);
    return out;
  }
}
