package org.ecgplatform.common;

import java.util.Map;

/**
 * Typed values of a flat key → string settings map (the synthetic generator's and the QRS
 * detector's); a value that does not parse is a {@link ConfigException} naming the key.
 */
public final class ConfigValues {
  private ConfigValues() {}

  public static double number(Map<String, String> values, String key) {
    String s = values.get(key).strip();
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key, s, "a number");
    }
  }

  public static int integer(Map<String, String> values, String key) {
    String s = values.get(key).strip();
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key, s, "an integer");
    }
  }

  public static long longInteger(Map<String, String> values, String key) {
    String s = values.get(key).strip();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key, s, "an integer");
    }
  }
}
