package org.ecgplatform.evaluation.spark;

import com.typesafe.config.Config;
import java.util.function.Function;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;

/**
 * One block of the {@code evaluation} section ({@code af-gate}, {@code svt-run}): its values, read
 * with errors that name the full key, and the error for settings its classes refuse together.
 *
 * @param evaluation the {@code evaluation} section
 * @param name the block's name
 */
record EvaluationSection(Config evaluation, String name) {
  boolean getBoolean(String key) {
    return get(key, evaluation::getBoolean);
  }

  int getInt(String key) {
    return get(key, evaluation::getInt);
  }

  double getDouble(String key) {
    return get(key, evaluation::getDouble);
  }

  private <T> T get(String key, Function<String, T> getter) {
    String k = name + "." + key;
    return ConfigLoader.get(EvaluateConfig.path(k), () -> getter.apply(k));
  }

  /** Whether {@code key} (relative to the {@code evaluation} section) is one of block {@code name}'s {@code keys}. */
  static boolean holds(String name, java.util.Set<String> keys, String key) {
    return key.startsWith(name + ".") && keys.contains(key.substring(name.length() + 1));
  }

  /** A value or combination the block's classes refused ({@code e}), as an error naming the block. */
  static ConfigException invalid(String name, IllegalArgumentException e) {
    return new ConfigException("Invalid configuration " + EvaluateConfig.path(name) + ": " + e.getMessage(), e);
  }
}
