package org.ecgplatform.evaluation.spark;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.evaluation.rhythm.AfDetector;

/**
 * The irregular-rhythm gate of both modes ({@code evaluation.af-gate.*}, documented in {@code
 * reference.conf}): on by default (the cross-validated choice); on, no beat in an irregular, random rhythm is called S
 * ({@link org.ecgplatform.evaluation.rhythm.AfGate}).
 *
 * @param enabled whether the gate applies
 * @param detector the rhythm detector's settings (checked even when off)
 */
public record AfGateConfig(boolean enabled, AfDetector detector) implements Serializable {
  static final String SECTION = "af-gate";
  static final Set<String> KEYS = Set.of("enabled", "window-beats", "trim", "min-intervals", "min-nrmssd", "bins",
      "min-entropy", "max-turning-point-z");

  public AfGateConfig {
    Objects.requireNonNull(detector, "detector");
  }

  /** Whether {@code key} (relative to the {@code evaluation} section) is one of the gate's. */
  static boolean isKey(String key) {
    return key.startsWith(SECTION + ".") && KEYS.contains(key.substring(SECTION.length() + 1));
  }

  /** The defaults of {@code reference.conf} (on, trim 8). */
  public static AfGateConfig defaults() {
    return from(com.typesafe.config.ConfigFactory.defaultReference().getConfig(EvaluateConfig.ROOT));
  }

  /** Reads {@code af-gate.*} of the {@code evaluation} section. */
  static AfGateConfig from(Config evaluation) {
    boolean enabled = get(evaluation, "enabled", evaluation::getBoolean);
    try {
      return new AfGateConfig(enabled, new AfDetector(
          get(evaluation, "window-beats", evaluation::getInt),
          get(evaluation, "trim", evaluation::getInt),
          get(evaluation, "min-intervals", evaluation::getInt),
          get(evaluation, "min-nrmssd", evaluation::getDouble),
          get(evaluation, "bins", evaluation::getInt),
          get(evaluation, "min-entropy", evaluation::getDouble),
          get(evaluation, "max-turning-point-z", evaluation::getDouble)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Invalid configuration " + EvaluateConfig.path(SECTION) + ": " + e.getMessage(), e);
    }
  }

  private static <T> T get(Config c, String key, java.util.function.Function<String, T> getter) {
    String k = SECTION + "." + key;
    return ConfigLoader.get(EvaluateConfig.path(k), () -> getter.apply(k));
  }

  /** One line for the run's facts and logs. */
  public String describe() {
    if (!enabled) {
      return "off";
    }
    return String.format(Locale.ROOT,
        "on (window %d intervals, trim %d, at least %d; normalised RMSSD >= %s, entropy (%d bins) >= %s, |turning-point z| <= %s)",
        detector.windowBeats(), detector.trim(), detector.minIntervals(), detector.minNrmssd(), detector.bins(),
        detector.minEntropy(), detector.maxTurningPointZ());
  }
}
